"""The national monthly report (§7, seed 003): ``/reports/national/<YYYY-MM>/`` with its PDF and XLSX,
and ``/reports/national/surveys/`` (survey definitions and results import). Thin: parse, check
``access``, call one builder or service, render."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hotline.core import params, periods
from hotline.core.errors import InvalidInput
from hotline.jobs.services import in_background
from hotline.org.models import Center

from . import services_national as svc
from .access import (
    can_define_surveys,
    can_write_national,
    national_centers,
    sees_all_centers,
    survey_import_centers,
)
from .models import Survey
from .national import build_national
from .tasks import national_file_start

MAX_UPLOAD = 20 * 1024 * 1024


def _month(text: str | None):
    return periods.parse_month(text, today=timezone.localdate())


def _centers(request) -> list[Center]:
    """The centers this reader sees; ``?center=code`` narrows to one (refused when not theirs)."""
    centers = national_centers(request.user)
    if centers is None:
        raise PermissionDenied
    code = request.GET.get("center") or request.POST.get("only") or ""
    if code:
        chosen = [c for c in centers if c.code == code]
        if not chosen:
            raise PermissionDenied
        return chosen
    return centers


@login_required
def national_index(request):
    if national_centers(request.user) is None:
        raise PermissionDenied
    m = _month(request.GET.get("month"))
    return HttpResponseRedirect(reverse("reports:national", args=[f"{m:%Y-%m}"]))


@login_required
@require_http_methods(["GET", "POST"])
def national(request, month: str):
    m = _month(month)
    centers = _centers(request)
    if request.method == "POST":
        center = None
        if request.POST.get("center"):
            pk = params.parse_id(request.POST.get("center"), field="center")
            center = next((c for c in centers if c.pk == pk), None)
            if center is None:
                raise PermissionDenied
        if not can_write_national(request.user, center):
            raise PermissionDenied
        svc.national_note_save(
            month=m, section=request.POST.get("section", ""), center=center,
            text=request.POST.get("text", ""), actor=request.user,
        )  # fmt: skip
        messages.success(request, _("已保存"))
        return HttpResponseRedirect(reverse("reports:national", args=[f"{m:%Y-%m}"]))
    r = build_national(m, centers, national_view=sees_all_centers(request.user))
    writable = {p.center.pk for p in r.centers if can_write_national(request.user, p.center)}
    return render(request, "reports/national.html", {
        "r": r, "month": m, "can_write_national": can_write_national(request.user, None),
        "editable_centers": dict.fromkeys(writable, True), "only": request.GET.get("center", ""),
    })  # fmt: skip


@login_required
def national_pdf(request, month: str):
    from .export_national import national_pdf as render_pdf

    m = _month(month)
    if in_background():  # the production path: a worker builds it, the page follows the job
        job = national_file_start(month=m, centers=_centers(request), national_view=sees_all_centers(request.user),
                                  fmt="pdf", actor=request.user)  # fmt: skip
        return HttpResponseRedirect(reverse("jobs:follow", args=[job.pk]))
    r = build_national(m, _centers(request), national_view=sees_all_centers(request.user))
    resp = HttpResponse(render_pdf(r), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="national-report-{m:%Y-%m}.pdf"'
    return resp


@login_required
def national_xlsx(request, month: str):
    from .export_national import national_xlsx as render_xlsx

    m = _month(month)
    if in_background():
        job = national_file_start(month=m, centers=_centers(request), national_view=sees_all_centers(request.user),
                                  fmt="xlsx", actor=request.user)  # fmt: skip
        return HttpResponseRedirect(reverse("jobs:follow", args=[job.pk]))
    r = build_national(m, _centers(request), national_view=sees_all_centers(request.user))
    resp = HttpResponse(
        render_xlsx(r), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="national-report-{m:%Y-%m}.xlsx"'
    return resp


@login_required
@require_http_methods(["GET", "POST"])
def surveys(request):
    allowed = survey_import_centers(request.user)
    can_define = can_define_surveys(request.user)
    if allowed is None:
        raise PermissionDenied
    errors = []
    define_error = ""
    form = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "define":
            if not can_define:
                raise PermissionDenied
            form = request.POST
            scale = params.parse_int(
                request.POST.get("scale_max"), field="scale_max", default=5, min=1, max=10
            )
            sat = params.parse_int(
                request.POST.get("satisfied_from"), field="satisfied_from", default=4, min=1, max=10
            )
            try:
                svc.survey_define(name=request.POST.get("name", ""), items_text=request.POST.get("items", ""),
                                  scale_max=scale, satisfied_from=sat, actor=request.user)  # fmt: skip
            except InvalidInput as exc:
                define_error = exc.format(str(exc.message))
            else:
                messages.success(request, _("问卷已创建"))
                return HttpResponseRedirect(reverse("reports:national_surveys"))
        elif action == "import":
            survey = svc.survey_for_user(params.parse_id(request.POST.get("survey"), field="survey"))
            upload = request.FILES.get("file")
            if upload is None:
                raise InvalidInput(_("请选择文件"), field="file")
            if upload.size > MAX_UPLOAD:
                raise InvalidInput(_("文件超过 20 MB"), field="file")
            suffix = ".xlsx" if upload.name.lower().endswith((".xlsx", ".xlsm")) else ".csv"
            safe_name = Path(upload.name).name.replace("\x00", "")[:100] or "upload"
            with tempfile.TemporaryDirectory() as d:
                path = Path(d) / f"upload{suffix}"
                with open(path, "wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                try:
                    result = svc.survey_results_import(
                        survey=survey, path=path, allowed=allowed, actor=request.user, name=safe_name
                    )
                except svc.SurveyImportFailed as exc:
                    errors = exc.errors[:200]
                else:
                    messages.success(request, _("已导入：新增 %(c)s，更新 %(u)s，未变 %(n)s") % {
                        "c": result.created, "u": result.updated, "n": result.unchanged})  # fmt: skip
                    return HttpResponseRedirect(reverse("reports:national_surveys"))
        else:
            raise InvalidInput(_("未知的操作"), field="action")
    status = 400 if errors or define_error else 200
    return render(request, "reports/national_surveys.html", {
        "surveys": Survey.objects.prefetch_related("items"), "can_define": can_define, "errors": errors,
        "define_error": define_error,
        "form": form, "allowed": allowed,
    }, status=status)  # fmt: skip
