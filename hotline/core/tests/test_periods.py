import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.core.periods import Period


def test_first_half_runs_from_the_first_to_the_fifteenth():
    p = Period.parse("2026-03-H1")
    assert (p.start, p.end) == (dt.date(2026, 3, 1), dt.date(2026, 3, 15))


def test_second_half_runs_to_the_last_day_of_the_month_including_leap_february():
    assert Period.parse("2024-02-H2").end == dt.date(2024, 2, 29)
    assert Period.parse("2026-02-H2").end == dt.date(2026, 2, 28)
    assert Period.parse("2026-02-H2").start == dt.date(2026, 2, 16)


def test_period_text_round_trips():
    assert str(Period.parse("2026-03-h2")) == "2026-03-H2"
    assert str(Period(2026, 1, 1)) == "2026-01-H1"


@pytest.mark.parametrize("text", ["2026-13-H1", "2026-03-H3", "2026-03", "March", "2026-03-H1x", ""])
def test_malformed_periods_are_refused_with_a_reason(text):
    with pytest.raises(ValueError, match="H1|month"):
        Period.parse(text)


def test_next_and_previous_cross_month_and_year_ends():
    assert Period.parse("2026-12-H2").next() == Period(2027, 1, 1)
    assert Period.parse("2027-01-H1").previous() == Period(2026, 12, 2)
    assert Period.parse("2026-03-H1").next() == Period(2026, 3, 2)


def test_difference_counts_half_months_and_is_negative_before_the_anchor():
    anchor = Period.parse("2026-01-H1")
    assert Period.parse("2026-03-H2") - anchor == 5
    assert Period.parse("2025-12-H2") - anchor == -1
    assert Period.parse("2026-03-H2").months_since(anchor) == 2


def test_a_date_knows_its_period_and_the_period_contains_it():
    assert Period.of(dt.date(2026, 3, 15)) == Period(2026, 3, 1)
    assert Period.of(dt.date(2026, 3, 16)) == Period(2026, 3, 2)
    assert dt.date(2026, 3, 16) in Period(2026, 3, 2)
    assert dt.date(2026, 3, 15) not in Period(2026, 3, 2)
    assert len(list(Period(2026, 3, 2).days())) == 16


@given(st.integers(min_value=1900 * 24, max_value=2200 * 24), st.integers(-500, 500))
def test_shifting_by_k_and_subtracting_give_back_k(index, k):
    p = Period.from_index(index)
    assert p.index == index
    assert p.shift(k) - p == k
    assert p.shift(k).shift(-k) == p
    assert Period.parse(str(p)) == p


def test_parse_month_reads_yyyy_mm_and_defaults_to_last_month():
    import datetime as dt

    from hotline.core.errors import InvalidInput
    from hotline.core.periods import parse_month

    assert parse_month("2026-10", today=dt.date(2026, 11, 23)) == dt.date(2026, 10, 1)
    assert parse_month(None, today=dt.date(2026, 1, 5)) == dt.date(2025, 12, 1)
    for bad in ("garbage", "2026-13", "0001-01", "9999-12", "3e31"):  # refused, not silently defaulted
        with pytest.raises(InvalidInput):
            parse_month(bad, today=dt.date(2026, 11, 1))


@pytest.mark.parametrize(
    "text", ["2026-13-H1", "2026-11-H3", "2026-11", "H1", "0001-01-H1", "9999-12-H2", "2026-1x-H1"]
)
def test_parse_period_refuses_what_is_not_a_half_month(text):
    from hotline.core.errors import InvalidInput
    from hotline.core.periods import parse_period

    with pytest.raises(InvalidInput) as caught:
        parse_period(text)
    assert caught.value.field == "period" and caught.value.params["value"] == text


def test_parse_period_reads_a_half_month_and_defaults_only_when_absent():
    from hotline.core.periods import Period, parse_period

    assert parse_period(" 2026-3-h2 ") == Period(2026, 3, 2)
    assert parse_period(None) is None and parse_period("", default=Period(2026, 1, 1)) == Period(2026, 1, 1)


@pytest.mark.parametrize(
    "day, first, last",
    [("2028-02-29", "2028-02-01", "2028-02-29"), ("2026-12-31", "2026-12-01", "2026-12-31"),
     ("2026-02-01", "2026-02-01", "2026-02-28")],
)  # fmt: skip
def test_month_bounds_are_the_first_and_last_day_of_the_month(day, first, last):
    from hotline.core.periods import month_bounds

    assert month_bounds(dt.date.fromisoformat(day)) == (
        dt.date.fromisoformat(first),
        dt.date.fromisoformat(last),
    )
