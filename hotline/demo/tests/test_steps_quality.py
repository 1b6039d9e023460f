"""The "quality" demo step: plans for every demo period and the current one, held sessions, scores."""

import datetime as dt

import pytest

from hotline.demo.build import build_demo
from hotline.quality.models import Evaluation, MonitoringPlan, PlanSlot, Session

SMALL = {
    "period": (dt.date(2026, 10, 12), dt.date(2026, 10, 20)),
    "agents_per_company": 2,
    "audio": False,
    "quiet": True,
    "steps": ["org", "calls", "quality"],
}


def test_the_demo_step_plans_holds_and_scores_sessions(db):
    build_demo(seed=3, **SMALL)
    periods = set(MonitoringPlan.objects.values_list("period", flat=True))
    assert {"2026-10-H1", "2026-10-H2"} <= periods and len(periods) == 3  # + the current period
    held = Session.objects.filter(status=Session.Status.SUBMITTED)
    assert held.filter(kind="recording").exists() and held.filter(kind="live").exists()
    assert not Evaluation.objects.filter(session__in=held, score__isnull=True).exists()
    assert PlanSlot.objects.filter(status=PlanSlot.Status.DONE).count() == held.count()


@pytest.mark.slow
def test_rebuilding_the_demo_clears_and_recreates_the_step(db):
    build_demo(seed=3, **SMALL)
    n = Session.objects.count()
    build_demo(seed=3, force=True, **SMALL)
    assert Session.objects.count() == n


def test_the_current_half_month_is_held_up_to_yesterday_and_todays_slots_are_open(db):
    from zoneinfo import ZoneInfo

    from hotline.quality.models import SessionPick

    today = dt.date(2026, 11, 20)  # a Friday: 11-16 … 11-19 of 2026-11-H2 are past
    build_demo(seed=3, **dict(SMALL, period=(dt.date(2026, 11, 9), dt.date(2026, 11, 19))), today=today)
    plan = MonitoringPlan.objects.filter(period="2026-11-H2").first()
    assert plan is not None and plan.slots.filter(date__gte=today).exists()
    assert not plan.slots.filter(date__gte=today, session__isnull=False).exists()
    assert plan.slots.filter(date__lt=today, status=PlanSlot.Status.DONE).exists()
    zone = ZoneInfo("Asia/Shanghai")
    for pick in SessionPick.objects.select_related("session", "call"):
        start = dt.datetime.combine(pick.session.date, dt.time(14), tzinfo=zone)
        assert pick.call.ended_at <= start  # sampled from the calls up to the session's start


def test_on_the_first_day_of_a_half_month_nothing_is_held_in_it_and_nothing_fails(db):
    today = dt.date(2026, 11, 16)  # 2026-11-H2 has no calls yet
    steps = ["org", "calls", "reports", "absences", "quality", "feedback"]
    build_demo(
        seed=3, **dict(SMALL, period=(dt.date(2026, 11, 10), dt.date(2026, 11, 15)), steps=steps), today=today
    )
    assert MonitoringPlan.objects.filter(period="2026-11-H2").exists()
    assert not Session.objects.filter(period="2026-11-H2").exists()
    assert Session.objects.filter(period="2026-11-H1", status=Session.Status.SUBMITTED).exists()


# --- issue 12: every recording session is what `hotline sample` picks from its whole half-month ----------

THREE_WEEKS = {
    **SMALL,
    "period": (dt.date(2026, 10, 26), dt.date(2026, 11, 20)),
    "steps": ["org", "calls", "absences", "quality"],
}


def _hotline_sample(tmp_path, capsys, period: str, leave_out: set[str], min_seconds: float) -> dict:
    """`hotline sample --json` on the demo's exported calls, without ``leave_out``: agent → picks."""
    import csv
    import json

    from hotline.calls.models import Call
    from hotline.calls.services import calls_export_rows
    from hotline.cli.main import main

    path = tmp_path / f"calls-{period}.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for i, row in enumerate(calls_export_rows(Call.objects.order_by("pk"))):
            if i == 0 or row[0] not in leave_out:
                w.writerow(row)
    capsys.readouterr()
    assert (
        main(
            [
                "sample",
                "--calls",
                str(path),
                "--period",
                period,
                "--min-seconds",
                f"{min_seconds:g}",
                "--json",
            ]
        )
        == 0
    )
    out: dict[str, list] = {}
    for p in json.loads(capsys.readouterr().out)["picks"]:
        out.setdefault(p["agent"], []).append((p["call_id"], p["criterion"]))
    return out


def test_every_recording_session_picks_what_hotline_sample_picks_from_its_whole_half_month(
    db, tmp_path, capsys
):
    from zoneinfo import ZoneInfo

    from hotline.calls.models import Call
    from hotline.core.periods import Period
    from hotline.core.sampling import select_recordings
    from hotline.quality.models import Purpose
    from hotline.quality.selectors import period_call_records
    from hotline.quality.services import recording_days

    build_demo(seed=5, today=dt.date(2026, 11, 21), **THREE_WEEKS)
    sessions = list(
        Session.objects.filter(kind="recording", purpose=Purpose.REGIME)
        .select_related("agent", "agent__center")
        .prefetch_related("picks", "picks__call")
    )
    by_period: dict[str, list[Session]] = {}
    for s in sessions:
        by_period.setdefault(s.period, []).append(s)
    assert {"2026-10-H2", "2026-11-H1"} <= set(
        by_period
    )  # the finished half-months were sampled after they ended
    checked = 0
    for period, group in sorted(by_period.items()):
        p = Period.parse(period)
        leave_out: set[str] = set()
        for s in group:  # the calls each agent already had evaluated when the session opened
            leave_out |= set(
                Evaluation.objects.filter(
                    session__agent=s.agent, session__purpose=Purpose.REGIME, call__isnull=False,
                    session__created_at__lt=s.created_at,
                ).values_list("call__call_id", flat=True)
            )  # fmt: skip
        expected = _hotline_sample(tmp_path, capsys, period, leave_out, group[0].sample["min_seconds"])
        for s in group:
            picks = [(k.call.call_id, k.criterion) for k in s.picks.order_by("order")]
            assert picks == expected.get(s.agent.work_number, []), (period, s.agent.work_number)
            # held after the half-month, in the afternoon of one of its recording days, and back then
            assert s.date in recording_days(p, s.agent.center)[0] and s.date > p.end
            local = s.submitted_at.astimezone(ZoneInfo("Asia/Shanghai"))
            assert local.date() == s.date and local.hour >= 14
            # what it sampled re-derives the picks
            calls = Call.objects.filter(call_id__in=s.sample["eligible"])
            records = [r for r in period_call_records(p, agent_ids=[s.agent_id]).get(s.agent_id, [])
                       if r.call_id in set(s.sample["eligible"])]  # fmt: skip
            assert calls.count() == len(s.sample["eligible"]) == len(records)
            again = select_recordings(records, p, min_seconds=s.sample["min_seconds"], tz=s.sample["tz"])
            assert [(k.call_id, k.criterion) for k in again.picks] == picks
            checked += 1
    assert checked == len(sessions) >= 8


def test_demo_sessions_are_submitted_when_they_would_have_been(db):
    from zoneinfo import ZoneInfo

    from hotline.feedback.models import Message
    from hotline.quality.models import EvaluationVersion

    build_demo(seed=5, today=dt.date(2026, 11, 21), **THREE_WEEKS)
    zone = ZoneInfo("Asia/Shanghai")
    held = Session.objects.filter(status=Session.Status.SUBMITTED)
    assert held.exists()
    mornings = 0
    for s in held.prefetch_related("evaluations__call"):
        local = s.submitted_at.astimezone(zone)
        assert local.date() == s.date < dt.date(2026, 11, 21) and s.created_at <= s.submitted_at
        if s.kind == "recording":
            assert local.hour >= 14  # afternoons
        else:  # after the calls it heard, mostly in the morning
            assert all(e.call.ended_at <= s.submitted_at for e in s.evaluations.all() if e.call_id)
            mornings += local.hour < 13
    assert mornings >= 0.8 * held.filter(kind="live").count()
    assert not EvaluationVersion.objects.filter(at__date__gte=dt.date(2026, 11, 22)).exists()
    assert not Message.objects.filter(kind="alert", created_at__date__gte=dt.date(2026, 11, 22)).exists()
    # the last finished half-month's recording days run into the current one: some still ahead
    assert PlanSlot.objects.filter(plan__period="2026-11-H1").count() > 0
