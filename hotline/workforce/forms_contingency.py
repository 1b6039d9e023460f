"""Forms of the contingency pages (plans with their steps, drills, the drill requirement) and of the
hiring plan's inputs (§5, seed 002)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hotline.org.models import Person, Role
from hotline.org.widgets import DateInput

from .models import ContingencyPlan, Scenario

TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 60})


class PlanForm(forms.Form):
    scenario = forms.ChoiceField(label=_("情形"), choices=Scenario.choices)
    title = forms.CharField(label=_("标题"), max_length=120)
    trigger = forms.CharField(label=_("启动条件"), widget=TEXTAREA, max_length=2000)


class StepForm(forms.Form):
    text = forms.CharField(label=_("步骤内容"), required=False, max_length=500)
    role = forms.ChoiceField(label=_("负责角色"), required=False)
    person = forms.ModelChoiceField(label=_("负责人"), queryset=Person.objects.none(), required=False)
    minutes = forms.IntegerField(label=_("时限（分钟）"), required=False, min_value=1, max_value=10080)

    def __init__(self, *args, center=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "—"), *[c for c in Role.choices if c[0] != Role.AGENT]]
        self.fields["person"].queryset = Person.objects.filter(center=center, active=True).exclude(
            role=Role.AGENT
        )


StepFormSet = forms.formset_factory(StepForm, extra=2, max_num=30, validate_max=True)


class DrillForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("应急预案"), queryset=ContingencyPlan.objects.none())
    date = forms.DateField(label=_("演练日期"), widget=DateInput())
    participants = forms.CharField(label=_("参加人员"), widget=TEXTAREA, max_length=2000)
    duration_minutes = forms.IntegerField(label=_("时长（分钟）"), min_value=1, max_value=1440)
    findings = forms.CharField(label=_("发现的问题"), widget=TEXTAREA, required=False, max_length=4000)
    actions = forms.CharField(label=_("改进措施"), widget=TEXTAREA, required=False, max_length=4000)
    follow_up_owner = forms.ModelChoiceField(
        label=_("跟进人"), queryset=Person.objects.none(), required=False
    )
    follow_up_done = forms.BooleanField(label=_("已完成跟进"), required=False)

    def __init__(self, *args, center=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = ContingencyPlan.objects.filter(center=center)
        self.fields["follow_up_owner"].queryset = Person.objects.filter(center=center, active=True).exclude(
            role=Role.AGENT
        )


class DrillSettingsForm(forms.Form):
    per_year = forms.IntegerField(label=_("每年演练次数"), min_value=0, max_value=52)
    per_scenario = forms.IntegerField(label=_("每个情形每年演练次数"), min_value=0, max_value=52)
    effective_from = forms.DateField(
        label=_("生效日期"),
        widget=DateInput(),
        help_text=_("新要求从这一天起生效；之前的日子仍按当时的要求判断"),
    )


class HiringForm(forms.Form):
    """The hiring plan's inputs, read from the query string (a bad value: 400 with the errors)."""

    months = forms.IntegerField(label=_("预测月数"), min_value=1, max_value=24, initial=6)
    attrition = forms.FloatField(
        label=_("月流失率（%）"),
        min_value=0,
        max_value=50,
        initial=3,
        help_text=_("每月离职人数占在职人数的百分比"),
    )
    lead_months = forms.IntegerField(
        label=_("招聘培训周期（月）"),
        min_value=0,
        max_value=12,
        initial=2,
        help_text=_("从开始招聘到能上岗的月数"),
    )
    weekly_hours = forms.FloatField(label=_("每人每周工时"), min_value=1, max_value=60, initial=40)

    @classmethod
    def from_query(cls, query):
        data = {name: query.get(name, f.initial) for name, f in cls.base_fields.items()}
        return cls(data)
