"""The independent roster validator catches every kind of broken rule (hand-broken rosters), and
agrees with the CP-SAT model on random small problems (property test)."""

from __future__ import annotations

import json
from importlib import resources

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline.core.roster import problem_from_dict, solve_roster
from hotline.core.roster_check import check_roster

# A valid cyclic roster of the users' example (first_day 2026-12-07, a Monday).
GOOD = {
    "小一": ["休", "早", "晚", "中", "休", "早", "晚"],
    "小二": ["晚", "休", "早", "晚", "中", "休", "早"],
    "小三": ["晚", "中", "休", "早", "晚", "休", "早"],
    "小四": ["早", "晚", "中", "休", "早", "晚", "休"],
    "小五": ["中", "休", "早", "晚", "休", "早", "晚"],
    "小六": ["早", "晚", "休", "早", "晚", "中", "休"],
    "小七": ["休", "早", "晚", "休", "早", "晚", "中"],
}


def problem(**changes):
    data = json.loads(resources.files("hotline.core").joinpath("data/roster_example.json").read_text("utf-8"))
    return problem_from_dict({**data, **changes})


def broken(person, day, shift, base=GOOD):
    roster = {p: list(r) for p, r in base.items()}
    roster[person][day - 1] = shift
    return roster


def kinds(violations):
    return sorted(v.kind for v in violations)


def test_a_valid_roster_has_no_violations():
    assert check_roster(problem(), GOOD) == []


def test_a_shift_swapped_on_one_day_breaks_demand_with_a_readable_message():
    # 小一 day 1 休 → 早: 3 早 and 1 休 on day 1; 早 → 早 on day 2 also breaks the next-day rule
    v = check_roster(problem(), broken("小一", 1, "早"))
    messages = [x.message for x in v]
    assert "day 1 (2026-12-07): 早 needs 2, has 3" in messages
    assert "day 1 (2026-12-07): 休 needs 2, has 1" in messages
    assert "next_day" in kinds(v)


def test_min_demand_accepts_extra_people_but_not_fewer():
    pb = problem(demand_is="min", demand={"早": 2, "晚": 2}, next={}, fixed=[])
    assert check_roster(pb, broken("小一", 1, "早")) == []
    v = check_roster(pb, broken("小四", 1, "中"))
    assert [x.message for x in v] == ["day 1 (2026-12-07): 早 needs at least 2, has 1"]


def test_a_forbidden_next_day_shift_is_named_with_both_days():
    pb = problem(demand={}, cyclic=False)
    v = check_roster(pb, broken("小一", 2, "中", broken("小一", 1, "晚")))
    assert kinds(v) == []  # 晚 → 中 and 中 → 晚 are allowed
    v = check_roster(pb, broken("小一", 1, "晚"))  # 晚 → 早 is not
    assert [x.message for x in v] == [
        "小一 day 1 (2026-12-07) 晚 → day 2 (2026-12-08) 早: after 晚 only 休/中"
    ]


def test_the_wrap_from_the_last_day_to_the_first_is_checked_only_when_cyclic():
    roster = broken("小三", 1, "休")  # 早 on day 7, then 休 on day 1: 早 → 休 is not allowed
    v = check_roster(problem(demand={}), roster)
    assert kinds(v) == ["next_day"] and "repeats" in v[0].message
    assert check_roster(problem(demand={}, cyclic=False), roster) == []


def test_an_unmet_fixed_request_and_an_ignored_day_off_are_named():
    v = check_roster(problem(demand={}, next={}), broken("小五", 1, "早"))
    assert [x.message for x in v] == ["小五 day 1 (2026-12-07): asked for 中, has 早"]
    v = check_roster(problem(demand={}, next={}), broken("小四", 7, "晚"))
    assert [x.message for x in v] == ["小四 day 7 (2026-12-13): day off requested, has 晚"]


def test_too_many_working_days_in_a_row_is_caught_including_across_the_wrap():
    pb = problem(demand={}, next={}, fixed=[], max_consecutive_work=3)
    row = ["早", "早", "早", "休", "早", "早", "早"]
    assert (
        check_roster(pb, {**GOOD, "小一": row}) == []
        or kinds(check_roster(pb, {**GOOD, "小一": row})).count("consecutive") == 1
    )
    # cyclic: days 5,6,7,1,2,3 form one run of 6
    v = [x for x in check_roster(pb, {**GOOD, "小一": row}) if x.person == "小一"]
    assert [x.kind for x in v] == ["consecutive"] and "6 days in a row" in v[0].message
    flat = problem(demand={}, next={}, fixed=[], max_consecutive_work=3, cyclic=False)
    assert [x for x in check_roster(flat, {**GOOD, "小一": row}) if x.person == "小一"] == []
    v = check_roster(flat, {**GOOD, "小一": ["休", "早", "早", "早", "早", "休", "休"]})
    assert [x.message for x in v if x.person == "小一"] == [
        "小一: works 4 days in a row (day 2 (2026-12-08) – day 5 (2026-12-11)), at most 3"
    ]


def test_too_few_rest_days_in_a_week_is_caught():
    pb = problem(demand={}, next={}, fixed=[], min_rest_per_week=2)
    v = check_roster(pb, {**GOOD, "小一": ["休", "早", "早", "早", "早", "早", "早"]})
    assert [x.message for x in v if x.person == "小一"] == ["小一: week 1 (day 1–7) has 1 rest days, needs 2"]


def test_structural_errors_are_caught():
    roster = {p: list(r) for p, r in GOOD.items() if p != "小七"}
    roster["小一"] = roster["小一"][:6]
    roster["小二"][3] = "夜"
    roster["小八"] = ["休"] * 7
    v = check_roster(problem(demand={}), roster)
    assert {"missing_person", "length", "unknown_shift"} <= set(kinds(v))
    assert any(x.message == "小二 day 4 (2026-12-10): unknown shift '夜'" for x in v)
    assert any(x.message.startswith("小八:") for x in v)


SHIFTS = ["A", "B", "C", "休"]


@st.composite
def small_problems(draw):
    days = draw(st.integers(2, 6))
    people = draw(st.integers(1, 4))
    nxt = {
        s: sorted(draw(st.sets(st.sampled_from(SHIFTS), min_size=1)))
        for s in draw(st.sets(st.sampled_from(SHIFTS), max_size=3))
    }
    demand = {s: draw(st.integers(0, 2)) for s in draw(st.sets(st.sampled_from(SHIFTS[:3]), max_size=2))}
    fixed = [
        {
            "person": f"p{draw(st.integers(0, people - 1))}",
            "day": draw(st.integers(1, days)),
            "shift": draw(st.sampled_from(SHIFTS)),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    return {
        "days": days,
        "people": [
            {"name": f"p{i}", "days_off": draw(st.lists(st.integers(1, days), max_size=1))}
            for i in range(people)
        ],
        "shifts": SHIFTS,
        "demand": demand,
        "demand_is": draw(st.sampled_from(["exact", "min"])),
        "next": nxt,
        "cyclic": draw(st.booleans()),
        "fixed": fixed,
        "max_consecutive_work": draw(st.none() | st.integers(1, 3)),
        "min_rest_per_week": draw(st.none() | st.integers(0, 2)),
        "time_limit_s": 5,
        "workers": 2,
    }


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_the_solver_and_the_validator_agree_on_random_small_problems(data):
    pb = problem_from_dict(data)
    result = solve_roster(pb)
    assert result.status in ("optimal", "infeasible")  # tiny problems are always decided
    found = check_roster(pb, result.roster)
    assert [v.message for v in found] == [v.message for v in result.violations]
    if result.status == "optimal":
        assert found == []  # the model is not looser than the rules
    else:
        assert found != []  # the model is not stricter than the rules (the relaxed roster breaks some)
