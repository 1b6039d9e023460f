"""KPIs from the rollups equal the KPIs computed from the calls (§7, issue 16): the definitions do not
drift, whatever the writes (import, re-import, a changed row, save, delete, a moved call). Day rollups,
month rollups (read for a range's whole months, day rows for its ends) and the calls: all three equal."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import random
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline.calls.models import Call, CallMonthRollup, CallRollup, CenterMonthRollup, CenterRollup
from hotline.calls.rollups import ROLLUP_SETTINGS, month_rollups_fill, rollups_deferred, rollups_rebuild
from hotline.calls.services import calls_import
from hotline.reports.selectors import kpi_table, rollup_sources

from .test_kpi_selectors import same

SH = ZoneInfo("Asia/Shanghai")
GROUPINGS = [(None, None), ("skill", None), ("team", None), ("company", None), ("agent", None),
             ("center", "day"), (None, "week"), (None, "month"), ("team", "month")]  # fmt: skip


def rollups_equal_calls(center=None):
    for by, period in GROUPINGS:
        calls = Call.objects.all() if center is None else Call.objects.filter(center=center)
        direct = kpi_table(calls, by=by, period=period, settings=ROLLUP_SETTINGS)
        agentless = by in (None, "center", "skill")
        for model in (CallRollup, CenterRollup) if agentless else (CallRollup,):
            rolled = kpi_table(
                model.objects.all() if center is None else model.objects.filter(center=center),
                by=by, period=period, settings=ROLLUP_SETTINGS,
            )  # fmt: skip
            assert [r.group for r in rolled] == [r.group for r in direct], (by, period, model)
            for a, b in zip(rolled, direct, strict=True):
                same(a, b)
    month_rollups_equal_calls(center)


# The calls of these tests fall on 2026-09-20 … 2026-11-04: whole months, parts of months, both ends.
RANGES = [(dt.date(2026, 9, 1), dt.date(2026, 11, 30)), (dt.date(2026, 9, 20), dt.date(2026, 11, 4)),
          (dt.date(2026, 9, 25), dt.date(2026, 10, 31)), (dt.date(2026, 10, 1), dt.date(2026, 11, 2)),
          (dt.date(2026, 10, 1), dt.date(2026, 10, 31)), (dt.date(2026, 10, 3), dt.date(2026, 10, 20)),
          (dt.date(2026, 8, 1), dt.date(2026, 12, 31))]  # fmt: skip


def month_rollups_equal_calls(center=None):
    """Every grouping over every range: the month + day rollup parts equal the calls."""

    def make(model):
        return model.objects.all() if center is None else model.objects.filter(center=center)

    for lo, hi in RANGES:
        for by, period in GROUPINGS:
            direct = kpi_table(
                make(Call).filter(local_date__range=(lo, hi)), by=by, period=period, settings=ROLLUP_SETTINGS
            )
            for agentless in (True, False) if by in (None, "center", "skill") else (False,):
                parts = rollup_sources(make, lo, hi, agentless=agentless, period=period)
                months = {CallMonthRollup, CenterMonthRollup} & {q.model for q in parts}
                assert bool(months) == (period not in ("day", "week") and (lo, hi) != RANGES[-2]), (
                    lo,
                    hi,
                    period,
                )
                rolled = kpi_table(parts, by=by, period=period, settings=ROLLUP_SETTINGS)
                assert [r.group for r in rolled] == [r.group for r in direct], (lo, hi, by, period, agentless)
                for a, b in zip(rolled, direct, strict=True):
                    same(a, b)


call_strategy = st.fixed_dictionaries({
    "agent": st.sampled_from([None, "agent", "peer", "stranger", "other_agent"]),
    "day": st.integers(0, 45),
    "minute": st.integers(0, 24 * 60 - 1),
    "direction": st.sampled_from(["in", "in", "in", "out"]),
    "abandoned": st.booleans(),
    "wait": st.one_of(st.none(), st.sampled_from([0.0, 4.999, 5.0, 19.5, 20.0, 20.001]), st.floats(0, 120)),
    "talk": st.floats(0, 900),
    "hold": st.sampled_from([0.0, 12.5]),
    "acw": st.sampled_from([0.0, 30.0]),
    "skill": st.sampled_from(["订货", "投诉", ""]),
    "resolved": st.sampled_from([None, True, False]),
    "satisfied": st.sampled_from([None, True, False]),
})  # fmt: skip


def fields(p, c):
    agent = getattr(p, c["agent"]) if c["agent"] and not c["abandoned"] else None
    center = agent.center if agent else (p.other_center if c["day"] % 7 == 0 else p.center)
    start = dt.datetime(2026, 9, 20, tzinfo=SH) + dt.timedelta(days=c["day"], minutes=c["minute"])
    wait = c["wait"]
    answered = None if c["abandoned"] else start + dt.timedelta(seconds=wait or 0)
    return dict(
        center=center, agent=agent, skill=c["skill"], direction=c["direction"],
        queued_at=None if wait is None else start, answered_at=answered,
        ended_at=start + dt.timedelta(seconds=(wait or 0) + c["talk"]), started_at=start,
        local_date=start.date(), weekday=start.weekday(), talk_seconds=0.0 if c["abandoned"] else c["talk"],
        hold_seconds=c["hold"], acw_seconds=c["acw"], wait_seconds=wait, abandoned=c["abandoned"],
        resolved=c["resolved"], satisfied=c["satisfied"],
    )  # fmt: skip


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    calls=st.lists(call_strategy, min_size=1, max_size=30),
    edits=st.lists(st.tuples(st.integers(0, 39), call_strategy), max_size=8),
    deletions=st.lists(st.integers(0, 39), max_size=6),
)
def test_rollup_kpis_equal_the_direct_computation_after_any_writes(personas, calls, edits, deletions):
    Call.objects.all().delete()
    made = [Call.objects.create(call_id=f"p{i}", **fields(personas, c)) for i, c in enumerate(calls)]
    for i, c in edits:  # a changed call, possibly moved to another day, center or agent
        if i < len(made):
            for k, v in fields(personas, c).items():
                setattr(made[i], k, v)
            made[i].save()
    for i in deletions:
        if i < len(made) and made[i].pk is not None:
            made[i].delete()
    rollups_equal_calls()
    rollups_equal_calls(personas.center)


def test_a_queryset_delete_in_a_deferred_block_and_a_rebuild_keep_them_equal(personas):
    rng = random.Random(3)
    with rollups_deferred():
        for i in range(60):
            c = dict(
                agent=rng.choice([None, "agent", "peer", "stranger"]), day=rng.randrange(40), minute=rng.randrange(1440),
                direction=rng.choice(["in", "out"]), abandoned=rng.random() < 0.2,
                wait=rng.choice([None, rng.uniform(0, 30)]), talk=rng.uniform(0, 600), hold=0.0, acw=30.0,
                skill=rng.choice(["订货", "投诉"]), resolved=rng.choice([None, True]), satisfied=None,
            )  # fmt: skip
            Call.objects.create(call_id=f"d{i}", **fields(personas, c))
        assert CallRollup.objects.count() == 0  # deferred: nothing yet
    assert CallRollup.objects.count() > 0
    rollups_equal_calls()
    Call.objects.filter(skill="投诉").delete()
    rollups_equal_calls()
    CallMonthRollup.objects.all().delete()
    CenterMonthRollup.objects.all().delete()
    month_rollups_fill(CallRollup, CallMonthRollup, CenterMonthRollup)  # the migration's fill
    rollups_equal_calls()
    for model in (CallRollup, CenterRollup, CallMonthRollup, CenterMonthRollup):
        model.objects.all().delete()
    rollups_rebuild()
    assert CallMonthRollup.objects.count() and CenterMonthRollup.objects.count()
    rollups_equal_calls()


HEADER = "call_id,agent,answered_at,ended_at,queued_at,center,skill,customer,talk_seconds,abandoned\n"


def test_imports_keep_the_rollups_equal_and_a_second_run_changes_nothing(personas, tmp_path):
    rng = random.Random(11)
    lines = []
    for i in range(120):
        day = dt.datetime(2026, 10, 1, 8) + dt.timedelta(days=rng.randrange(20), minutes=rng.randrange(600))
        wait = rng.choice([2, 6, 15, 20, 25, 60])
        abandoned = rng.random() < 0.2
        q = day.strftime("%Y-%m-%d %H:%M:%S")
        ans = "" if abandoned else (day + dt.timedelta(seconds=wait)).strftime("%Y-%m-%d %H:%M:%S")
        end = (day + dt.timedelta(seconds=wait + (0 if abandoned else 200))).strftime("%Y-%m-%d %H:%M:%S")
        agent = "" if abandoned else rng.choice(["8001", "8002", "8003"])
        lines.append(f"i{i},{agent},{ans},{end},{q},廊坊中心,{rng.choice(['订货', '投诉'])},138,{0 if abandoned else 200},"
                     f"{int(abandoned)}\n")  # fmt: skip
    p = tmp_path / "calls.csv"
    p.write_text(HEADER + "".join(lines), encoding="utf-8")
    calls_import(path=p)
    rollups_equal_calls()
    before = sorted(
        map(str, CallRollup.objects.values_list("center_id", "local_date", "skill", "agent_id", "n_in"))
    )
    calls_import(path=p)  # idempotent
    after = sorted(
        map(str, CallRollup.objects.values_list("center_id", "local_date", "skill", "agent_id", "n_in"))
    )
    assert before == after
    # a changed file: some calls move to another day and agent
    moved = [ln.replace("2026-10-0", "2026-10-2").replace(",8001,", ",8003,") for ln in lines[:30]]
    p.write_text(HEADER + "".join(moved + lines[30:]), encoding="utf-8")
    result = calls_import(path=p)
    assert result.updated > 0
    rollups_equal_calls()


def test_other_thresholds_are_refused_by_the_rollups(personas):
    from hotline.core.kpi import KpiSettings

    with pytest.raises(ValueError):
        kpi_table(CenterRollup.objects.all(), settings=KpiSettings(answer_time=30))


def rounded(text: str) -> str:
    """A page without its CSRF token, floats to 9 digits: sums of sums differ from one sum in the last
    bits of a float (the chart's raw numbers)."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)  # masked anew on every render
    return re.sub(r"\d+\.\d+(e-?\d+)?", lambda m: f"{float(m.group()):.9g}", text)


def test_pages_and_api_read_the_same_numbers_with_and_without_rollups(personas, login, settings):
    rng = random.Random(5)
    for i in range(40):
        c = dict(
            agent=rng.choice([None, "agent", "peer", "stranger"]), day=rng.randrange(40), minute=rng.randrange(1440),
            direction="in", abandoned=rng.random() < 0.2, wait=rng.choice([None, rng.uniform(0, 30)]),
            talk=rng.uniform(0, 600), hold=0.0, acw=30.0, skill=rng.choice(["订货", "投诉"]), resolved=None,
            satisfied=rng.choice([None, True]),
        )  # fmt: skip
        Call.objects.create(call_id=f"v{i}", **fields(personas, c))
    span = {"date_from": "2026-09-20", "date_to": "2026-11-10"}
    for person in (personas.manager, personas.leader):
        client = login(person)
        pages = {}
        for on, months in ((True, True), (True, False), (False, False)):  # month rollups, day rollups, calls
            settings.HOTLINE_KPI_ROLLUPS = on
            settings.HOTLINE_KPI_MONTH_ROLLUPS = months
            pages[on, months] = [
                rounded(client.get("/reports/", {**span, "by": by, "period": period}).content.decode())
                for by in ("team", "agent", "skill", "company") for period in ("week", "month")
            ] + [
                rounded(client.get("/reports/", {**span, "by": by, "group": group, "period": "month"}).content.decode())
                for by, group in (("team", personas.team_a.name), ("skill", "订货"), ("company", personas.company.name))
            ] + [
                rounded(json.dumps(client.get("/api/reports/kpis", {**span, "by": by, "period": period}).json()))
                for by in ("company", "team", "") for period in ("", "month")
            ]  # fmt: skip
        for other in ((True, False), (False, False)):
            for a, b in zip(pages[True, True], pages[other], strict=True):
                diff = [d for d in difflib.ndiff(a.split("<"), b.split("<")) if d[:1] in "+-"]
                assert not diff, (person, other, diff[:12])


def test_the_rebuild_command(personas):
    from django.core.management import CommandError, call_command

    Call.objects.create(call_id="r1", **fields(personas, dict(
        agent="agent", day=1, minute=600, direction="in", abandoned=False, wait=3.0, talk=100.0, hold=0.0, acw=0.0,
        skill="订货", resolved=True, satisfied=None,
    )))  # fmt: skip
    CallRollup.objects.all().delete()
    call_command("rollups_rebuild", "--center", personas.center.code)
    assert CallRollup.objects.get().n_ans == 1
    with pytest.raises(CommandError):
        call_command("rollups_rebuild", "--center", "nowhere")
