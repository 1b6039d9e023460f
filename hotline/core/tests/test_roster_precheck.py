"""Roster pre-check (§5): why demand cannot be met, named before solving."""

from hotline.core.roster_precheck import Shortfall, precheck


def test_a_day_short_because_of_leave_names_the_leave():
    out = precheck(days=7, people=10, leave={0: [2], 1: [2], 2: [2]}, days_off={3: [2]}, day_demand=[7] * 7)
    assert out == [Shortfall("day", 2, 7, 6, on_leave=3, days_off=1)]


def test_intervals_merge_and_uncovered_hours_say_no_shift():
    cov = [[0] * 48 for _ in range(7)]
    for i in range(20, 22):  # 10:00–11:00 needs 12
        cov[2][i] = 12
    cov[2][44] = 1  # 22:00 — no shift works then
    out = precheck(
        days=7, people=12, leave={0: [2], 1: [2], 2: [2]}, days_off={}, coverage=cov, interval_minutes=30,
        shift_windows=[(8 * 60 + 30, 17 * 60 + 30), (12 * 60, 21 * 60)],
    )  # fmt: skip
    assert out[0] == Shortfall("interval", 2, 12, 9, 3, 0, 600, 660, False)
    assert out[1] == Shortfall("interval", 2, 1, 0, 3, 0, 1320, 1350, True)


def test_weekly_rest_caps_what_people_can_give():
    # 7 people, 2 rest days a week each: at most 35 person-days; 6 a day for 7 days needs 42
    out = precheck(days=7, people=7, leave={}, days_off={}, day_demand=[6] * 7, min_rest_per_week=2)
    assert out == [Shortfall("week", 0, 42, 35)]


def test_a_feasible_demand_has_no_shortfall_and_overnight_shifts_cover_after_midnight():
    cov = [[1 if i < 4 else 0 for i in range(48)] for _ in range(7)]  # 00:00–02:00
    assert precheck(days=7, people=7, leave={}, days_off={}, coverage=cov, shift_windows=[(22 * 60, 6 * 60)],
                    min_rest_per_week=2) == []  # fmt: skip
