"""The monthly operations analysis report of a center (§7 运营分析报告): gathered once, shown as a
page, a PDF and an XLSX. Reads calls through KPI selectors, surveys and QA scores only through the
performance app's selectors (which reach the quality app's selectors when they exist)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hotline.calls.models import Call
from hotline.core.kpi import DEFINITIONS, KpiRow, ratio
from hotline.core.periods import month_bounds
from hotline.org.models import Center, Person, Role
from hotline.performance import selectors as perf

from .charts import Series, svg_chart, svg_hbars
from .models import MonthlyReport
from .selectors import center_settings, kpi_sources, kpi_table, target_calls, target_for


@dataclass
class CompanyLine:
    name: str
    fcr: float | None
    n: int
    target: float
    meets: bool | None


@dataclass
class Report:
    center: Center
    month: dt.date
    last_day: dt.date
    month_row: KpiRow | None
    previous_row: KpiRow | None
    days: list[KpiRow]
    months: list[KpiRow]  # six months up to this one
    aht_target: float | None
    fcr_target: float
    companies: list[CompanyLine]
    sat_target: float
    sat_n: int
    sat_share: float | None
    sat_source: str  # "surveys" or "calls"
    verbatims: list[tuple[dt.date, bool, str]]
    qa_mean: float | None
    qa_n: int
    qa_low: list[tuple[str, float]]
    commentary: str
    commentary_by: str = ""
    charts: dict[str, str] = field(default_factory=dict)
    definitions: tuple = DEFINITIONS


def _months_back(first: dt.date, n: int) -> dt.date:
    y, m = first.year, first.month - n
    while m <= 0:
        y, m = y - 1, m + 12
    return dt.date(y, m, 1)


def build_report(center: Center, month: dt.date) -> Report:
    first, last = month_bounds(month)
    s = center_settings(center, first)  # the center's own thresholds, as the national report

    def source(lo: dt.date, hi: dt.date, *, agentless: bool = True, period: str | None = None):
        # the rollups hold the default thresholds (months for whole months); other settings read the calls
        return kpi_sources(
            lambda model: model.objects.filter(center=center), lo, hi, s, agentless=agentless, period=period
        )

    month_rows = kpi_table(source(first, last), settings=s)
    prev_first = _months_back(first, 1)
    prev_rows = kpi_table(source(prev_first, first - dt.timedelta(days=1)), settings=s)
    days = kpi_table(source(first, last, period="day"), period="day", settings=s)
    months = kpi_table(source(_months_back(first, 5), last, period="month"), period="month", settings=s)
    aht_t = target_for("aht", center_id=center.pk, on=first)
    fcr_t = target_for("fcr", center_id=center.pk, on=first)
    sat_t = target_for("satisfaction", center_id=center.pk, on=first)
    companies = []
    by_agent = [qs.filter(agent__company__isnull=False) for qs in source(first, last, agentless=False)]
    month_calls = Call.objects.filter(center=center, local_date__range=(first, last))
    for r in kpi_table(by_agent, by="company", settings=s):
        t = target_for("fcr", center_id=center.pk, on=first, scope=f"company:{r.group}") or fcr_t
        if t.skill_filter or t.reason_filter:  # measured on the calls the target is set on (§7)
            on = kpi_table(target_calls(month_calls.filter(agent__company__name=r.group), t), settings=s)
            fcr, n = (on[0].fcr, on[0].fcr_n) if on else (None, 0)
        else:
            fcr, n = r.fcr, r.fcr_n
        companies.append(CompanyLine(r.group, fcr, n, t.value, None if fcr is None else fcr >= t.value))
    n, yes = perf.survey_summary(center.pk, first, last)
    source = "surveys"
    if n == 0 and month_rows:
        n, yes, source = (
            month_rows[0].satisfaction_n,
            round((month_rows[0].satisfaction or 0) * month_rows[0].satisfaction_n),
            "calls",
        )
    agents = list(Person.objects.filter(center=center, role=Role.AGENT, active=True))
    qa = {k: v for k, v in perf.qa_scores(agents, first).items() if v is not None}
    names = {p.pk: f"{p.name}（{p.work_number}）" for p in agents}
    qa_low = sorted(((names.get(k, str(k)), v) for k, v in qa.items()), key=lambda x: x[1])[:5]
    mr = MonthlyReport.objects.filter(center=center, month=first).select_related("updated_by").first()
    rep = Report(
        center=center, month=first, last_day=last, month_row=month_rows[0] if month_rows else None,
        previous_row=prev_rows[0] if prev_rows else None, days=days, months=months,
        aht_target=aht_t.value if aht_t else None, fcr_target=fcr_t.value, companies=companies,
        sat_target=sat_t.value, sat_n=n, sat_share=ratio(yes, n), sat_source=source,
        verbatims=perf.survey_verbatims(center.pk, first, last), qa_mean=ratio(sum(qa.values()), len(qa)),
        qa_n=len(qa), qa_low=qa_low, commentary=mr.commentary if mr else "",
        commentary_by=(mr.updated_by.get_username() if mr and mr.updated_by else ""),
    )  # fmt: skip
    rep.charts = _charts(rep)
    return rep


def _charts(r: Report) -> dict[str, str]:
    labels = [d.group[5:] for d in r.days]  # MM-DD
    charts = {
        "volume": svg_chart(
            labels,
            [Series(_("呼入量"), [d.offered for d in r.days], "bar"), Series(_("放弃量"), [d.abandoned for d in r.days], "bar")],
            title=_("每日呼入量与放弃量"),
        ),
        "abandonment": svg_chart(
            labels,
            [
                Series(_("放弃率"), [d.abandonment_rate for d in r.days]),
                Series(_("服务水平"), [d.service_level for d in r.days]),
            ],
            title=_("每日放弃率与服务水平"), percent=True,
        ),
    }  # fmt: skip
    aht_series = [Series(_("平均处理时长（秒）"), [d.aht for d in r.days])]
    if r.aht_target is not None:
        aht_series.append(Series(_("目标"), [r.aht_target] * len(r.days), "target", "#1d2530"))
    charts["aht"] = svg_chart(labels, aht_series, title=_("平均处理时长与目标"))
    if r.companies:
        charts["fcr"] = svg_hbars(
            [c.name for c in r.companies], [c.fcr for c in r.companies], target=r.fcr_target,
            title=_("各公司人工解决率"), target_label=_("目标"),
        )  # fmt: skip
    return charts
