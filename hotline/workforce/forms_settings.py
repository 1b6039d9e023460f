"""Forms of the workforce settings pages (shift types, next-day rules, escalation, thresholds)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hotline.org.models import Person, Role
from hotline.org.widgets import DateInput

from .services.policies import MAX_LEVEL, MAX_MINUTES, SettingsError, parse_breaks

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ShiftTypeForm(forms.Form):
    name = forms.CharField(label=_("班次"), max_length=20)
    short = forms.CharField(label=_("简称"), max_length=4, help_text=_("排班表中的字，如 早"))
    start = forms.TimeField(label=_("上班"), required=False, widget=TIME)
    end = forms.TimeField(label=_("下班"), required=False, widget=TIME)
    breaks = forms.CharField(label=_("休息"), required=False, help_text=_("如 12:00-14:00，多段用逗号分隔"))
    night = forms.BooleanField(label=_("夜班"), required=False)
    is_rest = forms.BooleanField(label=_("休息日"), required=False)
    colour = forms.CharField(
        label=_("颜色"), initial="#e3f2fd", widget=forms.TextInput(attrs={"type": "color"})
    )
    order = forms.IntegerField(label=_("顺序"), min_value=0, initial=0)

    def clean_breaks(self):
        try:
            return parse_breaks(self.cleaned_data.get("breaks") or "")
        except SettingsError as exc:
            raise forms.ValidationError(str(exc)) from exc


class EscalationForm(forms.Form):
    level = forms.IntegerField(label=_("级别"), min_value=1, max_value=MAX_LEVEL)
    min_severity = forms.FloatField(
        label=_("起报程度"), min_value=0, max_value=10, initial=0, help_text=_("如 0.5 表示超出 50%")
    )
    role = forms.ChoiceField(label=_("角色"), required=False)
    person = forms.ModelChoiceField(label=_("负责人"), queryset=Person.objects.none(), required=False)
    within_minutes = forms.IntegerField(label=_("时限（分钟）"), min_value=1, max_value=MAX_MINUTES)
    effective_from = forms.DateField(
        label=_("生效日期"), widget=DateInput(), required=False,
        help_text=_("留空：今天起（该级别今天已有新版本时为次日）；之前的告警仍按当时的上报级别"),
    )  # fmt: skip

    def __init__(self, *args, center=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "—"), *Role.choices]
        self.fields["person"].queryset = Person.objects.filter(center=center, active=True).exclude(
            role=Role.AGENT
        )

    def clean(self):
        d = super().clean()
        if not d.get("role") and not d.get("person"):
            raise forms.ValidationError(_("请指定角色或负责人"))
        return d


class ThresholdsForm(forms.Form):
    volume_over = forms.FloatField(
        label=_("话务量超预测"), min_value=0.01, max_value=10, help_text=_("如 0.5 表示超出预测 50% 时告警")
    )
    staff_under = forms.FloatField(
        label=_("在岗低于排班"),
        min_value=0.01,
        max_value=0.99,
        help_text=_("如 0.2 表示在岗低于排班 20% 时告警"),
    )
    effective_from = forms.DateField(
        label=_("生效日期"), widget=DateInput(),
        help_text=_("新阈值从这一天起生效；之前的日子仍按当时的阈值判断"),
    )  # fmt: skip
