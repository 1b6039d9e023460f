"""Leave pages (§5 Leave): the agent asks (and may withdraw a pending request), the team leader (or
the center's manager) approves or refuses with a reason. Refusals come back in the reader's language."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hotline.core.errors import HotlineError
from hotline.org.models import Absence
from hotline.org.policies import next_free_day, policy_history
from hotline.org.widgets import DateInput

from .. import access
from ..models import LeaveRequest
from ..services import leave as services_leave

DATE = DateInput()


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=Absence.Kind.choices)
    first_day = forms.DateField(label=gettext_lazy("开始日期"), widget=DATE)
    last_day = forms.DateField(label=gettext_lazy("结束日期"), widget=DATE, required=False)
    half = forms.ChoiceField(label=gettext_lazy("半天"), choices=Absence.Half.choices, required=False)
    reason = forms.CharField(label=gettext_lazy("事由"), max_length=300, required=False)


def _agent(request):
    return access.leave_requester(request.user)


def _error_text(exc: HotlineError) -> str:
    return exc.format(str(exc.message))


@login_required
def my_leave(request):
    me = _agent(request)
    form = LeaveForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                services_leave.leave_request_create(
                    agent=me, first_day=d["first_day"], last_day=d["last_day"] or d["first_day"], kind=d["kind"],
                    half=d["half"] or "", reason=d["reason"], actor=request.user,
                )  # fmt: skip
            except HotlineError as exc:
                messages.error(request, _error_text(exc))
            else:
                messages.success(request, _("请假申请已提交，等待班组长审批"))
                return redirect("workforce:my_leave")
        else:
            messages.error(request, _("请假申请填写有误"))
    return render(
        request,
        "workforce/leave_my.html",
        {
            "me": me,
            "form": form,
            "requests": LeaveRequest.objects.filter(agent=me).select_related("decided_by")[:50],
        },
    )


@login_required
@require_POST
def my_leave_cancel(request, pk: int):
    me = _agent(request)
    req = get_object_or_404(LeaveRequest, pk=pk, agent=me)
    try:
        services_leave.leave_request_cancel(req=req, actor=request.user)
        messages.success(request, _("已撤回"))
    except HotlineError as exc:
        messages.error(request, _error_text(exc))
    return redirect("workforce:my_leave")


def _decider(request):
    if not access.can_decide_leaves(request.user):
        raise PermissionDenied
    return access.decidable_leave_requests(request.user)


@login_required
def leave_approvals(request):
    qs = _decider(request)
    pending = list(qs.filter(status=LeaveRequest.Status.PENDING).order_by("first_day", "id"))
    rows = [(r, services_leave.overlapping_team_leave(r)) for r in pending]
    return render(
        request,
        "workforce/leave_approvals.html",
        {
            "rows": rows,
            "done": qs.exclude(status=LeaveRequest.Status.PENDING).order_by("-decided_at", "-id")[:50],
        },
    )


@login_required
@require_POST
def leave_decide(request, pk: int):
    req = get_object_or_404(_decider(request), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services_leave.leave_request_decide(
            req=req, approve=approve, actor=request.user, refusal=request.POST.get("refusal", "")
        )
        messages.success(request, _("已批准，已登记缺勤") if approve else _("已拒绝"))
    except HotlineError as exc:
        messages.error(request, _error_text(exc))
    return redirect("workforce:leave_approvals")


class LeaveRulesForm(forms.Form):
    annual_notice_days = forms.IntegerField(label=gettext_lazy("年假提前天数"), min_value=0, max_value=365)
    personal_notice_days = forms.IntegerField(label=gettext_lazy("事假提前天数"), min_value=0, max_value=365)
    sick_notice_days = forms.IntegerField(label=gettext_lazy("病假提前天数"), min_value=0, max_value=365)
    max_days = forms.IntegerField(label=gettext_lazy("一次最多天数"), min_value=1, max_value=366)
    team_overlap_refused = forms.BooleanField(
        label=gettext_lazy("同班组同期已有人休假时拒绝批准"), required=False,
        help_text=gettext_lazy("不勾选：只提醒审批人（手册允许特殊原因）"),
    )  # fmt: skip
    effective_from = forms.DateField(
        label=gettext_lazy("生效日期"), widget=DateInput(),
        help_text=gettext_lazy("新规则从这一天起生效；之前提出的申请仍按当时的规则判断"),
    )  # fmt: skip


@login_required
def settings_leave(request):
    """The center's leave rules (§5 Leave: rules as settings), versioned: planners, managers, admins."""
    access.require_planner(request.user)
    center = access.center_for(request.user, request.GET.get("center") or request.POST.get("center"))
    today = center.today()
    current = services_leave.leave_rules_for(center, today)
    fields = (
        "annual_notice_days",
        "personal_notice_days",
        "sick_notice_days",
        "max_days",
        "team_overlap_refused",
    )
    form = LeaveRulesForm(request.POST or None, initial={
        **{f: getattr(current, f) for f in fields}, "effective_from": next_free_day("leave", center, today),
    })  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services_leave.leave_rules_save(center=center, actor=request.user, **form.cleaned_data)
        except HotlineError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("请假规则已保存"))
            return redirect("workforce:settings_leave")
    return render(request, "workforce/settings_leave.html", {
        "center": center, "form": form, "current": current, "tab": "leave",
        "history": policy_history("leave", center),
    })  # fmt: skip
