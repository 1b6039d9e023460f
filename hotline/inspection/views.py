"""Pages of automatic inspection (§8): runs with progress, risk-ranked calls, the per-call result."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hotline.org.access import person_of
from hotline.org.widgets import DateInput

from . import services
from .access import (
    can_run_inspection,
    can_view_inspection,
    inspectable_calls,
    inspection_centers,
    visible_inspections,
    visible_runs,
)
from .selectors import timeline


class RunForm(forms.Form):
    center = forms.ModelChoiceField(label=_("中心"), queryset=None)
    date_from = forms.DateField(label=_("开始日期"), widget=DateInput())
    date_to = forms.DateField(label=_("结束日期"), widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = inspection_centers(user)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("转写文件（JSON 或 zip）"))
    vendor = forms.ChoiceField(label=_("格式"), initial="auto", required=False, choices=[
        ("auto", _("自动识别")), ("generic", _("通用格式")), ("alibaba", _("阿里云录音文件识别")),
        ("iflytek", _("讯飞录音文件转写")), ("tencent", _("腾讯云录音文件识别"))])  # fmt: skip
    agent_channel = forms.TypedChoiceField(label=_("坐席声道"), coerce=int, initial=0, required=False, empty_value=0, choices=[
        (0, _("左声道（声道 0）")), (1, _("右声道（声道 1）"))])  # fmt: skip


def _require_view(request) -> None:
    if not can_view_inspection(request.user):
        raise PermissionDenied


@login_required
def runs(request):
    _require_view(request)
    can_run = can_run_inspection(request.user)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    form = RunForm(user=request.user, initial={"date_from": yesterday, "date_to": yesterday})
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        if "file" in request.FILES:
            return _import(request)
        form = RunForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                run = services.inspection_run_create(
                    center=form.cleaned_data["center"], date_from=form.cleaned_data["date_from"],
                    date_to=form.cleaned_data["date_to"], by=person_of(request.user),
                )  # fmt: skip
            except services.InspectionError as exc:
                form.add_error(None, str(exc))
            else:
                return HttpResponseRedirect(reverse("inspection:run", args=[run.pk]))
    items = visible_runs(request.user).select_related("center", "created_by")[:50]
    return render(request, "inspection/runs.html", {
        "runs": items, "form": form, "import_form": ImportForm(), "can_run": can_run,
        "refresh": any(r.status in ("pending", "running") for r in items),
    })  # fmt: skip


def _import(request):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return HttpResponseRedirect(reverse("inspection:runs"))
    upload = form.cleaned_data["file"]
    try:
        result = services.transcripts_import_upload(
            name=upload.name, chunks=upload.chunks(), calls=inspectable_calls(request.user),
            by=person_of(request.user), vendor=form.cleaned_data["vendor"] or "auto",
            agent_channel=form.cleaned_data["agent_channel"],
        )  # fmt: skip
    except services.InspectionError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("inspection:runs"))
    messages.info(request, gettext("转写导入：新增 %(c)d，更新 %(u)d，错误 %(e)d") % {
        "c": result.created, "u": result.updated, "e": len(result.errors)})  # fmt: skip
    for e in result.errors[:10]:
        messages.warning(request, f"{e['file']} #{e['row'] or '-'} {e['column'] or ''}: {e['reason']}")
    return HttpResponseRedirect(reverse("inspection:runs"))


@login_required
def run_detail(request, pk: int):
    _require_view(request)
    run = get_object_or_404(visible_runs(request.user).select_related("center"), pk=pk)
    results = visible_inspections(request.user).filter(run=run).select_related("call", "call__agent")[:100]
    return render(request, "inspection/run.html", {
        "run": run, "results": results, "refresh": run.status in ("pending", "running"),
    })  # fmt: skip


class RiskFilter(forms.Form):
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())
    min_risk = forms.IntegerField(label=_("最低风险分"), required=False, min_value=0, max_value=100)
    agent = forms.CharField(label=_("工号/姓名"), required=False)


@login_required
def risk_list(request):
    _require_view(request)
    qs = visible_inspections(request.user).select_related("call", "call__agent", "call__center")
    f = RiskFilter(request.GET or None)
    if f.is_bound and f.is_valid():
        d = f.cleaned_data
        if d["date_from"]:
            qs = qs.filter(call__local_date__gte=d["date_from"])
        if d["date_to"]:
            qs = qs.filter(call__local_date__lte=d["date_to"])
        if d["min_risk"] is not None:
            qs = qs.filter(risk__gte=d["min_risk"])
        if d["agent"]:
            from django.db.models import Q

            qs = qs.filter(
                Q(call__agent__work_number=d["agent"].strip())
                | Q(call__agent__name__icontains=d["agent"].strip())
            )
    page = Paginator(qs.order_by("-risk", "-call__started_at"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "inspection/risk.html", {"filter": f if f.is_bound else RiskFilter(), "page": page,
                                                    "query": query.urlencode()})  # fmt: skip


@login_required
def call_result(request, pk: int):
    """``pk`` is the call's id; 404 for a call the user may not see or that was not inspected."""
    _require_view(request)
    inspection = get_object_or_404(
        visible_inspections(request.user).select_related("call", "call__agent", "run"), call_id=pk
    )
    rules = sorted(inspection.rules, key=lambda r: {"fail": 0, "pass": 1, "na": 2}[r["status"]])
    transcript = getattr(inspection.call, "transcript", None)
    return render(request, "inspection/call.html", {
        "ins": inspection, "call": inspection.call, "rules": rules, "tl": timeline(inspection),
        "a": inspection.audio or {}, "sentences": transcript.segments if transcript else [],
    })  # fmt: skip
