"""KPI dashboard benchmark (SPEC §7): database aggregation against a naive per-agent ORM loop.

A temporary SQLite database with one center of 1,000 agents (10 companies, 100 teams) and a year of
seeded synthetic calls (``--rows``, default 1,000,000 ≈ 4 answered calls per agent and working day).
Measured in the same run:

* the dashboard's path — ``hotline.reports.selectors.kpi_table``: one ``values().annotate()`` query
  per table (per agent for the year, per team, a daily trend, a monthly trend);
* the baseline — the naive loop a view would write: for each agent, fetch its calls with the ORM,
  turn them into ``CallRecord`` s and call ``hotline.core.kpi.summarise`` (``--baseline-agents``
  of them, default all; when fewer, the time is also extrapolated to 1,000 and marked so).

The per-agent results of both are checked equal. Prints seconds and the ratio.

    .venv/bin/python bench/dashboard.py [--rows 1000000] [--baseline-agents 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
SH = ZoneInfo("Asia/Shanghai")


def setup(tmp: Path) -> None:
    os.environ["HOTLINE_DATA_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hotline.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def populate(rows: int, seed: int = 1) -> list:
    from django.db import connection, transaction

    from hotline.org.models import Center, Company, Person, Team

    center = Center.objects.create(name="基准中心", code="bench")
    companies = [Company.objects.create(center=center, name=f"公司{i:02d}") for i in range(10)]
    teams = [Team.objects.create(center=center, name=f"{i:03d}组") for i in range(100)]
    Person.objects.bulk_create(
        [
            Person(
                name=f"座席{i:04d}",
                work_number=f"{10000 + i}",
                center=center,
                company=companies[i % 10],
                team=teams[i % 100],
                sort_key=f"{i:04d}",
            )
            for i in range(1000)
        ]  # fmt: skip
    )
    agent_ids = np.array(list(Person.objects.order_by("pk").values_list("pk", flat=True)))
    rng = np.random.default_rng(seed)
    start0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp() - 8 * 3600
    starts = (
        start0 + rng.integers(0, 365 * 86400, rows) // 86400 * 86400 + rng.integers(8 * 3600, 20 * 3600, rows)
    )
    inbound = rng.random(rows) < 0.93
    abandoned = inbound & (rng.random(rows) < 0.08)
    wait = rng.exponential(18.0, rows)
    talk = rng.gamma(4.0, 60.0, rows)
    hold = np.where(rng.random(rows) < 0.2, rng.exponential(30, rows), 0.0)
    acw = rng.exponential(20.0, rows)
    agent = agent_ids[rng.integers(0, 1000, rows)]
    resolved = rng.choice([None, True, False], rows, p=[0.5, 0.3, 0.2])
    satisfied = rng.choice([None, True, False], rows, p=[0.7, 0.25, 0.05])
    skills = np.array(["订货", "服务", "维修", "投诉"])[rng.integers(0, 4, rows)]
    sql = (
        "INSERT INTO calls_call (call_id, center_id, skill, direction, agent_id, customer, queued_at, answered_at, "
        "ended_at, started_at, local_date, weekday, talk_seconds, hold_seconds, acw_seconds, wait_seconds, "
        "abandoned, reason, resolved, satisfied) VALUES ({})".format(",".join(["%s"] * 20))
    )

    def iso(ts: float) -> str:
        return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    batch = []
    with transaction.atomic(), connection.cursor() as cur:
        for i in range(rows):
            s = float(starts[i])
            ab = bool(abandoned[i])
            w = float(wait[i])
            ans = None if ab else s + w
            end = s + w if ab else s + w + float(talk[i])
            local = dt.datetime.fromtimestamp(s, SH)
            batch.append((
                f"b{i}", center.pk, skills[i], "in" if inbound[i] else "out", None if ab else int(agent[i]), "",
                iso(s), None if ans is None else iso(ans), iso(end), iso(s), local.date().isoformat(),
                local.weekday(), 0.0 if ab else float(talk[i]), 0.0 if ab else float(hold[i]),
                0.0 if ab else float(acw[i]), w, ab, "", None if ab else resolved[i], None if ab else satisfied[i],
            ))  # fmt: skip
            if len(batch) == 20000:
                cur.executemany(sql, batch)
                batch = []
        if batch:
            cur.executemany(sql, batch)
    return list(Person.objects.order_by("pk"))


def naive(agents) -> dict:
    """The baseline: one ORM query per agent, model instances → CallRecords → core summarise."""
    from hotline.calls.models import Call
    from hotline.core.calllog import CallRecord
    from hotline.core.kpi import summarise

    out = {}
    for a in agents:
        records = [
            CallRecord(
                call_id=c.call_id, agent=a.work_number, answered_at=c.answered_at, ended_at=c.ended_at,
                queued_at=c.queued_at, skill=c.skill, direction=c.direction, talk_seconds=c.talk_seconds,
                hold_seconds=c.hold_seconds, acw_seconds=c.acw_seconds, abandoned=c.abandoned,
                resolved=c.resolved, satisfied=c.satisfied,
            )
            for c in Call.objects.filter(agent=a)
        ]  # fmt: skip
        out[f"{a.work_number} {a.name}"] = summarise(records, f"{a.work_number} {a.name}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--baseline-agents", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from hotline.calls.models import Call
        from hotline.reports.selectors import kpi_table

        t0 = time.perf_counter()
        agents = populate(args.rows)
        print(f"setup: {args.rows:,} calls, {len(agents)} agents in {time.perf_counter() - t0:.1f} s")
        calls = Call.objects.all()
        timings = {}
        t0 = time.perf_counter()
        by_agent = {r.group: r for r in kpi_table(calls, by="agent")}
        timings["per agent (year)"] = time.perf_counter() - t0
        for label, kw in (("per team (year)", {"by": "team"}), ("daily trend", {"period": "day"}),
                          ("monthly trend", {"period": "month"}), ("team × month", {"by": "team", "period": "month"})):  # fmt: skip
            t0 = time.perf_counter()
            kpi_table(calls, **kw)
            timings[label] = time.perf_counter() - t0
        for label, s in timings.items():
            print(f"db aggregation, {label:<18} {s:7.2f} s")
        chosen = agents[: args.baseline_agents]
        t0 = time.perf_counter()
        base = naive(chosen)
        naive_s = time.perf_counter() - t0
        for key, row in base.items():
            mine = by_agent[key]
            assert (mine.offered, mine.answered, mine.abandoned) == (
                row.offered,
                row.answered,
                row.abandoned,
            ), key
            assert abs((mine.aht or 0) - (row.aht or 0)) < 1e-6 and mine.fcr_n == row.fcr_n, key
        scale = len(agents) / len(chosen)
        naive_full = naive_s * scale
        note = "" if scale == 1 else f" (measured {naive_s:.2f} s on {len(chosen)} agents, extrapolated)"
        print(f"naive per-agent ORM loop, 1000 agents  {naive_full:7.2f} s{note}")
        ratio = naive_full / timings["per agent (year)"]
        print(f"ratio naive / db aggregation (per agent, year): {ratio:.1f}x  — results equal")


if __name__ == "__main__":
    main()
