"""Working days on the Chinese calendar (§3.2, §3.4): public holidays and adjusted working days (调休).

Django-free. ``chinese_calendar`` knows the State Council's holiday notices for a fixed range of
years (2004–2026 in the pinned version). Outside that range a date falls back to Monday–Friday and a
:class:`CalendarFallbackWarning` (a ``UserWarning``) is emitted once per call and year, so a command
or a page can show it (``warnings.catch_warnings(record=True)``). A user-editable override map
``{date: is_working_day}`` wins over both (a center that works a holiday, or a notice published after
the library).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Mapping


class CalendarFallbackWarning(UserWarning):
    """A year outside chinese_calendar's data: Monday–Friday used instead."""


def calendar_supports(year: int) -> bool:
    """True when chinese_calendar has the holiday notice for ``year``."""
    import chinese_calendar

    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day: dt.date, holiday_overrides: Mapping[dt.date, bool] | None = None) -> bool:
    """One date (override → Chinese calendar → Monday–Friday fallback, silently)."""
    if holiday_overrides and day in holiday_overrides:
        return bool(holiday_overrides[day])
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def working_days(
    start: dt.date, end: dt.date, holiday_overrides: Mapping[dt.date, bool] | None = None
) -> list[dt.date]:
    """The working days from ``start`` to ``end`` inclusive, ascending.

    ``holiday_overrides`` maps a date to True (work) or False (day off) and wins over the calendar.
    Years the calendar does not cover use Monday–Friday and warn (:class:`CalendarFallbackWarning`)
    unless every date of that year in the range is overridden.
    """
    if end < start:
        return []
    over = holiday_overrides or {}
    support: dict[int, bool] = {}
    fallback_years: list[int] = []
    out = []
    day = start
    while day <= end:
        if day in over:
            work = bool(over[day])
        else:
            if day.year not in support:
                support[day.year] = calendar_supports(day.year)
            if support[day.year]:
                import chinese_calendar

                work = bool(chinese_calendar.is_workday(day))
            else:
                if day.year not in fallback_years:
                    fallback_years.append(day.year)
                work = day.weekday() < 5
        if work:
            out.append(day)
        day += dt.timedelta(days=1)
    for year in fallback_years:
        warnings.warn(
            f"chinese_calendar has no holiday data for {year}: Monday–Friday used as working days "
            "(add holidays and adjusted working days to the override table)",
            CalendarFallbackWarning,
            stacklevel=2,
        )
    return out


def working_days_after(
    day: dt.date, n: int, holiday_overrides: Mapping[dt.date, bool] | None = None
) -> list[dt.date]:
    """The first ``n`` working days strictly after ``day``, ascending (§3.1: the recording sessions of
    a half-month are held in the first working days after it ends; ``n`` ≤ 0 gives none).

    Same calendar rules as :func:`working_days`, and the same warning once per fallback year of the
    days returned.
    """
    if n <= 0:
        return []
    span = 3 * n + 20  # a week of Spring Festival plus weekends still fits in one look for n ≤ 10
    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            days = working_days(day + dt.timedelta(days=1), day + dt.timedelta(days=span), holiday_overrides)
        if len(days) >= n or span > 3660:
            break
        span *= 2
    days = days[:n]
    years = {f"for {d.year}:" for d in days}  # the look may reach past them: warn for the days kept
    for message in dict.fromkeys(str(w.message) for w in caught):
        if any(y in message for y in years):
            warnings.warn(message, CalendarFallbackWarning, stacklevel=2)
    return days


__all__ = [
    "working_days", "working_days_after", "is_working_day", "calendar_supports", "CalendarFallbackWarning",
]  # fmt: skip
