"""Report files as background jobs (issue 16 item 4): the monthly report and the national report as
PDF or XLSX, built by a worker and kept on the job (``jobs.JobFile``) for the page to hand out.

A page starts them only on the production path (``hotline.jobs.services.in_background``); without a
broker the views build the file in the request as before. The job builds the file in the language of
the person who asked (``lang``); access was checked by the view that started it."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hotline.jobs.registry import register
from hotline.jobs.services import job_file_store, job_start
from hotline.org.models import Center, Role

from .access import CENTER_ROLES

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _monthly_file(job, ctx) -> dict:
    from .export import report_pdf, report_xlsx
    from .report import build_report

    p = job.params
    center = Center.objects.get(pk=p["center"])
    month = dt.date.fromisoformat(p["month"])
    with translation.override(p.get("lang") or None):
        ctx.progress(0, 2)
        report = build_report(center, month)
        ctx.progress(1, 2)
        data = report_pdf(report) if p["fmt"] == "pdf" else report_xlsx(report)
    name = f"report-{center.code}-{month:%Y-%m}.{p['fmt']}"
    return job_file_store(job, name=name, content_type=PDF if p["fmt"] == "pdf" else XLSX, data=data,
                          inline=p["fmt"] == "pdf")  # fmt: skip


def _national_file(job, ctx) -> dict:
    from .export_national import national_pdf, national_xlsx
    from .national import build_national

    p = job.params
    order = {pk: i for i, pk in enumerate(p["centers"])}
    centers = sorted(Center.objects.filter(pk__in=p["centers"]), key=lambda c: order[c.pk])
    month = dt.date.fromisoformat(p["month"])
    with translation.override(p.get("lang") or None):
        ctx.progress(0, 2)
        r = build_national(month, centers, national_view=bool(p.get("national_view")))
        ctx.progress(1, 2)
        data = national_pdf(r) if p["fmt"] == "pdf" else national_xlsx(r)
    name = f"national-report-{month:%Y-%m}.{p['fmt']}"
    return job_file_store(job, name=name, content_type=PDF if p["fmt"] == "pdf" else XLSX, data=data,
                          inline=p["fmt"] == "pdf")  # fmt: skip


register("reports.monthly_file", run=_monthly_file, label=_("生成月度报告文件"), roles=CENTER_ROLES)
register("reports.national_file", run=_national_file, label=_("生成全国报告文件"), roles=(Role.NATIONAL,))


def monthly_file_start(*, center: Center, month: dt.date, fmt: str, actor):
    """Queue the monthly report file of ``center`` (``fmt`` pdf or xlsx); the running one of the same
    inputs is returned instead of a second."""
    lang = translation.get_language() or ""
    back = reverse("reports:monthly", args=[center.pk, f"{month:%Y-%m}"])
    job, _started = job_start(
        kind="reports.monthly_file", scope=f"center={center.pk}:{month:%Y-%m}:{fmt}:{lang}",
        params={"center": center.pk, "month": month.isoformat(), "fmt": fmt, "lang": lang, "back": back},
        center=center, actor=actor,
    )  # fmt: skip
    return job


def national_file_start(*, month: dt.date, centers: list[Center], national_view: bool, fmt: str, actor):
    """Queue the national report file over ``centers`` (as the reader sees them)."""
    lang = translation.get_language() or ""
    ids = [c.pk for c in centers]
    which = hashlib.sha256(f"{ids}:{national_view}".encode()).hexdigest()[:16]
    back = reverse("reports:national", args=[f"{month:%Y-%m}"])
    job, _started = job_start(
        kind="reports.national_file", scope=f"national:{month:%Y-%m}:{fmt}:{lang}:{which}",
        params={"centers": ids, "month": month.isoformat(), "fmt": fmt, "lang": lang,
                "national_view": bool(national_view), "back": back},
        actor=actor,
    )  # fmt: skip
    return job
