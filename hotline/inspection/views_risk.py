"""Page "高风险通话" (§8 risk-based extra sampling): each visible agent's calls of a half-month at or
above the center's risk threshold, whether evaluated or offered to a session, and the center's
policy (managers their center, administrators any; QA monitors read)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hotline.core.periods import Period, parse_period
from hotline.inspection.services_risk import RiskPolicyError, risk_policy_for, risk_policy_save
from hotline.org.access import person_of
from hotline.org.widgets import DateInput
from hotline.quality.selectors import evaluated_call_ids

from .access import can_run_inspection, can_view_inspection, inspection_centers, visible_inspections
from .models import RiskOffer


class PolicyForm(forms.Form):
    center = forms.ModelChoiceField(label=_("中心"), queryset=None)
    enabled = forms.BooleanField(label=_("启用高风险加抽"), required=False)
    threshold = forms.IntegerField(label=_("风险分阈值"), min_value=0, max_value=100)
    max_per_agent_per_period = forms.IntegerField(label=_("每人每半月最多加抽"), min_value=0, max_value=10)
    effective_from = forms.DateField(
        label=_("生效日期"), required=False, widget=DateInput(),
        help_text=_("留空：今天起（今天已有新版本时为次日）；之前的会话仍按当时的设置"),
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = inspection_centers(user)


def _period(request) -> Period:
    return parse_period(request.GET.get("period"), default=Period.of(timezone.localdate()))


@login_required
def high_risk(request):
    if not can_view_inspection(request.user):
        raise PermissionDenied
    centers = list(inspection_centers(request.user))
    can_edit = can_run_inspection(request.user)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = PolicyForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                risk_policy_save(center=d["center"], enabled=d["enabled"], threshold=d["threshold"],
                                 max_per_agent_per_period=d["max_per_agent_per_period"],
                                 effective_from=d["effective_from"], actor=request.user)  # fmt: skip
            except RiskPolicyError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, gettext("高风险加抽设置已保存"))
            return HttpResponseRedirect(request.get_full_path())
    period = _period(request)
    policies = [risk_policy_for(c) for c in centers]
    thresholds = {p.center_id: p.threshold for p in policies}
    qs = (
        visible_inspections(request.user)
        .filter(call__local_date__gte=period.start, call__local_date__lte=period.end)
        .select_related("call", "call__agent", "call__center")
        .order_by("call__agent__work_number", "-risk", "call__started_at")
    )
    rows = [r for r in qs if r.risk >= thresholds.get(r.call.center_id, 60)]
    agents = {r.call.agent_id for r in rows if r.call.agent_id}
    evaluated = evaluated_call_ids(agents)
    offered = dict(
        RiskOffer.objects.filter(call__in=[r.call_id for r in rows]).values_list("call_id", "session_id")
    )
    for r in rows:
        r.evaluated = r.call.call_id in evaluated
        r.offered_session = offered.get(r.call_id)
    me = person_of(request.user)
    initial = policies[0] if policies else None
    if me is not None:
        initial = next((p for p in policies if p.center_id == me.center_id), initial)
    form = None
    if can_edit and initial is not None:
        form = PolicyForm(user=request.user, initial={
            "center": initial.center, "enabled": initial.enabled, "threshold": initial.threshold,
            "max_per_agent_per_period": initial.max_per_agent_per_period})  # fmt: skip
    return render(request, "inspection/high_risk.html", {
        "rows": rows, "period": period, "previous": period.previous(), "next": period.next(),
        "policies": policies, "form": form,
    })  # fmt: skip
