"""Inspection at scale (issue 14 item 6, SPEC §8/§10): a day of 50,000 calls on PostgreSQL, inspected
by the ``inspection.run`` job fanned out in chunks over 1, then 2, real Celery worker processes
(one child each) on Redis. Prints calls per second per worker and the scaling from one to two.

Both runs start from no stored results (the incremental mode would otherwise skip every call), so
each inspects all calls with transcripts (rules and risk score; there are no audio files here).

    .venv/bin/python bench/inspection_scale.py [--calls 50000] [--chunk 500]
    BENCH_DATABASE_URL=postgres://…/hotline_bench_inspection  BENCH_REDIS_URL=redis://127.0.0.1:6379/3

Skipped (exit 0, with the reason) when PostgreSQL or Redis is not reachable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hotline_bench_inspection")
BROKER = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
DAY = dt.date(2026, 11, 18)  # a fixed Wednesday: the bench never depends on today's date

DIALOGUES = [
    [{"speaker": "agent", "start": 0.4, "end": 3.5, "text": "您好，欢迎致电订货热线，工号八零零幺为您服务"},
     {"speaker": "customer", "start": 4.0, "end": 6.0, "text": "我想订一下这周的货"},
     {"speaker": "agent", "start": 6.5, "end": 9.0, "text": "好的，请您说一下，跟您确认一下，周四配送"},
     {"speaker": "agent", "start": 25.0, "end": 28.0, "text": "感谢您的配合，祝您生活愉快，再见"}],
    [{"speaker": "agent", "start": 0.4, "end": 2.0, "text": "喂"},
     {"speaker": "customer", "start": 2.5, "end": 5.0, "text": "我想问一下明天能送吗"},
     {"speaker": "agent", "start": 5.5, "end": 7.0, "text": "不知道，你听不懂吗"}],
    [{"speaker": "agent", "start": 0.3, "end": 2.5, "text": "您好，有什么可以帮到您"},
     {"speaker": "customer", "start": 3.0, "end": 8.0, "text": "我上周投诉的问题到现在还没有解决，我要找你们领导"},
     {"speaker": "agent", "start": 8.5, "end": 12.0, "text": "非常抱歉给您带来不便，我马上帮您查询处理进度"},
     {"speaker": "customer", "start": 12.5, "end": 14.0, "text": "怎么又是这样"},
     {"speaker": "agent", "start": 40.0, "end": 43.0, "text": "请问还有其他可以帮您的吗，再见"}],
]  # fmt: skip


def reachable() -> str | None:
    import socket

    import psycopg

    try:
        psycopg.connect(DB.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001
        return f"PostgreSQL is not reachable ({exc.__class__.__name__})"
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return "Redis is not running on 127.0.0.1:6379"
    return None


def ensure_database() -> None:
    import psycopg

    name = DB.rsplit("/", 1)[1]
    with psycopg.connect(DB.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build(n: int):
    """The bench center with 50 agents and ``n`` answered calls of DAY, each with a transcript."""
    from zoneinfo import ZoneInfo

    from hotline.calls.models import Call
    from hotline.inspection.models import Transcript
    from hotline.org.models import Center, Person

    center, _ = Center.objects.get_or_create(code="bench-scale", defaults={"name": "压测中心"})
    if Call.objects.filter(center=center, local_date=DAY, transcript__isnull=False).count() == n:
        return center
    Call.objects.filter(center=center).delete()
    agents = []
    for i in range(50):
        p, _ = Person.objects.get_or_create(
            work_number=f"B{i:04d}", defaults={"name": f"压测{i}", "center": center}
        )
        agents.append(p)
    zone = ZoneInfo("Asia/Shanghai")
    start = dt.datetime.combine(DAY, dt.time(8, 0), tzinfo=zone)
    step = (12 * 3600) / n
    for lo in range(0, n, 5000):
        calls = []
        for i in range(lo, min(n, lo + 5000)):
            t = start + dt.timedelta(seconds=i * step)
            calls.append(Call(call_id=f"bench-{DAY:%Y%m%d}-{i:06d}", center=center, agent=agents[i % 50],
                              started_at=t, answered_at=t, ended_at=t + dt.timedelta(seconds=120), local_date=DAY,
                              weekday=DAY.weekday(), talk_seconds=120, skill="订货"))  # fmt: skip
        Call.objects.bulk_create(calls)
        Transcript.objects.bulk_create(
            [
                Transcript(call=c, segments=DIALOGUES[k % len(DIALOGUES)], source="bench")
                for k, c in enumerate(calls)
            ]
        )
        print(f"  built {min(n, lo + 5000)} / {n} calls", flush=True)
    return center


def wait_for_workers(app, n: int, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        replies = app.control.inspect(timeout=1).ping() or {}
        if len(replies) >= n:
            return
        time.sleep(0.5)
    raise SystemExit(f"{n} worker(s) did not answer in {timeout:.0f}s")


def measure(center, workers: int, chunk: int, data_dir: str) -> tuple[float, int]:
    from django.db import connection

    from hotline.celery import app
    from hotline.inspection.models import CallInspection
    from hotline.inspection.services import inspection_run_create
    from hotline.jobs.models import Job
    from hotline.jobs.tests.worker import database_url, purge, start_workers, stop_workers

    CallInspection.objects.filter(call__center=center).delete()
    purge(BROKER)
    procs = start_workers(workers, database=database_url(connection.settings_dict), broker=BROKER,
                          data_dir=data_dir, extra_env={"HOTLINE_JOBS_CHUNK_CALLS": str(chunk)})  # fmt: skip
    try:
        wait_for_workers(app, workers)
        began = time.perf_counter()
        run = inspection_run_create(center=center, date_from=DAY, date_to=DAY)
        while True:
            job = Job.objects.get(pk=run.job_id)
            if job.finished:
                break
            time.sleep(0.2)
        wall = time.perf_counter() - began
    finally:
        stop_workers(procs)
    if job.status != "done":
        raise SystemExit(f"the run failed: {job.error}")
    inspected = CallInspection.objects.filter(call__center=center, run=run).count()
    return wall, inspected


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=50_000)
    ap.add_argument("--chunk", type=int, default=500)
    args = ap.parse_args()
    reason = reachable()
    if reason:
        print(f"SKIPPED: {reason}")
        return 0
    ensure_database()
    data_dir = tempfile.mkdtemp(prefix="hotline-bench-")
    os.environ.update(DATABASE_URL=DB, CELERY_BROKER_URL=BROKER, HOTLINE_JOBS_RUNNER="celery",
                      HOTLINE_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="hotline.settings")  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"building {args.calls} calls of {DAY} on {DB.rsplit('@', 1)[-1]} …", flush=True)
    center = build(args.calls)
    results = {}
    for workers in (1, 2):
        wall, inspected = measure(center, workers, args.chunk, data_dir)
        results[workers] = (wall, inspected)
        per = inspected / wall / workers
        print(f"{workers} worker(s): {inspected} calls in {wall:.1f} s = {inspected / wall:.0f} calls/s, "
              f"{per:.0f} calls/s/worker", flush=True)  # fmt: skip
    (w1, n1), (w2, n2) = results[1], results[2]
    print(f"scaling 1 → 2 workers: {(n2 / w2) / (n1 / w1):.2f}× throughput "
          f"(ideal 2.00×; {os.cpu_count()} CPU cores on this machine)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
