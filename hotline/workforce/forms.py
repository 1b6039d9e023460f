"""Forms of the workforce pages (labels in Chinese, translated by the catalog)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from hotline.core import params
from hotline.org.models import Team
from hotline.org.widgets import DateInput, DateTimeInput

from .models import Channel, EventLog, EventMultiplier, ShiftType, Skill

DATE = DateInput()


class SkillForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = ["name", "channel", "target_sl", "answer_time_s", "aht_override_s", "patience_s", "shrinkage",
                  "max_occupancy", "interval_minutes", "concurrency", "response_deadline_h", "open_from", "open_to",
                  "teams"]  # fmt: skip
        widgets = {
            "open_from": forms.TimeInput(attrs={"type": "time"}),
            "open_to": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, center=None, **kwargs):
        super().__init__(*args, **kwargs)
        center = center or (self.instance.center if self.instance.pk else None)
        self.fields["teams"].queryset = Team.objects.filter(center=center) if center else Team.objects.none()
        self.fields["teams"].required = False
        # absent from an older form or client: the defaults (inbound calls, one conversation at a time)
        self.fields["channel"].required = False
        self.fields["concurrency"].required = False

    def clean_channel(self):
        return self.cleaned_data.get("channel") or Channel.CALL_IN

    def clean_concurrency(self):
        n = self.cleaned_data.get("concurrency")
        if n is None:
            return self.instance.concurrency if self.instance.pk else 1
        if not 1 <= n <= 20:
            raise forms.ValidationError(_("应在 1 与 20 之间"))
        return n

    def clean(self):
        d = super().clean()
        h = d.get("response_deadline_h")
        if h is not None and not (0 < h <= 24 * 14):
            self.add_error("response_deadline_h", _("应在 0 与 336 小时之间"))
        if (d.get("open_from") is None) != (d.get("open_to") is None):
            self.add_error("open_to", _("处理开始与结束要同时填写或同时留空"))
        elif d.get("open_from") is not None and d["open_from"] == d["open_to"]:
            self.add_error("open_to", _("处理结束不能等于开始"))
        if d.get("target_sl") is not None and not (0 < d["target_sl"] < 1):
            self.add_error("target_sl", _("应在 0 与 1 之间"))
        if d.get("shrinkage") is not None and not (0 <= d["shrinkage"] < 1):
            self.add_error("shrinkage", _("应在 0 与 1 之间"))
        return d


FORECAST_METHODS = [
    ("auto", _("自动")),
    ("robust", _("稳健：日总量×日内分布（含月初月末系数）")),
    ("baseline", _("基准（近4周均值）")),
    ("median8", _("基准（近8周中位数）")),
    ("profile", _("日总量×日内分布")),
    ("blend", _("混合")),
]
METHOD_LABELS = dict(FORECAST_METHODS) | {"mstl": _("MSTL 季节分解")}


class ForecastForm(forms.Form):
    skill = forms.ModelChoiceField(label=_("技能"), queryset=Skill.objects.none())
    first_day = forms.DateField(label=_("起始日期"), widget=DATE)
    horizon = forms.IntegerField(label=_("天数"), min_value=1, max_value=62, initial=7)
    method = forms.ChoiceField(label=_("方法"), choices=FORECAST_METHODS)

    def __init__(self, *args, center=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.filter(center=center)


class EventForm(forms.ModelForm):
    class Meta:
        model = EventMultiplier
        fields = ["skill", "first_day", "last_day", "factor", "note"]
        widgets = {"first_day": DATE, "last_day": DATE}

    def __init__(self, *args, center=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.filter(center=center)
        self.fields["skill"].required = False


class RosterForm(forms.Form):
    team = forms.ModelChoiceField(label=_("班组"), queryset=None)
    first_day = forms.DateField(label=_("首日"), widget=DATE)
    days = forms.IntegerField(label=_("天数"), min_value=7, max_value=62, initial=28)
    mode = forms.ChoiceField(
        label=_("需求"), choices=[("counts", _("每日各班人数")), ("plan", _("按人员配备方案"))]
    )
    plan = forms.ModelChoiceField(label=_("配备方案"), queryset=None, required=False)
    time_limit = forms.IntegerField(label=_("求解时限（秒）"), min_value=2, max_value=300, initial=20)
    min_rest = forms.IntegerField(label=_("每周休息天数"), min_value=0, max_value=3, initial=2)

    def __init__(self, *args, center=None, shifts=(), **kwargs):
        from hotline.org.models import Team

        from .models import StaffingPlan

        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(center=center)
        self.fields["plan"].queryset = StaffingPlan.objects.filter(center=center).select_related("skill")
        self.shift_fields = []
        for s in shifts:
            if not s.is_rest:
                name = f"count_{s.short}"
                self.fields[name] = forms.IntegerField(label=s.name, min_value=0, initial=0, required=False)
                self.shift_fields.append(name)

    def clean(self):
        d = super().clean()
        if d.get("mode") == "plan" and not d.get("plan"):
            self.add_error("plan", _("请选择配备方案"))
        return d


class ShiftRequestForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE)
    shift = forms.ModelChoiceField(
        label=_("班次"), queryset=None, required=False, empty_label=_("休息（申请休假）")
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, center=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].queryset = ShiftType.objects.filter(center=center, is_rest=False)


class SwapForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("调班同事"), queryset=None)
    date = forms.DateField(label=_("调班日期"), widget=DATE)
    payback_date = forms.DateField(label=_("还班日期"), widget=DATE)
    back_to_back = forms.BooleanField(label=_("连续两个班次同调"), required=False)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = colleagues


class EventLogForm(forms.ModelForm):
    class Meta:
        model = EventLog
        fields = ["at", "kind", "text", "actions"]
        widgets = {
            "at": DateTimeInput(),
            "text": forms.Textarea(attrs={"rows": 2}),
            "actions": forms.Textarea(attrs={"rows": 2}),
        }


class ContactUploadForm(forms.Form):
    file = forms.FileField(label=_("联络量文件（时间, 技能或渠道, 数量[, 处理时长]）"))


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(label=_("状态文件（agent,start,end,state）"))


def parse_date(value, default: dt.date, field: str = "date") -> dt.date:
    """A date from the query string (empty → ``default``; unreadable → 400, see core.params)."""
    return params.parse_date(value, field=field, default=default)
