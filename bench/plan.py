"""Recording selection for a whole month in the database (SPEC §3.2, issue 3 item 8).

A temporary SQLite database (migrated from scratch) holds one center with ``--agents`` agents and
``--calls`` calls in one month (generated, seeded; ~92 % recorded, talk times log-normal). Two ways of
choosing every agent's five recordings for both half-months, measured in the same run:

* **product path** — ``hotline.quality.selectors.month_selections``: per half-month (in parallel, one
  worker process each, when there are CPUs for it) one query for all agents' calls
  (``period_call_instants``: bare instants, no model instances), then
  ``hotline.core.sampling.select_from_instants`` per agent. The same path is also timed serially, and
  its picks are checked against the plain core (``select_recordings`` over ``CallRecord`` s built from
  ORM rows) for ``--check-agents`` agents;
* **naive baseline** — one ORM query per agent per criterion (H1: one per weekday; H2: longest,
  shortest, first Monday, last Friday, and all calls for the longest gap). It is slow, so it runs on
  ``--baseline-agents`` agents and is extrapolated linearly to all agents (printed as such).

Prints seconds and the ratio. Target (issue 3): the month's sampling under 10 s.

    .venv/bin/python bench/plan.py [--agents 1000] [--calls 1500000] [--baseline-agents 50] [--workers N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup(tmp: Path) -> None:
    os.environ["HOTLINE_DATA_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hotline.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(n_agents: int, n_calls: int, year: int, month: int, seed: int = 7) -> list[int]:
    """Insert the center, agents, calls and recordings with plain SQL (the ORM would take minutes)."""
    from django.db import connection, transaction

    from hotline.org.models import Center, Person

    center = Center.objects.create(name="基准中心", code="bench")
    people = Person.objects.bulk_create(
        [Person(name=f"座席{i:04d}", work_number=str(100000 + i), center=center, sort_key=f"{i:06d}") for i in range(n_agents)]
    )  # fmt: skip
    agent_ids = np.array([p.pk for p in people])
    rng = np.random.default_rng(seed)
    first = dt.datetime(year, month, 1, tzinfo=dt.UTC) - dt.timedelta(
        hours=8
    )  # local midnight, Asia/Shanghai
    days = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.date(year, month, 1)).days
    agent = agent_ids[rng.integers(0, n_agents, n_calls)]
    day = rng.integers(0, days, n_calls)
    second = rng.integers(8 * 3600, 20 * 3600, n_calls)
    talk = np.clip(rng.lognormal(4.6, 0.8, n_calls), 3, 3600).round(1)
    recorded = rng.random(n_calls) < 0.92
    base = int(first.timestamp())
    queued = base + day * 86400 + second
    answered = queued + 8
    ended = answered + talk
    fmt = "%Y-%m-%d %H:%M:%S"

    def ts(x: float) -> str:
        d = dt.datetime.fromtimestamp(float(x), dt.UTC)
        return d.strftime(fmt) + (f".{d.microsecond:06d}" if d.microsecond else "")

    rows = []
    for i in range(n_calls):
        local = dt.date(year, month, 1) + dt.timedelta(days=int(day[i]))
        rows.append(
            (f"B{i:08d}", center.pk, "订货", "in", int(agent[i]), "", ts(queued[i]), ts(answered[i]), ts(ended[i]),
             ts(queued[i]), local.isoformat(), local.weekday(), float(talk[i]), 0.0, 0.0, 8.0, False, "")
        )  # fmt: skip
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(
            "INSERT INTO calls_call (call_id, center_id, skill, direction, agent_id, customer, queued_at, "
            "answered_at, ended_at, started_at, local_date, weekday, talk_seconds, hold_seconds, acw_seconds, "
            "wait_seconds, abandoned, reason) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            rows,
        )
        cur.execute("SELECT id, call_id FROM calls_call")
        ids = dict((c, i) for i, c in cur.fetchall())
        now = dt.datetime.now(dt.UTC).strftime(fmt)
        recs = [(ids[f"B{i:08d}"], f"B{i:08d}.wav", 2, now) for i in np.flatnonzero(recorded)]
        cur.executemany(
            "INSERT INTO calls_recording (call_id, path, channels, indexed_at) VALUES (%s,%s,%s,%s)", recs
        )
    return [int(a) for a in agent_ids]


def product_path(periods, agent_ids, workers: int | None) -> tuple[float, int, dict]:
    """The product's month: ``month_selections`` (one worker process per half-month; ``workers=1``
    runs the same code serially)."""
    from hotline.org.models import Person
    from hotline.quality.selectors import month_selections

    t0 = time.perf_counter()
    agents = list(Person.objects.filter(pk__in=agent_ids))
    result = month_selections(periods, agents=agents, workers=workers)
    elapsed = time.perf_counter() - t0
    return elapsed, sum(len(s.picks) for sel in result.values() for s in sel.values()), result


def check_against_core(result: dict, periods, agent_ids: list[int], n: int) -> int:
    """For ``n`` agents spread over the list: the product's picks must equal those of the plain core
    (``select_recordings`` over ``CallRecord`` s built from ORM instances, not the product's loader)."""
    from hotline.calls.models import Call
    from hotline.core.calllog import CallRecord
    from hotline.core.sampling import select_recordings
    from hotline.org.models import Person
    from hotline.quality.selectors import settings_for

    step = max(1, len(agent_ids) // max(1, n))
    checked = 0
    for agent in Person.objects.filter(pk__in=agent_ids[::step][:n]).select_related("center"):
        calls = Call.objects.filter(
            agent=agent, local_date__gte=periods[0].start - dt.timedelta(days=1),
            local_date__lte=periods[-1].end + dt.timedelta(days=1),
        ).values_list("call_id", "answered_at", "ended_at", "talk_seconds", "abandoned", "recording__id")  # fmt: skip
        records = [
            CallRecord(c, agent.work_number, a, e, talk_seconds=t, abandoned=ab, recording="1" if rec else "")
            for c, a, e, t, ab, rec in calls
        ]
        for period in periods:
            want = select_recordings(
                records, period, min_seconds=settings_for(agent.center, period.start).min_seconds,
                tz=agent.center.timezone, agent=agent.work_number,
            )  # fmt: skip
            got = result[period][agent.pk]
            if got != want:
                raise SystemExit(f"MISMATCH agent {agent.work_number} {period}: {got.picks} != {want.picks}")
        checked += 1
    return checked


def naive_agent(agent_id: int, period, min_seconds: float = 15.0) -> list[str]:
    """One ORM query per criterion — the way one would write it without the core (approximate rules)."""
    from hotline.calls.models import Call

    base = Call.objects.filter(
        agent_id=agent_id, local_date__gte=period.start, local_date__lte=period.end, abandoned=False,
        answered_at__isnull=False, recording__isnull=False, talk_seconds__gte=min_seconds,
    )  # fmt: skip
    picked: list[str] = []
    if period.half == 1:
        for weekday in range(7):
            calls = list(base.filter(weekday=weekday).values_list("call_id", "local_date", "talk_seconds"))
            if not calls or len(picked) >= 5:
                continue
            by_date: dict = {}
            for c in calls:
                by_date.setdefault(c[1], []).append(c)
            best_day = max(by_date, key=lambda d: (len(by_date[d]), -d.toordinal()))
            day_calls = by_date[best_day]
            avg = sum(c[2] for c in day_calls) / len(day_calls)
            picked.append(min(day_calls, key=lambda c: abs(c[2] - avg))[0])
        return picked
    for qs in (
        base.order_by("-talk_seconds", "started_at"),
        base.order_by("talk_seconds", "started_at"),
        base.filter(weekday=0).order_by("local_date", "started_at"),
        base.filter(weekday=4).order_by("-local_date", "-started_at"),
    ):
        c = qs.exclude(call_id__in=picked).values_list("call_id", flat=True).first()
        if c:
            picked.append(c)
    calls = list(base.order_by("started_at").values_list("call_id", "local_date", "answered_at", "ended_at"))
    best, gap = None, None
    for prev, this in zip(calls, calls[1:], strict=False):
        if prev[1] == this[1] and this[0] not in picked:
            g = (this[2] - prev[3]).total_seconds()
            if gap is None or g > gap:
                best, gap = this[0], g
    if best:
        picked.append(best)
    return picked


def baseline(periods, agent_ids) -> tuple[float, int]:
    t0 = time.perf_counter()
    picks = 0
    for period in periods:
        for a in agent_ids:
            picks += len(naive_agent(a, period))
    return time.perf_counter() - t0, picks


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agents", type=int, default=1000)
    ap.add_argument("--calls", type=int, default=1_500_000)
    ap.add_argument("--baseline-agents", type=int, default=50)
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--workers", type=int, default=None, help="processes (default: CPUs, ≤ 2); 1 = serial")
    ap.add_argument(
        "--check-agents", type=int, default=25, help="agents whose picks are checked against the core"
    )
    ap.add_argument("--generate-into", help=argparse.SUPPRESS)  # internal: the generating subprocess
    args = ap.parse_args()
    year, month = (int(x) for x in args.month.split("-"))
    if args.generate_into:
        setup(Path(args.generate_into))
        generate(args.agents, args.calls, year, month)
        return 0
    with tempfile.TemporaryDirectory(prefix="hotline-bench-plan-") as tmp:
        # Generated in a separate process, so the measurement starts like a real sampling job:
        # a fresh process over an existing database (not one holding the generator's garbage).
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--agents", str(args.agents), "--calls", str(args.calls),
             "--month", args.month, "--generate-into", tmp],
            check=True,
        )  # fmt: skip
        print(
            f"generated {args.calls:,} calls for {args.agents:,} agents in {time.perf_counter() - t0:.1f} s"
        )
        setup(Path(tmp))
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        from hotline.core.periods import Period
        from hotline.org.models import Person

        agent_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        periods = [Period(year, month, 1), Period(year, month, 2)]
        fast, picks, result = product_path(periods, agent_ids, args.workers)
        checked = check_against_core(result, periods, agent_ids, args.check_agents)
        serial = None
        if args.workers != 1:
            serial, _, again = product_path(periods, agent_ids, 1)
            if again != result:
                raise SystemExit("MISMATCH: the serial and the parallel product path disagree")
        subset = agent_ids[: args.baseline_agents]
        slow, slow_picks = baseline(periods, subset)
        per_agent = slow / max(1, len(subset))
        slow_all = per_agent * len(agent_ids)
        print(f"load average before the run: {load}")
        print(f"product path (one query per period + core):  {fast:8.2f} s  ({picks:,} picks, 2 periods, "
              f"{args.workers or 'auto'} workers)")  # fmt: skip
        if serial is not None:
            print(f"  the same, serial (workers=1):               {serial:8.2f} s  (identical picks)")
        print(f"  picks equal to the plain core's (select_recordings over ORM rows) for {checked} agents")
        print(
            f"naive ORM baseline on {len(subset)} agents:       {slow:8.2f} s  ({slow_picks:,} picks); "
            f"extrapolated to {len(agent_ids):,} agents: {slow_all:.1f} s"
        )
        print(f"ratio (baseline extrapolated / product path): {slow_all / fast:.1f}x")
        print(f"target: month's sampling under 10 s — {'met' if fast < 10 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
