"""Inspection at scale (issue 14 item 6, SPEC §8/§10): a day of 50,000 calls on PostgreSQL, inspected
by the ``inspection.run`` job fanned out in chunks over 1, then 2, real Celery worker processes
(one child each) on Redis. Prints calls per second per worker and the scaling from one to two.

Both runs start from no stored results (the incremental mode would otherwise skip every call), so
each inspects all calls with transcripts (rules and risk score; there are no audio files here).
Transcripts are the STC3 development dialogues when ``shared/data`` has them (1,000 real helpdesk
dialogues, each call's text made distinct by its number, so no cache sees a text twice), else three
scripted ones. Peak memory is sampled from /proc every 0.2 s over the worker processes and their
children (their sum and the largest single process). Then the incremental mode is checked on the
last worker count: a second run with nothing changed must inspect no call, and a run after 1 % of
the transcripts changed must inspect exactly those.

    .venv/bin/python bench/inspection_scale.py [--calls 50000] [--chunk 500] [--workers 1 2]
    BENCH_DATABASE_URL=postgres://…/hotline_bench_inspection  BENCH_REDIS_URL=redis://127.0.0.1:6379/3

Skipped (exit 0, with the reason) when PostgreSQL or Redis is not reachable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _stc3 import transcript_rows  # noqa: E402

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


def dialogues() -> list[list[dict]]:
    """Transcripts to cycle through: the STC3 dialogues (helpdesk = agent, one second a sentence)."""
    path = ROOT.parent / "shared/data/stc3-dev-1000.json"
    if not path.exists():
        return DIALOGUES
    out = []
    for d in json.loads(path.read_text()):
        rows = transcript_rows(d)
        if rows:
            out.append(rows)
    return out


def distinct(rows: list[dict], i: int) -> list[dict]:
    """A copy of a transcript whose first customer sentence names call ``i`` (a text no call shares)."""
    out = [dict(r) for r in rows]
    for r in out:
        if r["speaker"] == "customer":
            r["text"] = f"{r['text']} 来电{i}"
            break
    return out


def build(n: int):
    """The bench center with 50 agents and ``n`` answered calls of DAY, each with a transcript."""
    from zoneinfo import ZoneInfo

    from hotline.calls.models import Call
    from hotline.inspection.models import Transcript
    from hotline.org.models import Center, Person

    center, _ = Center.objects.get_or_create(code="bench-scale", defaults={"name": "压测中心"})
    if Call.objects.filter(center=center, local_date=DAY, transcript__isnull=False).count() == n:
        return center
    texts = dialogues()
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
                Transcript(call=c, segments=distinct(texts[(lo + k) % len(texts)], lo + k), source="bench")
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


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (from /proc; Linux)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class MemorySampler(threading.Thread):
    """Peak resident memory of worker process trees: the sum over all of them and the largest one."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.pids, self.total_mb, self.single_mb = pids, 0.0, 0.0
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            sizes = [_rss_mb(p) for root in self.pids for p in _tree(root)]
            if sizes:
                self.total_mb = max(self.total_mb, sum(sizes))
                self.single_mb = max(self.single_mb, max(sizes))
            self._halt.wait(0.2)

    def stop(self):
        self._halt.set()
        self.join()


def run_once(center) -> tuple[float, object]:
    """Start a run of DAY and wait for its job; (seconds, the run)."""
    from hotline.inspection.models import InspectionRun
    from hotline.inspection.services import inspection_run_create
    from hotline.jobs.models import Job

    began = time.perf_counter()
    run = inspection_run_create(center=center, date_from=DAY, date_to=DAY)
    while True:
        job = Job.objects.get(pk=run.job_id)
        if job.finished:
            break
        time.sleep(0.2)
    wall = time.perf_counter() - began
    if job.status != "done":
        raise SystemExit(f"the run failed: {job.error}")
    return wall, InspectionRun.objects.get(pk=run.pk)


def measure(center, workers: int, chunk: int, data_dir: str, incremental: bool = False) -> dict:
    from django.db import connection
    from django.utils import timezone

    from hotline.celery import app
    from hotline.inspection.models import CallInspection, Transcript
    from hotline.jobs.tests.worker import database_url, purge, start_workers, stop_workers

    CallInspection.objects.filter(call__center=center).delete()
    purge(BROKER)
    procs = start_workers(workers, database=database_url(connection.settings_dict), broker=BROKER,
                          data_dir=data_dir, extra_env={"HOTLINE_JOBS_CHUNK_CALLS": str(chunk)})  # fmt: skip
    out: dict = {}
    try:
        wait_for_workers(app, workers)
        sampler = MemorySampler([p.pid for p in procs])
        sampler.start()
        wall, run = run_once(center)
        sampler.stop()
        out |= {"wall": wall, "inspected": CallInspection.objects.filter(call__center=center, run=run).count(),
                "total_mb": sampler.total_mb, "single_mb": sampler.single_mb}  # fmt: skip
        if incremental:
            wall, run = run_once(center)
            out["again"] = (wall, CallInspection.objects.filter(run=run).count(), run.unchanged, run.total)
            ids = list(Transcript.objects.filter(call__center=center).order_by("call_id")
                       .values_list("call_id", flat=True)[::100])  # fmt: skip
            Transcript.objects.filter(call_id__in=ids).update(updated_at=timezone.now())
            wall, run = run_once(center)
            out["changed"] = (wall, CallInspection.objects.filter(run=run).count(), len(ids), run.unchanged)
    finally:
        stop_workers(procs)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=50_000)
    ap.add_argument("--chunk", type=int, default=500)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
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
    for workers in args.workers:
        r = measure(center, workers, args.chunk, data_dir, incremental=workers == args.workers[-1])
        results[workers] = r
        n, wall = r["inspected"], r["wall"]
        print(f"{workers} worker(s): {n} calls in {wall:.1f} s = {n / wall:.0f} calls/s, "
              f"{n / wall / workers:.0f} calls/s/worker; peak memory {r['total_mb']:.0f} MB in all "
              f"worker processes, {r['single_mb']:.0f} MB the largest", flush=True)  # fmt: skip
        if "again" in r:
            w, n2, unchanged, total = r["again"]
            print(f"  second run, nothing changed: {n2} calls inspected, {unchanged} of {total} unchanged, "
                  f"{w:.1f} s", flush=True)  # fmt: skip
            w, n3, touched, unchanged = r["changed"]
            print(f"  after {touched} transcripts changed: {n3} calls inspected ({unchanged} unchanged), "
                  f"{w:.1f} s", flush=True)  # fmt: skip
    if len(results) >= 2:
        (a, ra), (b, rb) = sorted(results.items())[:2]
        gain = (rb["inspected"] / rb["wall"]) / (ra["inspected"] / ra["wall"])
        print(f"scaling {a} → {b} workers: {gain:.2f}× throughput "
              f"(ideal {b / a:.2f}×; {os.cpu_count()} CPU cores on this machine)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
