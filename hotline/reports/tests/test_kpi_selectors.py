"""The database KPI aggregation equals the core's definitions on the same calls (§7)."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest

from hotline.calls.models import Call
from hotline.core.calllog import CallRecord
from hotline.core.kpi import KpiSettings, summarise_by
from hotline.reports.models import KpiTarget
from hotline.reports.selectors import kpi_table, target_for

SH = ZoneInfo("Asia/Shanghai")


def random_calls(personas, n=300, seed=7):
    rng = random.Random(seed)
    records = []
    agents = [personas.agent, personas.peer, personas.stranger]
    for i in range(n):
        start = dt.datetime(2026, 9, 20, 8, tzinfo=SH) + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 40))
        direction = "in" if rng.random() < 0.9 else "out"
        abandoned = direction == "in" and rng.random() < 0.15
        wait = rng.choice([None, rng.uniform(0, 60), rng.uniform(0, 8)])
        queued = None if wait is None else start
        answered = None if abandoned else (start + dt.timedelta(seconds=wait or 0))
        talk = rng.uniform(30, 600)
        ended = (answered or start + dt.timedelta(seconds=wait or 3)) + dt.timedelta(
            seconds=0 if abandoned else talk
        )
        agent = None if abandoned else rng.choice(agents)
        records.append(
            (
                CallRecord(
                    call_id=f"c{i}", agent=agent.work_number if agent else "", answered_at=answered, ended_at=ended,
                    queued_at=queued, center="廊坊中心", skill=rng.choice(["订货", "投诉"]), direction=direction,
                    talk_seconds=0.0 if abandoned else talk, hold_seconds=rng.choice([0.0, 15.0]),
                    acw_seconds=rng.choice([0.0, 30.0]), abandoned=abandoned,
                    resolved=rng.choice([None, True, False]), satisfied=rng.choice([None, True, False]),
                ),
                agent,
            )
        )  # fmt: skip
    for r, agent in records:
        started = r.started_at
        Call.objects.create(
            call_id=r.call_id, center=personas.center, skill=r.skill, direction=r.direction, agent=agent,
            queued_at=r.queued_at, answered_at=r.answered_at, ended_at=r.ended_at, started_at=started,
            local_date=started.astimezone(SH).date(), weekday=started.astimezone(SH).weekday(),
            talk_seconds=r.talk_seconds, hold_seconds=r.hold_seconds, acw_seconds=r.acw_seconds,
            wait_seconds=r.wait_seconds, abandoned=r.abandoned, resolved=r.resolved, satisfied=r.satisfied,
        )  # fmt: skip
    return [r for r, _ in records]


def same(a, b):
    assert a.group == b.group
    for f in ("offered", "answered", "abandoned", "short_abandons", "answered_within", "fcr_n", "satisfaction_n",
              "outbound"):  # fmt: skip
        assert getattr(a, f) == getattr(b, f), f
    for f in ("abandonment_rate", "service_level", "asa", "aht", "fcr", "satisfaction"):
        x, y = getattr(a, f), getattr(b, f)
        assert (x is None and y is None) or x == pytest.approx(y), f


@pytest.mark.parametrize("by", ["skill", "day", "week", "month"])
def test_database_kpis_equal_the_core_definitions(personas, by):
    records = random_calls(personas)
    s = KpiSettings(answer_time=20, short_abandon=5)
    core = summarise_by(records, by, s)
    if by == "skill":
        db = kpi_table(Call.objects.all(), by="skill", settings=s)
    else:
        db = kpi_table(Call.objects.all(), period=by, settings=s)
    assert len(db) == len(core)
    for a, b in zip(db, core, strict=True):
        same(a, b)


def test_the_whole_selection_is_one_row(personas):
    records = random_calls(personas, n=80)
    (row,) = kpi_table(Call.objects.all())
    same(
        row,
        summarise_by(records, "center")[0].__class__(
            **{**summarise_by(records, "center")[0].as_dict(), "group": ""}
        ),
    )


def test_targets_take_the_latest_effective_and_the_most_specific(personas):
    assert target_for("fcr", center_id=personas.center.pk, on=dt.date(2026, 10, 1)).value == 0.40  # default
    KpiTarget.objects.create(kpi="fcr", value=0.35, effective_from=dt.date(2026, 1, 1))
    KpiTarget.objects.create(
        kpi="fcr", center=personas.center, value=0.45, effective_from=dt.date(2026, 10, 1)
    )
    assert target_for("fcr", center_id=personas.center.pk, on=dt.date(2026, 9, 30)).value == 0.35
    assert target_for("fcr", center_id=personas.center.pk, on=dt.date(2026, 10, 1)).value == 0.45
    assert target_for("fcr", center_id=personas.other_center.pk, on=dt.date(2026, 10, 1)).value == 0.35
