"""Appraisal (SPEC §6): known answers for every rule, caps, the November switch, money, properties."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.core.appraisal import (
    DEFAULT_RULE_SETS,
    AppraisalInput,
    AttendanceEvent,
    ExamResult,
    Incident,
    OtherWork,
    RuleSet,
    WorkRecord,
    appraise,
    full_units,
    rules_for,
    started_units,
)
from hotline.core.appraisal_year import MonthFacts, dismissal_flags, month_facts, period_months, rank_totals

OCT = dt.date(2026, 10, 1)
NOV = dt.date(2026, 11, 1)


def att(i, kind, days=1.0, day=OCT):
    return AttendanceEvent(id=f"a{i}", kind=kind, date=day, days=days)


def month(**kw):
    kw.setdefault("month", OCT)
    return AppraisalInput(agent="8001", **kw)


def test_a_clean_month_scores_one_hundred():
    a = appraise(month())
    assert (a.attendance, a.evaluation, a.bonus, a.total) == (20, 80, 0, 100)
    assert a.lines == ()


def test_each_late_arrival_or_early_leave_costs_two_points():
    a = appraise(month(attendance=(att(1, "late"), att(2, "late"), att(3, "early"))))
    assert a.attendance == 14
    assert [(ln.rule, ln.quantity, ln.points) for ln in a.lines] == [
        ("attendance.late", 2, -4),
        ("attendance.early", 1, -2),
    ]


def test_each_sick_or_personal_leave_costs_four_points_whatever_its_length():
    a = appraise(month(attendance=(att(1, "sick", days=3), att(2, "personal", days=0.5))))
    assert a.attendance == 12


def test_attendance_deductions_stop_at_twenty_with_a_cap_line():
    events = tuple(att(i, "sick") for i in range(4)) + tuple(att(10 + i, "late") for i in range(3))
    a = appraise(month(attendance=events))  # 16 + 6 = 22 lost
    assert a.attendance == 0
    cap = [ln for ln in a.lines if ln.cap_applied]
    assert len(cap) == 1 and cap[0].rule == "attendance.cap" and cap[0].points == 2


def test_timeliness_counts_started_minutes_over_the_limit_and_cases():
    a = appraise(month(work=WorkRecord(mean_handling_minutes=6.2, cases_over_limit=3)))
    # 1.2 minutes over → 2 started minutes → −4; 3 cases → −6
    assert a.evaluation == 70
    assert {ln.rule: ln.points for ln in a.lines} == {"timeliness.minutes": -4, "timeliness.cases": -6}


def test_timeliness_at_exactly_the_limit_costs_nothing():
    assert appraise(month(work=WorkRecord(mean_handling_minutes=5.0))).total == 100


def test_timeliness_is_capped_at_twenty():
    a = appraise(month(work=WorkRecord(mean_handling_minutes=9.0, cases_over_limit=12)))  # 8 + 24
    assert a.evaluation == 60
    assert a.part_points("timeliness") == -20


def test_accuracy_counts_full_points_below_the_target_before_november():
    assert appraise(month(work=WorkRecord(accuracy=96.5))).evaluation == 80  # 0.5 below: no full point
    assert appraise(month(work=WorkRecord(accuracy=95.9))).evaluation == 76  # 1.1 below
    assert appraise(month(work=WorkRecord(accuracy=94.0))).evaluation == 68  # 3 below


def test_accuracy_target_is_99_from_november():
    assert appraise(month(month=NOV, work=WorkRecord(accuracy=97.0))).evaluation == 72  # 2 below 99
    assert appraise(month(month=OCT, work=WorkRecord(accuracy=97.0))).evaluation == 80


def test_accuracy_is_capped_at_twenty():
    a = appraise(month(work=WorkRecord(accuracy=80.0)))  # 17 points × 4 = 68
    assert a.evaluation == 60 and any(ln.rule == "accuracy.cap" for ln in a.lines)


def test_exam_costs_four_per_full_five_points_below_the_pass_rate():
    assert appraise(month(exams=(ExamResult("e1", OCT, 77),))).evaluation == 80
    assert appraise(month(exams=(ExamResult("e1", OCT, 75),))).evaluation == 76
    assert appraise(month(exams=(ExamResult("e1", OCT, 64),))).evaluation == 68  # 16 below: 3 steps


def test_exam_pass_rate_is_90_from_november():
    assert appraise(month(month=NOV, exams=(ExamResult("e1", NOV, 80),))).evaluation == 72
    assert appraise(month(month=OCT, exams=(ExamResult("e1", OCT, 80),))).evaluation == 80


def test_an_exam_with_its_own_pass_mark_is_judged_against_it():
    assert appraise(month(exams=(ExamResult("e1", OCT, 60, pass_mark=60),))).evaluation == 80


def test_exam_deductions_are_capped_at_twenty():
    a = appraise(month(exams=(ExamResult("e1", OCT, 10), ExamResult("e2", OCT, 50))))
    assert a.part_points("exam") == -20


def test_violations_cost_their_points_capped_at_twenty():
    v = tuple(Incident(f"v{i}", OCT, 8, note="x") for i in range(3))
    a = appraise(month(violations=v))
    assert a.evaluation == 60 and a.part_points("violations") == -20


def test_violation_points_outside_one_to_ten_are_refused():
    with pytest.raises(ValueError):
        appraise(month(violations=(Incident("v1", OCT, 11),)))


def test_commendations_add_up_to_ten():
    c = tuple(Incident(f"c{i}", OCT, 4) for i in range(3))
    a = appraise(month(commendations=c))
    assert a.bonus == 10 and a.total == 110
    assert [ln.points for ln in a.lines if ln.rule == "bonus.cap"] == [-2]


def test_commendation_points_outside_one_to_five_are_refused():
    with pytest.raises(ValueError):
        appraise(month(commendations=(Incident("c1", OCT, 6),)))


DEDUCT = (RuleSet(effective_from=dt.date(2000, 1, 1), qa_mode="deduct_below"),)


def test_the_qa_score_below_target_costs_a_point_per_full_point_when_set():
    assert appraise(month(qa_score=82.5), DEDUCT).evaluation == 78  # 2.5 below 85
    assert appraise(month(qa_score=90), DEDUCT).evaluation == 80
    assert appraise(month(qa_score=None), DEDUCT).evaluation == 80


def test_the_qa_deduction_has_its_own_cap():
    rules = (RuleSet(effective_from=dt.date(2000, 1, 1), qa_mode="deduct_below", qa_cap=5),)
    a = appraise(month(qa_score=70), rules)
    assert a.evaluation == 75 and a.part_points("quality") == -5


def test_by_default_the_qa_score_does_not_feed_the_evaluation_as_in_the_manual():
    assert DEFAULT_RULE_SETS[0].qa_mode == "off" and DEFAULT_RULE_SETS[-1].qa_mode == "off"
    assert appraise(month(qa_score=10)).evaluation == 80


def test_a_qa_score_below_target_can_count_as_one_conduct_deduction_sharing_its_cap():
    rules = (RuleSet(effective_from=dt.date(2000, 1, 1), qa_mode="violation_below", qa_points=3),)
    a = appraise(month(qa_score=84.9), rules)
    assert a.evaluation == 77 and [ln.rule for ln in a.lines] == ["violations.quality"]
    assert appraise(month(qa_score=85.0), rules).evaluation == 80
    many = month(qa_score=10, violations=(Incident("v1", OCT, 10), Incident("v2", OCT, 9)))
    assert appraise(many, rules).part_points("violations") == -20  # 22 lost, capped at 20


def test_other_work_points_are_lost_in_the_conduct_part_and_its_money_out_of_fifty():
    a = appraise(month(other_work=OtherWork(points=3, amount=30, note="未按期完成资料整理")), money=True)
    assert a.evaluation == 77 and a.total == 97
    (ln,) = a.lines
    assert (ln.part, ln.rule, ln.points) == ("violations", "violations.other_work", -3)
    assert a.money.evaluation == 180 and a.money.total == 380
    assert [x.amount for x in a.money.lines if x.rule == "money.other_work"] == [-20]
    assert a.other_work.note == "未按期完成资料整理"


def test_other_work_shares_the_conduct_cap_and_no_entry_grants_all_fifty():
    a = appraise(month(violations=(Incident("v1", OCT, 10), Incident("v2", OCT, 8)),
                       other_work=OtherWork(points=5)), money=True)  # fmt: skip
    assert a.part_points("violations") == -20 and a.money.evaluation == 200
    assert appraise(month(), money=True).money.total == 400


def test_other_work_outside_its_range_is_refused():
    with pytest.raises(ValueError):
        appraise(month(other_work=OtherWork(points=21)))
    with pytest.raises(ValueError):
        appraise(month(other_work=OtherWork(amount=60)), money=True)


def test_the_evaluation_never_goes_below_zero():
    a = appraise(
        month(
            work=WorkRecord(accuracy=50, cases_over_limit=20, mean_handling_minutes=20),
            exams=(ExamResult("e", OCT, 0),),
            violations=(Incident("v1", OCT, 10), Incident("v2", OCT, 10)),
            qa_score=0,
        ),
        DEDUCT,
    )
    assert a.evaluation == 0
    assert [ln.points for ln in a.lines if ln.rule == "evaluation.floor"] == [20]


def test_the_same_event_is_never_deducted_twice():
    a = appraise(
        month(
            attendance=(att(1, "personal"), att(1, "personal")),
            violations=(Incident("a1", OCT, 5, kind="absent_or_late_3h"),),
        )
    )
    assert a.attendance == 16 and a.evaluation == 80
    assert len(a.notes) == 2


def test_lines_explain_the_total_exactly():
    a = appraise(
        month(
            attendance=(att(1, "late"),),
            work=WorkRecord(accuracy=95, cases_over_limit=1, mean_handling_minutes=5.5),
            commendations=(Incident("c1", OCT, 3),),
        )
    )
    assert a.base + sum(ln.points for ln in a.lines) == a.total == 18 + 80 - 2 - 2 - 8 + 3


def test_rules_switch_on_the_first_of_november_2026():
    assert rules_for(dt.date(2026, 10, 31)).accuracy_target == 97
    assert rules_for(dt.date(2026, 11, 15)).accuracy_target == 99
    assert rules_for(dt.date(2027, 3, 1)).exam_pass == 90
    with pytest.raises(ValueError):
        rules_for(dt.date(1999, 1, 1))


def test_rounding_helpers():
    assert [started_units(x) for x in (0, 0.2, 1.0, 1.01, -1)] == [0, 1, 1, 2, 0]
    assert [full_units(x) for x in (0, 0.9, 1.0, 4.99, -2)] == [0, 0, 1, 4, 0]
    assert full_units(97 - 96.0) == 1  # float noise does not lose the point
    assert full_units(10, 5) == 2 and full_units(9.5, 5) == 1


# --- money ------------------------------------------------------------------------------------------


def test_money_sick_days_cost_ten_a_day_until_seven_days_lose_everything():
    m = appraise(month(attendance=(att(1, "sick", days=3),)), money=True).money
    assert (m.attendance, m.evaluation, m.total) == (170, 200, 370)
    m = appraise(month(attendance=(att(1, "sick", days=4), att(2, "sick", days=3))), money=True).money
    assert m.attendance == 0


def test_money_personal_days_cost_thirty_a_day_until_five_days_lose_everything():
    m = appraise(month(attendance=(att(1, "personal", days=2),)), money=True).money
    assert m.attendance == 140
    m = appraise(month(attendance=(att(1, "personal", days=5),)), money=True).money
    assert m.attendance == 0


def test_money_sick_and_personal_together_never_go_below_zero():
    m = appraise(month(attendance=(att(1, "personal", days=4), att(2, "sick", days=6))), money=True).money
    assert m.attendance == 20  # 120 + 60
    m = appraise(month(attendance=(att(1, "personal", days=4.5), att(2, "sick", days=6.9))), money=True).money
    assert m.attendance == 0  # 135 + 69 = 204: floored
    assert [ln.amount for ln in m.lines if ln.rule == "money.attendance.floor"] == [pytest.approx(4)]


def test_money_timeliness_accuracy_and_exam_with_caps():
    inp = month(
        work=WorkRecord(accuracy=90, cases_over_limit=4, mean_handling_minutes=7.5),
        exams=(ExamResult("e1", OCT, 68),),
    )
    m = appraise(inp, money=True).money
    # minutes: 3 × 10 = 30; cases 4 × 5 = 20; accuracy 7 × 10 = 70 → 50; exam 2 × 10 = 20
    assert m.evaluation == 200 - 30 - 20 - 50 - 20
    assert [ln.cap_applied for ln in m.lines if ln.rule == "money.accuracy"] == [True]


def test_money_exam_loses_at_most_its_fifty():
    m = appraise(month(exams=(ExamResult("e1", OCT, 0),)), money=True).money
    assert m.evaluation == 150


def test_money_fines_of_twenty_and_fifty_by_kind():
    v = (
        Incident("v1", OCT, 2, kind="uniform"),
        Incident("v2", OCT, 5, kind="absent_or_late_3h"),
        Incident("v3", OCT, 1),
    )
    m = appraise(month(violations=v), money=True).money
    assert m.fines == 70 and m.total == 330


def test_money_is_left_out_unless_asked():
    assert appraise(month()).money is None


# --- properties ---------------------------------------------------------------------------------------

kinds = st.sampled_from(["late", "early", "sick", "personal"])


@st.composite
def inputs(draw):
    n_att = draw(st.integers(0, 15))
    attendance = tuple(
        AttendanceEvent(
            f"a{draw(st.integers(0, 20))}", draw(kinds), OCT, draw(st.sampled_from([0.5, 1, 2, 6]))
        )
        for _ in range(n_att)
    )
    exams = tuple(ExamResult(f"e{i}", OCT, draw(st.floats(0, 100))) for i in range(draw(st.integers(0, 3))))
    work = WorkRecord(
        accuracy=draw(st.none() | st.floats(0, 100)),
        cases_over_limit=draw(st.integers(0, 30)),
        mean_handling_minutes=draw(st.none() | st.floats(0, 30)),
    )
    violations = tuple(
        Incident(f"v{i}", OCT, draw(st.integers(1, 10))) for i in range(draw(st.integers(0, 5)))
    )
    commendations = tuple(
        Incident(f"c{i}", OCT, draw(st.integers(1, 5))) for i in range(draw(st.integers(0, 5)))
    )
    qa = draw(st.none() | st.floats(0, 100))
    m = draw(st.sampled_from([OCT, NOV]))
    other = draw(st.none() | st.builds(OtherWork, st.integers(0, 20), st.none() | st.floats(0, 50)))
    return AppraisalInput("x", m, attendance, exams, work, violations, commendations, qa, other)


@pytest.mark.parametrize("mode", ["off", "deduct_below", "violation_below"])
@settings(max_examples=60, deadline=None)
@given(inp=inputs())
def test_every_qa_mode_keeps_the_bounds(mode, inp):
    rules = (RuleSet(effective_from=dt.date(2000, 1, 1), qa_mode=mode, qa_points=5),)
    a = appraise(inp, rules, money=True)
    assert 0 <= a.evaluation <= 80 and a.base + sum(ln.points for ln in a.lines) == a.total
    assert a.part_points("violations") >= -20 and a.part_points("quality") >= -20


@settings(max_examples=200, deadline=None)
@given(inputs())
def test_totals_stay_within_bounds_and_caps_are_never_exceeded(inp):
    a = appraise(inp, DEFAULT_RULE_SETS, money=True)
    assert 0 <= a.attendance <= 20 and 0 <= a.evaluation <= 80 and 0 <= a.bonus <= 10
    assert 0 <= a.total <= 110
    assert a.base + sum(ln.points for ln in a.lines) == a.total
    for part in ("timeliness", "accuracy", "exam", "violations", "quality", "attendance"):
        assert a.part_points(part) >= -20
    m = a.money
    assert 0 <= m.attendance <= 200 and 0 <= m.evaluation <= 200 and 0 <= m.total <= 400


@settings(max_examples=150, deadline=None)
@given(inp=inputs(), with_other=st.booleans())
def test_as_json_is_the_json_round_trip_of_as_dict(inp, with_other):
    """The appraisal table keeps ``as_json()`` (issue 16: built without the round trip); it must be what
    ``json.loads(json.dumps(as_dict()))`` gives, types included."""
    import json

    if with_other:
        inp = replace(inp, other_work=OtherWork(points=2, amount=12.5, note="值班"))
    a = appraise(inp, DEFAULT_RULE_SETS, money=True)
    fast, slow = a.as_json(), json.loads(json.dumps(a.as_dict()))
    assert fast == slow
    assert json.dumps(fast, sort_keys=True) == json.dumps(slow, sort_keys=True)


def test_json_plain_writes_keys_and_plain_types_as_json_does():
    import enum
    import json

    from hotline.core.appraisal import json_plain

    class Kind(str, enum.Enum):  # noqa: UP042  (str() is not the value: json writes the value)
        A = "a"

    value = {1: (Kind.A, 2.0, None, True), "x": [{"n": 1}], None: False, 2.5: ()}
    assert json_plain(value) == json.loads(json.dumps(value))
    assert json.dumps(json_plain(value)) == json.dumps(json.loads(json.dumps(value)))
    with pytest.raises(TypeError):
        json_plain({"when": dt.date(2026, 1, 1)})


# --- dismissal flags ------------------------------------------------------------------------------------

R = DEFAULT_RULE_SETS[-1]


def facts(m, **kw):
    return MonthFacts(month=dt.date(2026, m, 1), **kw)


def test_sick_leave_of_more_than_a_month_in_the_year_is_flagged():
    year = [facts(2, sick_days=20), facts(5, sick_days=10)]
    assert dismissal_flags(year, dt.date(2026, 5, 1), R) == ()  # exactly 30: not "more than a month"
    year.append(facts(6, sick_days=0.5))
    (flag,) = dismissal_flags(year, dt.date(2026, 6, 1), R)
    assert (flag.rule, flag.quantity, flag.months) == ("dismissal.sick", 30.5, (
        dt.date(2026, 2, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1)))  # fmt: skip


def test_only_the_calendar_year_up_to_the_month_counts():
    year = [
        MonthFacts(dt.date(2025, 12, 1), personal_days=25),
        facts(1, personal_days=10),
        facts(3, personal_days=30),
    ]
    assert dismissal_flags(year, dt.date(2026, 2, 1), R) == ()
    assert [f.rule for f in dismissal_flags(year, dt.date(2026, 3, 1), R)] == ["dismissal.personal"]


def test_absence_late_and_long_sick_leave_in_one_year_is_serious():
    year = [facts(1, absences=1), facts(4, late_early=2), facts(7, sick_days=6.5)]
    assert dismissal_flags(year, dt.date(2026, 7, 1), R) == ()  # 6.5 days is not long sick leave
    year[2] = facts(7, sick_days=7)
    (flag,) = dismissal_flags(year, dt.date(2026, 7, 1), R)
    assert flag.rule == "dismissal.combined" and len(flag.months) == 3
    assert dismissal_flags(year[1:], dt.date(2026, 7, 1), R) == ()  # no absence


def test_consecutive_low_totals_are_flagged_only_when_set():
    year = [facts(m, total=t) for m, t in ((3, 58), (4, 59), (5, 50), (6, 55))]
    assert dismissal_flags(year, dt.date(2026, 6, 1), R) == ()  # off by default (not in the manual)
    rules = RuleSet(effective_from=dt.date(2000, 1, 1), low_total_below=60, low_total_months=3)
    (flag,) = dismissal_flags(year, dt.date(2026, 6, 1), rules)
    assert flag.months == (dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1))
    year[2] = facts(5, total=60)
    assert dismissal_flags(year, dt.date(2026, 6, 1), rules) == ()


def test_month_facts_read_leave_days_lates_and_absences_once():
    inp = month(
        attendance=(
            att(1, "sick", 3),
            att(1, "sick", 3),
            att(2, "late"),
            att(3, "early"),
            att(4, "personal", 0.5),
        ),
        violations=(Incident("v1", OCT, 5, kind="absent_or_late_3h"), Incident("v2", OCT, 2, kind="uniform")),
    )
    f = month_facts(inp, total=90)
    assert (f.sick_days, f.personal_days, f.late_early, f.absences, f.total) == (3, 0.5, 2, 1, 90)


# --- half-year and annual totals --------------------------------------------------------------------


def test_totals_are_sums_ranked_with_shared_ranks():
    ranked = rank_totals([("a", [100, 90]), ("b", [95, 95]), ("c", [99, 92]), ("d", [200])])
    assert [(r.key, r.total, r.rank, r.months) for r in ranked] == [
        ("d", 200, 1, 1), ("c", 191, 2, 2), ("a", 190, 3, 2), ("b", 190, 3, 2),
    ]  # fmt: skip
    assert [r.rank for r in rank_totals([("x", [90]), ("y", [90])])] == [1, 1]  # two first places
    assert rank_totals([]) == []


def test_period_months():
    assert period_months(2026, 1)[0] == dt.date(2026, 1, 1) and len(period_months(2026, 1)) == 6
    assert period_months(2026, 2)[-1] == dt.date(2026, 12, 1) and len(period_months(2026, None)) == 12
    with pytest.raises(ValueError):
        period_months(2026, 3)
