"""The national monthly operations report (§7, seed 003 全国呼叫中心运营分析报告): every center side by
side in each section, gathered once and shown as a page, a PDF, an XLSX and ``hotline report national``.

Part 1 (关键指标达成情况): 一 volume and abandonment per center with month-on-month change and six-month
trends; 二 AHT per center against target; 三 resolution for the calls each target is set on (the
target's skill / reason filter) by company against target; 四 satisfaction per center from the
multi-item survey with sample sizes, and customers' suggestions grouped by theme with the action
taken. Part 2: 建设进展 (an editable text per center). Each section carries commentary.

KPIs are those of ``hotline kpi`` (``hotline.core.kpi``, aggregated by ``selectors.kpi_table``) with
each center's own answer-time and short-abandon settings in force on the month's first day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from hotline.calls.models import Call
from hotline.core.kpi import KpiRow, KpiSettings
from hotline.core.national import ItemShare, ThemeGroup, change, group_suggestions, item_shares
from hotline.core.periods import month_bounds
from hotline.org.formats import month_label
from hotline.org.models import Center, Company
from hotline.performance import selectors as perf

from .charts import Series, svg_chart, svg_hbars
from .models import NationalNote, Survey, SurveyAnswer, SurveyReply
from .selectors import Target, center_settings, kpi_table, target_calls, target_for

TREND_MONTHS = 6


def months_back(first: dt.date, n: int) -> dt.date:
    y, m = first.year, first.month - n
    while m <= 0:
        y, m = y - 1, m + 12
    return dt.date(y, m, 1)


@dataclass
class CompanyLine:
    name: str
    fcr: float | None
    n: int
    target: float
    meets: bool | None
    calls_on: str  # what the target is measured on, readable ("技能：维修")


@dataclass
class CenterPart:
    center: Center
    settings: KpiSettings
    row: KpiRow | None
    previous: KpiRow | None
    trend: list[KpiRow | None]  # one per month of National.trend_months
    offered_change: float | None
    abandonment_change: float | None
    aht_change: float | None
    abandonment_target: float | None
    aht_target: float | None
    fcr_target: float | None
    fcr_on: str
    fcr_total: float | None
    fcr_n: int
    companies: list[CompanyLine]
    sat_target: float | None
    respondents: int
    items: list[ItemShare]
    notes: dict[str, str] = field(default_factory=dict)
    charts: dict[str, str] = field(default_factory=dict)

    @property
    def aht_meets(self) -> bool | None:
        if self.row is None or self.row.aht is None or self.aht_target is None:
            return None
        return self.row.aht <= self.aht_target

    @property
    def abandonment_meets(self) -> bool | None:
        if self.row is None or self.row.abandonment_rate is None or self.abandonment_target is None:
            return None
        return self.row.abandonment_rate <= self.abandonment_target


@dataclass
class Theme:
    group: ThemeGroup
    action: str


@dataclass
class National:
    month: dt.date
    last_day: dt.date
    centers: list[CenterPart]
    trend_months: list[dt.date]
    survey: Survey | None
    item_labels: dict[str, str]
    themes: list[Theme]
    notes: dict[str, str]  # the national text of each section (shown to national readers only)
    national_view: bool
    charts: dict[str, str] = field(default_factory=dict)

    @property
    def trend_labels(self) -> list[str]:
        return [month_label(m.year, m.month) for m in self.trend_months]


def _calls_on(t: Target | None) -> str:
    parts = []
    if t is not None and t.skill_filter:
        parts.append(_("技能：%(s)s") % {"s": t.skill_filter})
    if t is not None and t.reason_filter:
        parts.append(_("归档原因：%(r)s…") % {"r": t.reason_filter})
    return "，".join(parts) or _("全部接通电话")


def _survey_for(centers: list[Center], first: dt.date, last: dt.date) -> Survey | None:
    """The survey with the most replies of these centers in the month."""
    counts: dict[int, int] = {}
    for sid in SurveyReply.objects.filter(center__in=centers, date__range=(first, last)).values_list(
        "survey_id", flat=True
    ):
        counts[sid] = counts.get(sid, 0) + 1
    if not counts:
        return None
    return Survey.objects.get(pk=max(counts, key=lambda k: (counts[k], -k)))


def _notes(first: dt.date, centers: list[Center]) -> tuple[dict[str, str], dict[int, dict[str, str]]]:
    national: dict[str, str] = {}
    per_center: dict[int, dict[str, str]] = {}
    for n in NationalNote.objects.filter(month=first).filter(Q(center__in=centers) | Q(center__isnull=True)):
        if n.center_id is None:
            national[n.section] = n.text
        else:
            per_center.setdefault(n.center_id, {})[n.section] = n.text
    return national, per_center


def _center_part(center: Center, first: dt.date, last: dt.date, months: list[dt.date]) -> CenterPart:
    s = center_settings(center, first)
    calls = Call.objects.filter(center=center)
    in_month = calls.filter(local_date__range=(first, last))
    row = (kpi_table(in_month, settings=s) or [None])[0]
    prev_first = months_back(first, 1)
    previous = (kpi_table(calls.filter(local_date__range=(prev_first, first - dt.timedelta(days=1))), settings=s) or [None])[0]  # fmt: skip
    by_month = {
        r.group: r
        for r in kpi_table(calls.filter(local_date__range=(months[0], last)), period="month", settings=s)
    }
    trend = [by_month.get(f"{m:%Y-%m}") for m in months]
    t_ab = target_for("abandonment_rate", center_id=center.pk, on=first)
    t_aht = target_for("aht", center_id=center.pk, on=first)
    t_fcr = target_for("fcr", center_id=center.pk, on=first)
    t_sat = target_for("satisfaction", center_id=center.pk, on=first)
    fcr_row = (kpi_table(target_calls(in_month, t_fcr), settings=s) or [None])[0]
    companies = []
    for company in Company.objects.filter(center=center):
        t = target_for("fcr", center_id=center.pk, on=first, scope=f"company:{company.name}") or t_fcr
        r = (kpi_table(target_calls(in_month.filter(agent__company=company), t), settings=s) or [None])[0]
        fcr, n = (r.fcr, r.fcr_n) if r else (None, 0)
        companies.append(
            CompanyLine(company.name, fcr, n, t.value, None if fcr is None else fcr >= t.value, _calls_on(t))
        )
    return CenterPart(
        center=center, settings=s, row=row, previous=previous, trend=trend,
        offered_change=change(row.offered if row else None, previous.offered if previous else None),
        abandonment_change=change(row.abandonment_rate if row else None,
                                  previous.abandonment_rate if previous else None, rate=True),
        aht_change=change(row.aht if row else None, previous.aht if previous else None),
        abandonment_target=t_ab.value if t_ab else None, aht_target=t_aht.value if t_aht else None,
        fcr_target=t_fcr.value if t_fcr else None, fcr_on=_calls_on(t_fcr),
        fcr_total=fcr_row.fcr if fcr_row else None, fcr_n=fcr_row.fcr_n if fcr_row else 0,
        companies=companies, sat_target=t_sat.value if t_sat else None, respondents=0, items=[],
    )  # fmt: skip


def build_national(month: dt.date, centers: list[Center], *, national_view: bool) -> National:
    """The report of ``month`` over ``centers`` (in pinyin order). ``national_view``: the reader sees
    every center (national texts and the actions on suggestions are shown)."""
    first, last = month_bounds(month)
    centers = sorted(centers, key=lambda c: (c.sort_key, c.name))
    months = [months_back(first, k) for k in range(TREND_MONTHS - 1, -1, -1)]
    parts = [_center_part(c, first, last, months) for c in centers]
    survey = _survey_for(centers, first, last)
    labels: dict[str, str] = {}
    if survey is not None:
        items = list(survey.items.all())
        labels = {i.code: i.label for i in items}
        answers = SurveyAnswer.objects.filter(
            reply__survey=survey, reply__date__range=(first, last), reply__center__in=centers
        ).values_list("reply__center_id", "item__code", "satisfied")
        grouped: dict[int, list[tuple[str, bool]]] = {}
        for cid, code, ok in answers:
            grouped.setdefault(cid, []).append((code, ok))
        replies = SurveyReply.objects.filter(survey=survey, date__range=(first, last))
        for p in parts:
            p.items = item_shares(labels, grouped.get(p.center.pk, []))
            p.respondents = replies.filter(center=p.center).count()
    else:  # the single yes/no surveys of the monthly report, as one item
        labels = {"overall": _("总体满意度")}
        for p in parts:
            n, yes = perf.survey_summary(p.center.pk, first, last)
            p.items = item_shares(["overall"], [("overall", True)] * yes + [("overall", False)] * (n - yes))
            p.respondents = n
    rows = list(
        SurveyReply.objects.filter(center__in=centers, date__range=(first, last))
        .exclude(suggestion="")
        .values_list("theme", "suggestion")
    )
    for c in centers:
        rows += [("", text) for _d, _ok, text in perf.survey_verbatims(c.pk, first, last, limit=200)]
    national, per_center = _notes(first, centers)
    for p in parts:
        p.notes = per_center.get(p.center.pk, {})
    themes = [Theme(g, national.get(f"action:{g.theme}", "")) for g in group_suggestions(rows)]
    rep = National(
        month=first, last_day=last, centers=parts, trend_months=months, survey=survey, item_labels=labels,
        themes=themes, notes=national if national_view else {}, national_view=national_view,
    )  # fmt: skip
    _charts(rep)
    return rep


def _charts(r: National) -> None:
    labels = [f"{m:%Y-%m}" for m in r.trend_months]
    for p in r.centers:
        p.charts["volume"] = svg_chart(
            labels,
            [Series(_("呼入量"), [t.offered if t else None for t in p.trend], "bar"),
             Series(_("放弃量"), [t.abandoned if t else None for t in p.trend], "bar")],
            title=_("%(c)s 呼入量（近六个月）") % {"c": p.center.name}, height=200,
        )  # fmt: skip
        ab = [Series(_("放弃率"), [t.abandonment_rate if t else None for t in p.trend])]
        if p.abandonment_target is not None:
            ab.append(Series(_("目标"), [p.abandonment_target] * len(labels), "target", "#1d2530"))
        p.charts["abandonment"] = svg_chart(
            labels, ab, title=_("%(c)s 放弃率与目标") % {"c": p.center.name}, percent=True, height=200
        )
        if p.companies:
            p.charts["fcr"] = svg_hbars(
                [c.name for c in p.companies], [c.fcr for c in p.companies], target=p.fcr_target,
                title=_("%(c)s 各公司人工解决率") % {"c": p.center.name}, target_label=_("目标"),
            )  # fmt: skip
        if p.items:
            p.charts["satisfaction"] = svg_hbars(
                [r.item_labels.get(i.item, i.item) for i in p.items], [i.share for i in p.items],
                target=p.sat_target, title=_("%(c)s 各项满意度") % {"c": p.center.name}, target_label=_("目标"),
            )  # fmt: skip
    aht = [Series(p.center.name, [t.aht if t else None for t in p.trend]) for p in r.centers]
    targets = {p.aht_target for p in r.centers if p.aht_target is not None}
    if len(targets) == 1:
        aht.append(Series(_("目标"), [targets.pop()] * len(labels), "target", "#1d2530"))
    r.charts["aht"] = svg_chart(labels, aht, title=_("各中心平均处理时长（秒）"))
