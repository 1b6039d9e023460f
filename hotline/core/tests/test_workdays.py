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


def test_the_working_days_after_a_half_month_skip_weekends_and_holidays():
    from hotline.core.workdays import working_days_after

    # 2026-09-H2 ends on Wednesday 09-30; 国庆 10-01 … 10-07 is off, Saturday 10-10 is worked (调休)
    assert working_days_after(dt.date(2026, 9, 30), 5) == [
        dt.date(2026, 10, 8), dt.date(2026, 10, 9), dt.date(2026, 10, 10), dt.date(2026, 10, 12),
        dt.date(2026, 10, 13),
    ]  # fmt: skip
    assert working_days_after(dt.date(2026, 11, 15), 0) == []
    assert working_days_after(dt.date(2026, 11, 15), 2, {dt.date(2026, 11, 16): False}) == [
        dt.date(2026, 11, 17), dt.date(2026, 11, 18),
    ]  # fmt: skip


def test_the_working_days_after_warn_once_for_a_year_without_data_and_not_for_a_year_only_looked_at():
    from hotline.core.workdays import working_days_after

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        days = working_days_after(dt.date(2026, 12, 31), 5)
    assert days == [D(2027, 1, 1), D(2027, 1, 4), D(2027, 1, 5), D(2027, 1, 6), D(2027, 1, 7)]  # Mon–Fri
    assert len([w for w in caught if issubclass(w.category, CalendarFallbackWarning)]) == 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert working_days_after(dt.date(2026, 12, 14), 5)[-1] == dt.date(2026, 12, 21)
    assert not [w for w in caught if issubclass(w.category, CalendarFallbackWarning)]
