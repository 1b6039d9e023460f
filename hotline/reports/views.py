"""KPI dashboards and the monthly operations analysis report (§7). Thin: parse, select, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hotline.core import params, periods
from hotline.core.kpi import DEFINITIONS, KpiSettings
from hotline.jobs.services import in_background
from hotline.org.access import is_admin
from hotline.org.formats import month_label
from hotline.org.models import Center

from . import services
from .access import can_read_report, can_write_commentary, home_center, kpi_calls
from .report import build_report
from .selectors import (
    DIMENSIONS,
    PERIODS,
    kpi_sources,
    kpi_table,
    period_start,
    target_series,
)
from .tasks import monthly_file_start

DIMENSION_LABELS = {
    "center": gettext_lazy("中心"), "skill": gettext_lazy("技能"), "company": gettext_lazy("公司"),
    "team": gettext_lazy("班组"), "agent": gettext_lazy("座席"),
}  # fmt: skip
PERIOD_LABELS = {"day": gettext_lazy("日"), "week": gettext_lazy("周"), "month": gettext_lazy("月")}
SHOWN = (
    "offered",
    "answered",
    "abandoned",
    "abandonment_rate",
    "service_level",
    "asa",
    "aht",
    "fcr",
    "satisfaction",
)


def _date(text: str | None, default: dt.date, field: str) -> dt.date:
    return params.parse_date(text, field=field, default=default)


def _month(text: str | None) -> dt.date:
    return periods.parse_month(text, today=timezone.localdate())


def _center(request) -> Center | None:
    if is_admin(request.user) and request.GET.get("center"):
        return get_object_or_404(Center, pk=params.parse_id(request.GET["center"], field="center"))
    return home_center(request.user)


@login_required
def dashboard(request):
    center = _center(request)
    if kpi_calls(request.user, center) is None:
        raise PermissionDenied
    last_month = _month(None)
    date_to = _date(
        request.GET.get("date_to"),
        (last_month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1),
        "date_to",
    )
    date_from = _date(request.GET.get("date_from"), last_month, "date_from")
    by = request.GET.get("by") if request.GET.get("by") in DIMENSIONS else "team"
    period = request.GET.get("period") if request.GET.get("period") in PERIODS else "day"
    settings = KpiSettings(
        answer_time=params.parse_float(
            request.GET.get("answer_time"), field="answer_time", default=20, min=0, max=3600
        ),
        short_abandon=params.parse_float(
            request.GET.get("short_abandon"), field="short_abandon", default=5, min=0, max=3600
        ),
    )
    group = request.GET.get("group", "")
    group = group if by in ("center", "skill", "company", "team") else ""

    def source(agentless: bool, period=None):  # the rollups at the default thresholds, else the calls (§7)
        agentless = agentless and not (group and by in ("company", "team"))
        parts = kpi_sources(
            lambda model: kpi_calls(request.user, center, model), date_from, date_to, settings,
            agentless=agentless, period=period,
        )  # fmt: skip
        return [qs.filter(**{DIMENSIONS[by][0]: group}) for qs in parts] if group else parts

    summary = kpi_table(source(True), settings=settings)
    rows = kpi_table(source(by in ("center", "skill")), by=by, settings=settings)
    trend = kpi_table(source(True, period), period=period, settings=settings)
    starts = [period_start(period, r.group) for r in trend]
    targets = target_series(center.pk if center else None, starts)
    english = (get_language() or "").startswith("en")
    chart = {
        "labels": [
            month_label(d.year, d.month) if period == "month" else r.group
            for r, d in zip(trend, starts, strict=True)
        ],
        "offered": [r.offered for r in trend],
        "abandoned": [r.abandoned for r in trend],
        "abandonment_rate": [r.abandonment_rate for r in trend],
        "service_level": [r.service_level for r in trend],
        "aht": [r.aht for r in trend],
        "fcr": [r.fcr for r in trend],
        "targets": targets,
        "names": {d.key: d.name_en if english else d.name_zh for d in DEFINITIONS},
        "words": {"target": _("目标"), "seconds": _("（秒）")},
    }
    defs = [d for d in DEFINITIONS if d.key in SHOWN]
    return render(request, "reports/dashboard.html", {
        "center": center, "centers": Center.objects.all() if is_admin(request.user) else [],
        "by": by, "period": period, "date_from": date_from, "date_to": date_to, "group": group,
        "dimensions": [(k, DIMENSION_LABELS[k]) for k in DIMENSIONS], "periods": [(k, PERIOD_LABELS[k]) for k in PERIODS],
        "summary": summary[0] if summary else None, "rows": rows, "chart": chart, "defs": defs, "settings": settings,
    })  # fmt: skip


def _report_center(request, pk: int) -> Center:
    center = get_object_or_404(Center, pk=pk)
    if not can_read_report(request.user, center):
        raise PermissionDenied
    return center


@login_required
def report_index(request):
    center = home_center(request.user)
    if center is None or not can_read_report(request.user, center):
        raise PermissionDenied
    month = _month(request.GET.get("month"))
    return HttpResponseRedirect(reverse("reports:monthly", args=[center.pk, f"{month:%Y-%m}"]))


@login_required
def monthly(request, pk: int, month: str):
    center = _report_center(request, pk)
    m = _month(month)
    if request.method == "POST":
        if not can_write_commentary(request.user, center):
            raise PermissionDenied
        services.commentary_save(
            center=center, month=m, text=request.POST.get("commentary", ""), actor=request.user
        )
        messages.success(request, _("点评已保存"))
        return HttpResponseRedirect(reverse("reports:monthly", args=[center.pk, f"{m:%Y-%m}"]))
    report = build_report(center, m)
    return render(request, "reports/monthly.html", {
        "r": report, "center": center, "month": m, "can_write": can_write_commentary(request.user, center),
        "centers": Center.objects.all() if is_admin(request.user) else [],
    })  # fmt: skip


@login_required
def monthly_pdf(request, pk: int, month: str):
    center = _report_center(request, pk)
    from .export import report_pdf

    m = _month(month)
    if in_background():  # the production path: a worker builds it, the page follows the job
        job = monthly_file_start(center=center, month=m, fmt="pdf", actor=request.user)
        return HttpResponseRedirect(reverse("jobs:follow", args=[job.pk]))
    resp = HttpResponse(report_pdf(build_report(center, m)), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="report-{center.code}-{m:%Y-%m}.pdf"'
    return resp


@login_required
def monthly_xlsx(request, pk: int, month: str):
    center = _report_center(request, pk)
    from .export import report_xlsx

    m = _month(month)
    if in_background():
        job = monthly_file_start(center=center, month=m, fmt="xlsx", actor=request.user)
        return HttpResponseRedirect(reverse("jobs:follow", args=[job.pk]))
    resp = HttpResponse(
        report_xlsx(build_report(center, m)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="report-{center.code}-{m:%Y-%m}.xlsx"'
    return resp
