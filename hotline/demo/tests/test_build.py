"""build_demo against the database: org shape, determinism, idempotence, the recordings."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from hotline.demo.build import STEPS, DemoStep, build_demo, demo_months, register_step

SMALL = {
    "period": (dt.date(2026, 9, 29), dt.date(2026, 10, 1)),
    "agents_per_company": 2,
    "audio": False,
    "quiet": True,
}


@pytest.fixture(autouse=True)
def recordings_dir(settings, tmp_path, monkeypatch):
    settings.RECORDINGS_DIR = tmp_path / "recordings"
    monkeypatch.setenv("HOTLINE_DEMO_ESPEAK", "0")
    return settings.RECORDINGS_DIR


def _people():
    from hotline.org.models import Person

    return list(
        Person.objects.order_by("work_number").values_list(
            "work_number", "name", "pinyin", "role", "team__name"
        )
    )


def _first_calls(n=30):
    from hotline.calls.models import Call

    return list(
        Call.objects.order_by("started_at", "call_id").values_list(
            "call_id", "started_at", "agent__work_number", "talk_seconds"
        )[:n]
    )


def test_the_demo_runs_from_two_full_months_before_today_through_yesterday():
    assert demo_months(dt.date(2026, 11, 22)) == (dt.date(2026, 9, 1), dt.date(2026, 11, 21))
    assert demo_months(dt.date(2026, 1, 1)) == (dt.date(2025, 11, 1), dt.date(2025, 12, 31))
    assert demo_months(dt.date(2026, 3, 2), months=1) == (dt.date(2026, 2, 1), dt.date(2026, 3, 1))


def test_today_is_the_date_in_shanghai_not_the_machines():
    from hotline.demo.build import center_today

    late = dt.datetime(2026, 11, 22, 23, 50, tzinfo=dt.UTC)  # already Monday 2026-11-23 in Shanghai
    assert center_today(late) == dt.date(2026, 11, 23)
    assert center_today(late - dt.timedelta(hours=8)) == dt.date(2026, 11, 22)


def test_last_month_things_use_the_last_full_month_of_the_demo_days():
    from hotline.demo.build import DemoContext

    def ctx(first, last):
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        return DemoContext(seed=1, days=days, today=last + dt.timedelta(days=1))

    assert ctx(*demo_months(dt.date(2026, 11, 23))).report_month == (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
    )
    assert ctx(*demo_months(dt.date(2026, 11, 1))).report_month == (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
    )
    assert ctx(dt.date(2026, 10, 12), dt.date(2026, 10, 20)).report_month == (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 20),
    )  # no month end in a short test demo: its last month so far
    demo = ctx(*demo_months(dt.date(2026, 11, 23)))
    assert [str(p) for p in demo.periods(finished=True)][-1] == "2026-11-H1"
    assert [str(p) for p in demo.periods()][-1] == "2026-11-H2"


@pytest.mark.django_db
def test_the_full_organisation_has_96_agents_in_teams_of_8_to_12_and_3_monitors_of_32():
    from django.contrib.auth import get_user_model

    from hotline.org.models import Company, Person, Role, Team

    result = build_demo(steps=["org"], quiet=True, today=dt.date(2026, 11, 22))
    roles = Counter(Person.objects.values_list("role", flat=True))
    assert roles[Role.AGENT] == 96 and roles[Role.QA_MONITOR] == 3
    assert roles[Role.MANAGER] == 2 and roles[Role.TRAINER] == roles[Role.PLANNER] == roles[Role.ADMIN] == 1
    for team in Team.objects.all():
        assert 8 <= team.members.filter(role=Role.AGENT).count() <= 12
        assert team.members.filter(role=Role.TEAM_LEADER).count() == 1
    monitors = Person.objects.filter(role=Role.QA_MONITOR)
    assert sorted(m.monitored_agents.count() for m in monitors) == [32, 32, 32]
    assert all(a.monitors.count() == 1 for a in Person.objects.filter(role=Role.AGENT))
    assert Company.objects.count() == 8 and all(c.name.endswith("有限公司") for c in Company.objects.all())
    assert Company.objects.get(name="单县有限公司").sort_key.startswith("shan00xian")
    assert Company.objects.get(name="曾都区有限公司").sort_key.startswith("zeng00du")
    assert Person.objects.filter(name__startswith="单", pinyin__startswith="shan ").exists()
    assert not Person.objects.filter(role=Role.AGENT).exclude(work_number__regex=r"^\d+$").exists()
    user = get_user_model().objects.get(username="8001")
    assert user.check_password("demo1234") and user.person.work_number == "8001"
    assert get_user_model().objects.get(username="admin").is_superuser
    assert {row[0] for row in result.logins} >= {str(r.label) for r in Role}


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_people_and_the_same_first_calls():
    build_demo(seed=5, **SMALL)
    people, calls = _people(), _first_calls()
    assert len(calls) == 30
    build_demo(seed=5, force=True, **SMALL)
    assert _people() == people and _first_calls() == calls
    build_demo(seed=6, force=True, **SMALL)
    assert _people() != people


@pytest.mark.django_db
def test_a_second_run_adds_nothing():
    from hotline.calls.models import Call, Recording
    from hotline.org.models import Person

    first = build_demo(seed=5, **SMALL)
    counts = (Person.objects.count(), Call.objects.count(), Recording.objects.count())
    second = build_demo(seed=5, **SMALL)
    assert first.created and not second.created
    assert (Person.objects.count(), Call.objects.count(), Recording.objects.count()) == counts
    assert second.logins == first.logins


@pytest.mark.django_db
def test_every_answered_call_has_a_demo_recording_and_every_field_is_set():
    from hotline.calls.models import Call

    build_demo(seed=5, **SMALL)
    calls = list(Call.objects.select_related("recording"))
    assert calls
    for c in calls:
        local = c.started_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
        assert c.local_date == local.date() and c.weekday == local.weekday()
        if c.answered_at is None:
            assert c.abandoned and not hasattr(c, "recording")
        else:
            assert c.recording.path == f"demo/{c.local_date:%Y-%m}/{c.call_id}.wav"
            assert c.recording.duration_seconds == (c.ended_at - c.answered_at).total_seconds()
    assert {c.skill for c in calls} == {"订货", "咨询", "投诉", "外呼"}


@pytest.mark.django_db
def test_the_audio_step_writes_each_agents_latest_recordings(recordings_dir):
    from hotline.calls.models import Recording

    result = build_demo(
        seed=5,
        period=(dt.date(2026, 9, 29), dt.date(2026, 9, 29)),
        agents_per_company=1,
        audio_per_agent=1,
        quiet=True,
    )
    files = sorted(recordings_dir.rglob("*.wav"))
    assert len(files) == result.counts["audio files written"] == 8
    written = {f.name for f in files}
    for rec in Recording.objects.select_related("call"):
        later = Recording.objects.filter(call__agent=rec.call.agent, call__started_at__gt=rec.call.started_at)
        assert (rec.path.rsplit("/", 1)[1] in written) == (not later.exists())


@pytest.mark.django_db
def test_a_registered_step_runs_after_the_others_and_is_cleared_on_force():
    ran, cleared = [], []
    step = DemoStep("extra", lambda ctx: ran.append(sorted(ctx.centers)), lambda ctx: cleared.append(True))
    register_step(step)
    try:
        build_demo(seed=5, **SMALL)
        build_demo(seed=5, force=True, **SMALL)
    finally:
        STEPS.remove(step)
    assert ran == [["huangdao", "langfang"]] * 2 and cleared == [True]
