"""Forms of the policy settings pages (the service checks the rules again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hotline.org.widgets import DateInput

from .models import Remainder


class QualitySettingsForm(forms.Form):
    w_rec = forms.FloatField(label=_("录音监听权重"), min_value=0, max_value=1)
    w_live = forms.FloatField(label=_("实时监听权重"), min_value=0, max_value=1)
    remainder = forms.ChoiceField(label=_("综合得分其余部分"), choices=Remainder.choices, required=False)
    min_seconds = forms.FloatField(label=_("最短录音（秒）"), min_value=0)
    anchor_period = forms.CharField(label=_("轮换起始半月"), max_length=10)
    recording_window_days = forms.IntegerField(
        label=_("录音监听期限（半月结束后的工作日）"), min_value=1, max_value=15, required=False
    )
    effective_from = forms.DateField(label=_("生效日期"), widget=DateInput())

    def clean(self):
        data = super().clean()
        w_rec, w_live = data.get("w_rec"), data.get("w_live")
        if w_rec is not None and w_live is not None and abs(w_rec + w_live - 1) > 1e-9:
            raise forms.ValidationError(_("录音与实时权重须在0到1之间且合计为1"))
        return data


class HolidayToggleForm(forms.Form):
    date = forms.DateField()
    note = forms.CharField(max_length=200, required=False)
