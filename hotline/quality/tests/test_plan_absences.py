"""The §3.4 plan respects leave (org.Absence) and rest days of published rosters."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from hotline.org.models import Absence, Role
from hotline.org.services import absence_add
from hotline.org.tests.factories import PersonFactory
from hotline.quality import services
from hotline.quality.models import Kind, PlanSlot
from hotline.workforce.tests.helpers import make_shifts, published_roster

from .helpers import PERIOD, TODAY

D = dt.date
WORKDAYS = [D(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13)]  # 2026-11-H1
AFTER = [D(2026, 11, d) for d in (16, 17, 18, 19, 20)]  # its recording days (§3.1)


def _dates(plan, agent, kind):
    return set(plan.slots.filter(agent=agent, kind=kind).values_list("date", flat=True))


def _more(personas, agents: int, monitors: int):
    extra = [
        PersonFactory(center=personas.center, company=personas.company, team=personas.team_b,
                      work_number=f"81{i:02d}0")
        for i in range(agents)
    ]  # fmt: skip
    mons = [
        PersonFactory(center=personas.center, role=Role.QA_MONITOR, work_number=f"820{i + 1}")
        for i in range(monitors)
    ]
    return extra, mons


def _loads(plan):
    out: dict[int, dict[str, int]] = {}
    for s in plan.slots.exclude(monitor=None):
        out.setdefault(s.monitor_id, {Kind.LIVE: 0, Kind.RECORDING: 0})[s.kind] += 1
    return out


def test_a_monitor_on_leave_gets_no_slot_on_those_days_and_loads_stay_balanced(personas):
    _more(personas, agents=9, monitors=2)  # 12 agents, 3 monitors
    leave = {D(2026, 11, 2), D(2026, 11, 3)}
    absence_add(person=personas.monitor, first_day=D(2026, 11, 2), last_day=D(2026, 11, 3), kind="annual")
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    mine = plan.slots.filter(monitor=personas.monitor)
    assert mine.exists()
    assert not mine.filter(date__in=leave).exists()
    loads = _loads(plan)
    assert len(loads) == 3
    for kind in (Kind.LIVE, Kind.RECORDING):
        counts = [v[kind] for v in loads.values()]
        assert sum(counts) == 12 and max(counts) - min(counts) <= 1
    assert {
        "key": "quality.plan.monitor_leave",
        "params": {"monitor": "8200", "days": ["11-02", "11-03"]},
    } in (plan.warnings)
    assert any(t.startswith("质检员 8200 休假：11-02、11-03") for t in plan.warning_texts())


def test_a_monitor_on_leave_all_period_gets_nothing_and_the_others_share_evenly(personas):
    _extra, mons = _more(personas, agents=5, monitors=2)  # 8 agents
    absence_add(person=personas.monitor, first_day=D(2026, 11, 1), last_day=D(2026, 11, 20), kind="sick")
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    loads = _loads(plan)
    assert set(loads) == {m.pk for m in mons}
    assert all(v == {Kind.LIVE: 4, Kind.RECORDING: 4} for v in loads.values())
    assert not plan.slots.filter(status=PlanSlot.Status.OVERDUE).exists()


def test_a_monitor_on_leave_all_period_but_back_for_the_recording_days_holds_only_recordings(personas):
    _extra, mons = _more(personas, agents=5, monitors=2)  # 8 agents
    absence_add(person=personas.monitor, first_day=D(2026, 11, 1), last_day=D(2026, 11, 15), kind="sick")
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    loads = _loads(plan)
    assert loads[personas.monitor.pk][Kind.LIVE] == 0 and loads[personas.monitor.pk][Kind.RECORDING] > 0
    assert sorted(loads[m.pk][Kind.LIVE] for m in mons) == [4, 4]
    recordings = [v[Kind.RECORDING] for v in loads.values()]
    assert sum(recordings) == 8 and max(recordings) - min(recordings) <= 1
    assert not plan.slots.filter(status=PlanSlot.Status.OVERDUE).exists()


def test_an_agent_on_leave_is_moved_to_the_day_they_are_present(personas):
    absence_add(person=personas.agent, first_day=D(2026, 11, 2), last_day=D(2026, 11, 12), kind="annual")
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    slots = list(plan.slots.filter(agent=personas.agent))
    assert _dates(plan, personas.agent, Kind.LIVE) == {D(2026, 11, 13)}
    assert _dates(plan, personas.agent, Kind.RECORDING) <= set(AFTER)  # back by then
    assert any(s.moved for s in slots)  # the walk cannot have given the live session the last day
    assert not plan.slots.exclude(agent=personas.agent).filter(moved=True).exists()
    assert any(w["key"] == "quality.plan.moved" and w["params"]["n"] >= 1 for w in plan.warnings)


def test_an_agent_absent_all_period_is_reported_overdue(personas):
    absence_add(person=personas.peer, first_day=D(2026, 10, 26), last_day=D(2026, 11, 20), kind="training")
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    slots = plan.slots.filter(agent=personas.peer)
    assert {s.status for s in slots} == {PlanSlot.Status.OVERDUE}
    assert all("absent" in s.reason for s in slots)
    assert plan.slots.filter(agent=personas.agent, status=PlanSlot.Status.PLANNED).count() == 2


def test_a_half_day_leave_keeps_the_agent_off_that_whole_date(personas):
    for day in WORKDAYS[:-1]:
        absence_add(person=personas.agent, first_day=day, half="pm" if day.day % 2 else "am")
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    assert _dates(plan, personas.agent, Kind.LIVE) == {WORKDAYS[-1]}


def test_rest_days_of_a_published_roster_are_respected_and_a_drafts_are_not(personas):
    shifts = make_shifts(personas.center)
    rest_but_13th = "休" * 12 + "早" + "休休"  # 11-01 … 11-15
    published_roster(
        personas.center, personas.team_a, D(2026, 11, 1), {personas.agent: rest_but_13th}, shifts
    )
    published_roster(
        personas.center,
        personas.team_b,
        D(2026, 11, 1),
        {personas.stranger: "休" * 15},
        shifts,
        status="draft",
    )
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    assert _dates(plan, personas.agent, Kind.LIVE) == {D(2026, 11, 13)}
    assert not plan.slots.filter(agent=personas.stranger, status=PlanSlot.Status.OVERDUE).exists()
    assert any(w["key"] == "quality.plan.agents_absent" and w["params"]["rest"] == 1 for w in plan.warnings)


def test_the_plan_page_marks_moved_slots_and_overdue_for_absence(personas, login):
    absence_add(person=personas.agent, first_day=D(2026, 11, 2), last_day=D(2026, 11, 12), kind="annual")
    absence_add(person=personas.peer, first_day=D(2026, 11, 1), last_day=D(2026, 11, 15), kind="sick")
    services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    html = login(personas.manager).get(reverse("quality:plan"), {"center": "langfang", "period": PERIOD})
    text = html.content.decode()
    assert 'class="qa-slot planned moved"' in text or 'class="qa-slot overdue moved"' in text
    assert "qa-absent" in text  # the peer's overdue line is marked as caused by absence
    assert "因缺勤改期" in text  # legend
    assert Absence.objects.count() == 2


def test_leave_on_the_recording_days_after_the_period_is_respected_too(personas):
    absence_add(person=personas.agent, first_day=AFTER[0], last_day=AFTER[3], kind="annual")
    absence_add(person=personas.monitor, first_day=AFTER[0], last_day=AFTER[1], kind="annual")
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    assert _dates(plan, personas.agent, Kind.RECORDING) == {AFTER[4]}
    assert not plan.slots.filter(kind=Kind.RECORDING, date__in=AFTER[:2]).exists()
    assert set(plan.slots.filter(kind=Kind.RECORDING).values_list("date", flat=True)) <= set(AFTER)
