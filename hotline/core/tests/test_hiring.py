"""Hiring plan (§5): hires per month against attrition and the recruiting lead time."""

import datetime as dt

import pytest

from hotline.core.hiring import MonthNeed, hiring_plan

D = dt.date


def test_known_answer_with_attrition_and_lead_time():
    needs = [MonthNeed(D(2027, 1, 1), 50, 30), MonthNeed(D(2027, 2, 1), 60, 34), MonthNeed(D(2027, 3, 1), 55)]
    rows = hiring_plan(needs, headcount=50, today=D(2026, 12, 7), attrition=0.02, lead_months=2)
    # Jan: 50 × 0.98 = 49 → 1 hire (to start recruiting in Nov: already late)
    assert (rows[0].projected, rows[0].hires, rows[0].start_recruiting, rows[0].late) == (
        49.0,
        1,
        D(2026, 11, 1),
        True,
    )
    # Feb: 50 × 0.98 = 49 → 11 hires, recruiting from December (this month: in time)
    assert (rows[1].projected, rows[1].hires, rows[1].late, rows[1].seats, rows[1].trunks) == (
        49.0,
        11,
        False,
        60,
        34,
    )
    # Mar: 60 × 0.98 = 58.8 ≥ 55 → none
    assert rows[2].hires == 0 and rows[2].projected == pytest.approx(58.8)


def test_refuses_nonsense():
    with pytest.raises(ValueError):
        hiring_plan([], headcount=-1, today=D(2026, 12, 1))


def test_seats_stay_the_peak_when_the_roster_needs_more_people():
    rows = hiring_plan([MonthNeed(D(2027, 1, 1), 32, 20, seats=20)], headcount=30, today=D(2026, 12, 7))
    assert (rows[0].needed, rows[0].seats, rows[0].hires) == (32, 20, 2)
