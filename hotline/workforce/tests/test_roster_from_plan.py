"""A roster generated from a staffing plan's interval coverage (§5; ``hotline roster generate --plan``):
every hard rule holds (the independent validator ``check_roster``) and the intervals the team
cannot cover are reported as a coverage shortfall."""

import datetime as dt
import json

from hotline.cli.main import main
from hotline.core.roster import problem_from_dict
from hotline.core.roster_check import check_roster, interval_shortfalls
from hotline.org.tests.factories import PersonFactory
from hotline.workforce.models import ForecastRun, Roster, StaffingInterval, StaffingPlan
from hotline.workforce.services.roster import problem_data

from .helpers import SH, make_shifts, make_skill

MONDAY = dt.date(2026, 11, 2)


def _plan(center, heads) -> StaffingPlan:
    """A week's plan: ``heads(hour, minute)`` scheduled heads per half hour, every day alike."""
    skill = make_skill(center)
    run = ForecastRun.objects.create(center=center, skill=skill, first_day=MONDAY, horizon_days=7)
    plan = StaffingPlan.objects.create(center=center, skill=skill, forecast=run, aht_s=180, target_sl=0.8,
                                       answer_time_s=20, shrinkage=0.3)  # fmt: skip
    rows = []
    for d in range(7):
        midnight = dt.datetime.combine(MONDAY + dt.timedelta(days=d), dt.time(0), tzinfo=SH)
        for k in range(48):
            n = heads(k // 2, 30 * (k % 2))
            rows.append(StaffingInterval(plan=plan, start=midnight + dt.timedelta(minutes=30 * k), calls=n * 5.0,
                                         aht_s=180, agents=n, scheduled=n))  # fmt: skip
    StaffingInterval.objects.bulk_create(rows)
    return plan


def test_a_roster_from_a_plans_coverage_keeps_every_rule_and_reports_the_uncovered_peak(personas, capsys):
    make_shifts(personas.center)
    for i in range(5):
        PersonFactory(center=personas.center, team=personas.team_a, name=f"小{i}", work_number=f"70{i}")
    # 3 heads 9:00–17:00, a peak of 12 at 10:00–11:00 that 7 agents cannot meet; 8 agents in the
    # center, 7 of them in 一组 → the team's share is 7/8: 3 → 3 heads, 12 → 11 heads.
    plan = _plan(personas.center, lambda h, m: (12 if h == 10 else 3) if 9 <= h < 17 else 0)
    code = main(["roster", "generate", "--team", "一组", "--first-day", MONDAY.isoformat(), "--days", "7",
                 "--plan", str(plan.pk), "--min-rest", "1", "--time-limit", "3", "--json"])  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    roster = Roster.objects.get()
    assert code == 0 and out["solver_status"] in ("optimal", "feasible") and out["violations"] == []
    assert roster.demand == {"mode": "plan", "plan": plan.pk, "min_rest_per_week": 1}

    problem = problem_from_dict(problem_data(roster))
    assert problem.coverage is not None and problem.coverage.interval_minutes == 30
    assert [problem.coverage.demand[0][k] for k in (17, 18, 20, 21, 34)] == [0, 3, 11, 11, 0]
    grid: dict[str, list[str]] = {}
    for a in roster.assignments.select_related("person", "shift").order_by("date"):
        grid.setdefault(a.person.work_number, []).append(a.shift.short)
    assert len(grid) == 7 and all(len(row) == 7 for row in grid.values())
    assert check_roster(problem, grid) == []

    short, minutes = interval_shortfalls(problem, grid)
    assert minutes > 0
    peak_days = {u["day"] for u in short if u["start"] in ("10:00", "10:30")}
    assert peak_days == set(range(1, 8))  # 11 heads wanted, at most 7 on duty: short every day
    reported = {(u["day"], u["start"]) for u in roster.uncovered if "start" in u}
    assert reported == {(u["day"], u["start"]) for u in short}
    assert {(u["day"], u["start"]) for u in out["uncovered"] if "start" in u} == reported
