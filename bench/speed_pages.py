"""KPI and score page speed at a national center's size (issue 16, SPEC §3.6, §7) on PostgreSQL:
rollups vs the direct computation, in the same run.

Builds, in a PostgreSQL database of its own (dropped and created again; default
``postgres://postgres@127.0.0.1:5432/hotline_speed_bench``), one center of 1,000 agents (10
companies, 100 teams) with a year of seeded synthetic calls (``--rows``, default 1,000,000) and the
year's regime sessions (a recording and a live session per agent and half-month: 48,000), both written
by COPY, then the KPI rollups (``hotline.calls.rollups.rollups_rebuild``) and the score rollups
(``hotline.quality.rollups.score_rollups_rebuild``), each timed. Then it renders the KPI and score
pages through Django's test client (as the center's manager; the agent's own pages as an agent),
``--repeat`` times each (after one warm-up), in three modes alternating request by request: reading
the rollups (KPI month rollups for whole months, day rollups for the rest, score rollups), the day
rollups only (``HOTLINE_KPI_MONTH_ROLLUPS`` off), and computing from the calls and sessions
(``HOTLINE_KPI_ROLLUPS`` and ``HOTLINE_SCORE_ROLLUPS`` off: the named baseline), and prints p50/p95
per page and the process's CPU per request. Target: p95 < 300 ms with rollups. Before measuring it
settles the process as ``hotline.wsgi`` does (``hotline.startup.settle``: ``gc.freeze()``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline_speed_bench \\
        .venv/bin/python bench/speed_pages.py [--rows 1000000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
SH = ZoneInfo("Asia/Shanghai")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotline_speed_bench"


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup(url: str, tmp: Path) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["HOTLINE_DATA_DIR"] = str(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hotline.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def populate(rows: int, today: dt.date, seed: int = 1):
    """A center, its people and ``rows`` calls over the 365 days before ``today`` (COPY)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from hotline.org.models import Center, Company, Person, Role, Team

    center = Center.objects.create(name="基准中心", code="bench")
    companies = [Company.objects.create(center=center, name=f"公司{i:02d}") for i in range(10)]
    teams = [Team.objects.create(center=center, name=f"{i:03d}组") for i in range(100)]
    Person.objects.bulk_create(
        [
            Person(name=f"座席{i:04d}", work_number=f"{10000 + i}", center=center, company=companies[i % 10],
                   team=teams[i % 100], sort_key=f"{i:04d}")
            for i in range(1000)
        ]
    )  # fmt: skip
    user = get_user_model().objects.create_user("bench-manager", password="bench-pass-1")
    manager = Person.objects.create(
        name="经理", work_number="90000", center=center, role=Role.MANAGER, user=user
    )
    agent_ids = np.array(
        list(Person.objects.filter(role=Role.AGENT).order_by("pk").values_list("pk", flat=True))
    )
    rng = np.random.default_rng(seed)
    first = dt.datetime.combine(today - dt.timedelta(days=365), dt.time(0), tzinfo=SH).timestamp()
    starts = first + rng.integers(0, 365, rows) * 86400 + rng.integers(8 * 3600, 20 * 3600, rows)
    inbound = rng.random(rows) < 0.93
    abandoned = inbound & (rng.random(rows) < 0.08)
    wait = rng.exponential(18.0, rows)
    talk = rng.gamma(4.0, 60.0, rows)
    hold = np.where(rng.random(rows) < 0.2, rng.exponential(30, rows), 0.0)
    acw = rng.exponential(20.0, rows)
    agent = agent_ids[rng.integers(0, len(agent_ids), rows)]
    resolved = rng.choice(np.array(["", "t", "f"]), rows, p=[0.5, 0.3, 0.2])
    satisfied = rng.choice(np.array(["", "t", "f"]), rows, p=[0.7, 0.25, 0.05])
    skills = np.array(["订货", "服务", "维修", "投诉"])[rng.integers(0, 4, rows)]
    cols = ("call_id, center_id, skill, direction, agent_id, customer, queued_at, answered_at, ended_at, started_at, "
            "local_date, weekday, talk_seconds, hold_seconds, acw_seconds, wait_seconds, abandoned, reason, resolved, "
            "satisfied")  # fmt: skip

    def ts(x: float) -> str:
        return dt.datetime.fromtimestamp(x, dt.UTC).isoformat()

    with connection.cursor() as cur:
        raw = cur.connection  # psycopg 3
        with raw.cursor() as c, c.copy(f"COPY calls_call ({cols}) FROM STDIN") as copy:
            for i in range(rows):
                s = float(starts[i])
                ab = bool(abandoned[i])
                w = float(wait[i])
                local = dt.datetime.fromtimestamp(s, SH)
                res, sat = ("", "") if ab else (resolved[i], satisfied[i])
                copy.write_row((
                    f"b{i}", center.pk, skills[i], "in" if inbound[i] else "out", None if ab else int(agent[i]), "",
                    ts(s), None if ab else ts(s + w), ts(s + w if ab else s + w + float(talk[i])), ts(s),
                    local.date(), local.weekday(), 0.0 if ab else float(talk[i]), 0.0 if ab else float(hold[i]),
                    0.0 if ab else float(acw[i]), w, ab, "", {"t": True, "f": False}.get(res),
                    {"t": True, "f": False}.get(sat),
                ))  # fmt: skip
        cur.execute("ANALYZE calls_call")
    return center, manager


def populate_sessions(center, today: dt.date, seed: int = 2) -> int:
    """A recording and a live regime session per agent and half-month of the 12 months before
    ``today``'s month, submitted, with seeded scores (COPY; no evaluations: the score pages read the
    sessions' scores). Returns the number of sessions."""
    from django.db import connection

    from hotline.org.models import Person, Role
    from hotline.quality.models import Kind, ScoreForm

    monitor = Person.objects.create(name="质检员", work_number="91000", center=center, role=Role.QA_MONITOR)
    form_id = ScoreForm.objects.filter(active=True).order_by("pk").values_list("pk", flat=True).first()
    agents = list(
        Person.objects.filter(center=center, role=Role.AGENT).order_by("pk").values_list("pk", flat=True)
    )
    rng = np.random.default_rng(seed)
    first = today.replace(day=1)
    months = []
    for _ in range(12):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first)
    cols = ("kind, purpose, node_path, note, agent_id, monitor_id, period, date, status, score, form_id, "
            "short_reason, sample, created_at, submitted_at")  # fmt: skip
    n = 0
    with connection.cursor() as cur:
        raw = cur.connection
        with raw.cursor() as c, c.copy(f"COPY quality_session ({cols}) FROM STDIN") as copy:
            for month in months:
                for half, day in (("H1", 5), ("H2", 20)):
                    when = dt.datetime.combine(month.replace(day=day), dt.time(10), tzinfo=SH).isoformat()
                    scores = np.clip(rng.normal(88, 8, (len(agents), 2)), 0, 100)
                    for i, agent in enumerate(agents):
                        for k, kind in enumerate((Kind.RECORDING, Kind.LIVE)):
                            copy.write_row((
                                kind, "regime", "", "", agent, monitor.pk, f"{month:%Y-%m}-{half}",
                                month.replace(day=day), "submitted", round(float(scores[i, k]), 2), form_id, "",
                                "{}", when, when,
                            ))  # fmt: skip
                            n += 1
        cur.execute("ANALYZE quality_session")
    return n


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


MODES = {  # (HOTLINE_KPI_ROLLUPS, HOTLINE_KPI_MONTH_ROLLUPS, HOTLINE_SCORE_ROLLUPS)
    "rollups": (True, True, True),
    "day rollups": (True, False, True),  # the KPI month rollups off
    "direct": (False, False, False),
}


def measure_modes(
    client, url: str, repeat: int, override_settings
) -> dict[str, tuple[list[float], list[float]]]:
    """(wall seconds, this process's CPU seconds) per request of ``url``, ``repeat`` times in each mode,
    the modes alternating request by request so all see the same load on a shared machine."""
    out = {m: ([], []) for m in MODES}

    def settings_of(mode):
        kpi, months, scores = MODES[mode]
        return override_settings(
            HOTLINE_KPI_ROLLUPS=kpi, HOTLINE_KPI_MONTH_ROLLUPS=months, HOTLINE_SCORE_ROLLUPS=scores
        )

    for mode in MODES:  # warm-up
        with settings_of(mode):
            r = client.get(url)
            assert r.status_code == 200, (url, mode, r.status_code)
    for _ in range(repeat):
        for mode in MODES:
            with settings_of(mode):
                t0, c0 = time.perf_counter(), time.process_time()
                r = client.get(url)
                out[mode][0].append(time.perf_counter() - t0)
                out[mode][1].append(time.process_time() - c0)
                assert r.status_code == 200, (url, mode, r.status_code)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--database-url", default=os.environ.get("SPEED_DATABASE_URL", DEFAULT_URL))
    ap.add_argument(
        "--reuse", action="store_true", help="measure the data a previous run left (no generation)"
    )
    args = ap.parse_args()
    if not args.reuse:
        fresh_database(args.database_url)
    with tempfile.TemporaryDirectory() as tmp:
        setup(args.database_url, Path(tmp))
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.test.utils import override_settings
        from django.utils import timezone

        from hotline.calls.models import CallRollup
        from hotline.calls.rollups import rollups_rebuild
        from hotline.org.models import Person, Role
        from hotline.quality.rollups import score_rollups_rebuild

        today = timezone.localdate()
        if args.reuse:
            from hotline.org.models import Center

            center = Center.objects.get(code="bench")
            manager = Person.objects.get(work_number="90000")
            agent_user = get_user_model().objects.get(username="bench-agent")
            agent = Person.objects.get(user=agent_user)
            print(f"reusing {args.database_url}: {CallRollup.objects.count():,} agent rollup rows")
        else:
            t0 = time.perf_counter()
            center, manager = populate(args.rows, today)
            print(
                f"calls: {args.rows:,} over a year, 1,000 agents, written in {time.perf_counter() - t0:.1f} s"
            )
            t0 = time.perf_counter()
            rollups_rebuild()
            with connection.cursor() as cur:
                cur.execute(
                    "ANALYZE calls_callrollup; ANALYZE calls_centerrollup; ANALYZE calls_callmonthrollup; "
                    "ANALYZE calls_centermonthrollup"
                )
            print(
                f"rollups: {CallRollup.objects.count():,} agent rows built in {time.perf_counter() - t0:.1f} s"
            )
            t0 = time.perf_counter()
            n_sessions = populate_sessions(center, today)
            print(f"sessions: {n_sessions:,} written in {time.perf_counter() - t0:.1f} s")
            t0 = time.perf_counter()
            n_scores = score_rollups_rebuild()
            with connection.cursor() as cur:
                cur.execute("ANALYZE quality_scorerollup; ANALYZE quality_centerscorerollup")
            print(f"score rollups: {n_scores:,} agent rows built in {time.perf_counter() - t0:.1f} s")
            agent_user = get_user_model().objects.create_user("bench-agent", password="bench-pass-1")
            agent = Person.objects.filter(center=center, role=Role.AGENT).order_by("pk").first()
            agent.user = agent_user
            agent.save(update_fields=["user"])
        last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        year = f"date_from={today - dt.timedelta(days=365)}&date_to={today}"
        pages = {
            "dashboard (last month, by team, daily)": "/reports/",
            "dashboard (by agent)": "/reports/?by=agent",
            "dashboard (year, by company, monthly)": f"/reports/?{year}&by=company&period=month",
            "dashboard (year, by skill, weekly)": f"/reports/?{year}&by=skill&period=week",
            "monthly report": f"/reports/monthly/{center.pk}/{last_month:%Y-%m}/",
            "KPI API (year, by team)": f"/api/reports/kpis?{year}&by=team",
            "scores (1,000 agents, 6-month trends)": f"/quality/scores/?month={last_month:%Y-%m}",
            "score API (1,000 agents)": f"/api/quality/scores/{last_month:%Y-%m}",
            "appraisal table (1,000 agents)": f"/performance/table/?month={last_month:%Y-%m}",
        }
        agent_pages = {
            "agent: my quality": f"/quality/mine/?month={last_month:%Y-%m}",
            "agent: my appraisal": f"/performance/appraisal/{agent.pk}/{last_month:%Y-%m}/",
        }
        client = Client()
        client.force_login(manager.user)
        agent_client = Client()
        agent_client.force_login(agent_user)
        from hotline.startup import settle

        settle()  # as hotline.wsgi does in every serving process: the startup heap frozen out of full GCs
        results = {}
        for label, url in pages.items():
            results[label] = measure_modes(client, url, args.repeat, override_settings)
        for label, url in agent_pages.items():
            results[label] = measure_modes(agent_client, url, args.repeat, override_settings)
        pages = {**pages, **agent_pages}
        with open("/proc/loadavg") as f:
            load = f.read().split()[:3]
        print(
            f"\nload average during the run: {' '.join(load)} (2 cores); modes alternate request by request"
        )
        print(f"{'page':<42} {'rollups p50/p95 ms':>19} {'day rollups p50/p95':>20} {'direct p50/p95 ms':>19} "
              f"{'CPU p50 ms rollups/day/direct':>30}")  # fmt: skip
        worst = 0.0
        for label in pages:
            cols = []
            for mode in MODES:
                wall, cpu = results[label][mode]
                cols.append(
                    (percentile(wall, 0.5) * 1000, percentile(wall, 0.95) * 1000, percentile(cpu, 0.5) * 1000)
                )
            worst = max(worst, cols[0][1])
            (a50, a95, ac), (d50, d95, dc), (b50, b95, bc) = cols
            print(f"{label:<42} {a50:>8.0f} / {a95:<8.0f} {d50:>9.0f} / {d95:<8.0f} {b50:>8.0f} / {b95:<8.0f} "
                  f"{ac:>12.0f} / {dc:.0f} / {bc:.0f}")  # fmt: skip
        print(
            f"\nworst p95 with rollups: {worst:.0f} ms (target < 300 ms) — {'met' if worst < 300 else 'NOT met'}"
        )
        every = [t for v in results.values() for t in v["rollups"][0]]
        print(f"mean of all rollup timings: {statistics.mean(every) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
