"""``/performance/rules/``: the appraisal rule versions (§6) of one scope — a manager sees and extends
their center's (its own versions over the global ones), an administrator any center (``?center=``) or
the global rules (no ``center``)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hotline.core.appraisal import QA_MODES
from hotline.core.params import parse_id
from hotline.org.access import is_admin, person_of
from hotline.org.models import Center
from hotline.org.widgets import DateInput

from . import selectors
from .access import can_edit_rules_of, can_view_rules
from .services_rules import EDITABLE, RulesError, rule_history, rule_params, rule_set_create

FIELD_LABELS = {
    "attendance_points": _("考勤分"),
    "evaluation_points": _("考评分"),
    "bonus_cap": _("加分上限"),
    "late_points": _("迟到早退每次扣分"),
    "leave_points": _("病事假每次扣分"),
    "attendance_cap": _("考勤扣分上限"),
    "part_cap": _("考评每项扣分上限"),
    "handling_limit_minutes": _("平均在手时间上限（分钟）"),
    "timeliness_minute_points": _("每超1分钟扣分"),
    "timeliness_case_points": _("每个超时案件扣分"),
    "accuracy_target": _("准确率目标（%）"),
    "accuracy_points": _("准确率每低1个百分点扣分"),
    "exam_pass": _("考试合格线"),
    "exam_step": _("考试扣分步长（分）"),
    "exam_points": _("考试每步扣分"),
    "violation_min": _("违规最少扣分"),
    "violation_max": _("违规最多扣分"),
    "commendation_min": _("表扬最少加分"),
    "commendation_max": _("表扬最多加分"),
    "qa_mode": _("质检分计入方式"),
    "qa_target": _("质检目标分"),
    "qa_points": _("质检每低1分扣分"),
    "qa_cap": _("质检扣分上限"),
    "dismissal_sick_days": _("全年病假超过（天）提示辞退"),
    "dismissal_personal_days": _("全年事假超过（天）提示辞退"),
    "long_sick_days": _("单月病假满（天）为长时间病假"),
    "low_total_below": _("总分低于（0为不提示）"),
    "low_total_months": _("连续月数提示辞退"),
}
QA_MODE_LABELS = {
    "off": _("不计入（手册默认）"),
    "deduct_below": _("低于目标每分扣分"),
    "violation_below": _("低于目标按违规扣分一次"),
}


class RuleSetForm(forms.Form):
    effective_from = forms.DateField(label=_("生效日期"), widget=DateInput())
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name in EDITABLE:
            value = current[name]
            label = FIELD_LABELS.get(name, name)
            if name == "qa_mode":
                field = forms.ChoiceField(
                    label=label, choices=[(m, QA_MODE_LABELS.get(m, m)) for m in QA_MODES]
                )
            elif isinstance(value, int):
                field = forms.IntegerField(label=label, min_value=0)
            else:
                field = forms.FloatField(label=label, min_value=0)
            field.initial = value
            self.fields[name] = field


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _scope(request):
    """The center whose rules the page shows (None: the global rules, administrators only)."""
    if is_admin(request.user):
        pk = parse_id(request.GET.get("center"), field="center")
        if pk is None:
            return None
        center = Center.objects.filter(pk=pk).first()
        if center is None:
            raise Http404
        return center
    me = person_of(request.user)
    if request.GET.get("center") and parse_id(request.GET.get("center"), field="center") != me.center_id:
        raise Http404  # another center's rules
    return me.center


@login_required
def rules_page(request):
    if not can_view_rules(request.user):
        raise PermissionDenied
    center = _scope(request)
    today = timezone.localdate()
    in_force = rule_params(selectors.rules_in_force(center, today))
    can_edit = can_edit_rules_of(request.user, center)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = RuleSetForm(request.POST, current=in_force)
        if form.is_valid():
            data = dict(form.cleaned_data)
            day, note = data.pop("effective_from"), data.pop("note")
            try:
                rule_set_create(
                    center=center, effective_from=day, params=data, note=note, actor=request.user, today=today
                )
            except RulesError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, gettext("已保存为新版本"))
                url = redirect("performance:rules").url
                return redirect(f"{url}?center={center.pk}" if center and is_admin(request.user) else url)
    else:
        form = RuleSetForm(current=in_force, initial={"effective_from": _next_month(today)})
    history = rule_history(center)
    columns = [(name, FIELD_LABELS.get(name, name)) for name in EDITABLE]
    rows = [
        {**h, "values": [QA_MODE_LABELS.get(h["params"][n], h["params"][n]) if n == "qa_mode" else h["params"][n]
                         for n, _l in columns]}
        for h in history
    ]  # fmt: skip
    for r in rows:
        r["in_force"] = r["effective_from"] <= today and (
            r["effective_to"] is None or today <= r["effective_to"]
        )
    current = next((r for r in rows if r["in_force"]), None)
    return render(
        request,
        "performance/rules.html",
        {
            "form": form,
            "can_edit": can_edit,
            "history": rows,
            "columns": columns,
            "today": today,
            "current": current,
            "center": center,
            "centers": Center.objects.all() if is_admin(request.user) else [],
        },
    )
