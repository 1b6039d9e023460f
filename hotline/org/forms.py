"""Forms of the organisation pages (labels in Chinese, translated by the catalog)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Absence, Person
from .widgets import DateInput

DATE = DateInput()


class AbsenceForm(forms.Form):
    """Record a leave; ``people`` is whom the user may record it for (``absence_editable_people``)."""

    person = forms.ModelChoiceField(label=_("人员"), queryset=Person.objects.none())
    first_day = forms.DateField(label=_("开始日期"), widget=DATE)
    last_day = forms.DateField(label=_("结束日期"), widget=DATE, required=False, help_text=_("留空表示一天"))
    kind = forms.ChoiceField(label=_("类型"), choices=Absence.Kind.choices)
    half = forms.ChoiceField(label=_("半天"), choices=Absence.Half.choices, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = people if people is not None else Person.objects.none()
        self.fields["person"].queryset = qs.filter(active=True).order_by("sort_key")
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.work_number}）"

    def clean(self):
        d = super().clean()
        first, last = d.get("first_day"), d.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("结束日期早于开始日期"))
        return d
