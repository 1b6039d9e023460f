"""Working days on the Chinese calendar (§3.2, §3.4)."""

import datetime as dt
import warnings

import pytest

from hotline.core.workdays import CalendarFallbackWarning, is_working_day, working_days

D = dt.date


def test_national_day_week_is_off_and_the_adjusted_saturday_is_worked():
    # 2025: 1–8 October off; Saturday 11 October is an adjusted working day (调休上班)
    days = working_days(D(2025, 9, 28), D(2025, 10, 12))
    assert D(2025, 10, 3) not in days
    assert D(2025, 10, 11) in days
    assert D(2025, 9, 28) in days  # Sunday 28 September 2025 was worked too
    assert D(2025, 10, 9) in days and D(2025, 10, 12) not in days


def test_overrides_win_over_the_calendar():
    over = {D(2025, 10, 3): True, D(2025, 10, 9): False}
    days = working_days(D(2025, 10, 1), D(2025, 10, 10), over)
    assert D(2025, 10, 3) in days and D(2025, 10, 9) not in days


def test_years_outside_the_calendar_fall_back_to_monday_to_friday_with_a_warning():
    with pytest.warns(CalendarFallbackWarning, match="2031"):
        days = working_days(D(2031, 1, 1), D(2031, 1, 12))
    assert [d.day for d in days] == [1, 2, 3, 6, 7, 8, 9, 10]


def test_supported_years_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(working_days(D(2025, 3, 1), D(2025, 3, 15))) == 10


def test_a_single_date_uses_the_same_rules():
    assert not is_working_day(D(2025, 1, 1))
    assert is_working_day(D(2025, 1, 1), {D(2025, 1, 1): True})
    assert is_working_day(D(2031, 1, 3)) and not is_working_day(D(2031, 1, 4))


def test_an_empty_range_has_no_working_days():
    assert working_days(D(2025, 3, 2), D(2025, 3, 1)) == []
