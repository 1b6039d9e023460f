"""Pages of the regime's policy settings: ``/quality/settings/`` (versioned weights, shortest
recording, rotation anchor) and ``/quality/holidays/`` (the §3.4 holiday table on a month calendar)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from hotline.core.params import parse_month
from hotline.core.workdays import calendar_supports
from hotline.errors import message_of
from hotline.org.views_policies import versioned_settings_page

from . import access
from .forms_settings import HolidayToggleForm, QualitySettingsForm
from .labels import weekday_name
from .selectors import holidays_in_force, settings_for
from .services.policies import (
    SettingsError,
    calendar_working_day,
    holiday_adjustments,
    holiday_toggle,
    quality_settings_create,
    settings_history,
)


def _save(form, *, center, in_force, today, actor):
    data = dict(form.cleaned_data)
    for key in ("recording_window_days", "remainder"):  # not posted: keep the one in force
        if data.get(key) in (None, ""):
            data[key] = getattr(in_force, key)
    quality_settings_create(center=center, actor=actor, today=today, **data)


def _initial(in_force) -> dict:
    fields = ("w_rec", "w_live", "min_seconds", "anchor_period", "recording_window_days", "remainder")
    return {f: getattr(in_force, f) for f in fields}


@login_required
def settings_page(request):
    return versioned_settings_page(
        request, can_view=access.can_view_settings, can_edit=access.can_edit_settings, in_force_of=settings_for,
        history_of=settings_history, form_class=QualitySettingsForm, initial=_initial, save=_save,
        error=SettingsError, template="quality/settings.html", url_name="quality:settings",
    )  # fmt: skip


# --- holidays --------------------------------------------------------------------------------------


def _month(request) -> tuple[int, int]:
    """(year, month) of the ``month`` parameter (YYYY-MM); absent → this month; unreadable → 400."""
    first = parse_month(
        request.GET.get("month") or request.POST.get("month"),
        field="month",
        default=timezone.localdate().replace(day=1),
    )
    return first.year, first.month


def _holiday_name(day: dt.date) -> str:
    import chinese_calendar

    try:
        on, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return ""
    if not name:
        return ""
    if (get_language() or "").startswith("en"):
        return name
    return next((h.chinese for h in chinese_calendar.Holiday if h.value == name), name)


def month_calendar(year: int, month: int) -> list[list[dict]]:
    """Weeks (Monday first) of day cells: calendar status, holiday name, override, effective status."""
    overrides = holidays_in_force(
        dt.date(year, month, 1) - dt.timedelta(days=7), dt.date(year, month, 28) + dt.timedelta(days=14)
    )
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for day in week:
            base = calendar_working_day(day)
            override = overrides.get(day)
            if override is not None and override.is_working_day == base:
                override = None  # a version that restored the calendar
            name = _holiday_name(day)
            row.append({
                "date": day, "in_month": day.month == month, "calendar_working": base,
                "holiday": name if not base else "", "adjusted": base and day.weekday() >= 5,
                "override": override, "working": override.is_working_day if override else base,
            })  # fmt: skip
        weeks.append(row)
    return weeks


@login_required
def holidays_page(request):
    if not access.can_view_holidays(request.user):
        raise PermissionDenied
    year, month = _month(request)
    first = dt.date(year, month, 1)
    prev_m = (first - dt.timedelta(days=1)).strftime("%Y-%m")
    next_m = (first + dt.timedelta(days=32)).strftime("%Y-%m")
    overrides = holiday_adjustments(year)
    return render(
        request,
        "quality/holidays.html",
        {"year": year, "month": month, "month_text": first.strftime("%Y-%m"), "prev": prev_m, "next": next_m,
         "weeks": month_calendar(year, month), "weekdays": [weekday_name(i) for i in range(7)],
         "supported": calendar_supports(year), "can_edit": access.can_edit_holidays(request.user),
         "overrides": overrides},
    )  # fmt: skip


@login_required
@require_POST
def holiday_toggle_view(request):
    if not access.can_edit_holidays(request.user):
        raise PermissionDenied
    form = HolidayToggleForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("日期无效"))
        return redirect("quality:holidays")
    day = form.cleaned_data["date"]
    try:
        row = holiday_toggle(day=day, note=form.cleaned_data["note"], actor=request.user)
    except SettingsError as exc:
        messages.error(request, message_of(exc))
        return redirect(f"{reverse('quality:holidays')}?month={day:%Y-%m}")
    if row is None:
        messages.success(request, gettext("%(date)s 恢复按国家日历") % {"date": day.isoformat()})
    elif row.is_working_day:
        messages.success(request, gettext("%(date)s 设为工作日") % {"date": day.isoformat()})
    else:
        messages.success(request, gettext("%(date)s 设为休息日") % {"date": day.isoformat()})
    return redirect(f"{reverse('quality:holidays')}?month={day:%Y-%m}")
