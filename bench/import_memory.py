"""Call import memory and lock benchmark (SPEC §2, §10; issue 10): streaming import vs. all in memory.

Writes a seeded product-layout CSV of ``--rows`` calls (1,000 agents, one center), then, each in a
fresh process so peak RSS is its own:

1. baseline ``read-all``: the pre-streaming path — the whole file read into a ``Table`` and parsed into
   a list of ``CallRecord`` (no database), as the importer did before writing anything;
2. ``import``: ``calls_import`` (two streaming passes, writes in transactions of ``CHUNK`` rows) into a
   fresh SQLite database in WAL mode, while this process plays a user logging in: every 50 ms a
   write transaction (``UPDATE auth_user SET last_login``) and a read, timing the longest wait.

Prints peak RSS (MB), rows/s and, for the import, the longest login stall. Targets: 1 M rows under
300 MB peak RSS; no login stalled for more than ~1 s.

    .venv/bin/python bench/import_memory.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGENTS = [str(10000 + i) for i in range(1000)]


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    t = dt.datetime(2026, 1, 1, 8, 0, 0)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("call_id,agent,answered_at,ended_at,queued_at,center,skill,customer,talk_seconds,reason\n")
        for i in range(rows):
            t += dt.timedelta(seconds=rng.randint(1, 30))
            q = t
            a = q + dt.timedelta(seconds=rng.randint(0, 60))
            talk = rng.randint(20, 600)
            e = a + dt.timedelta(seconds=talk)
            fh.write(
                f"c{i:08d},{rng.choice(AGENTS)},{a:%Y-%m-%d %H:%M:%S},{e:%Y-%m-%d %H:%M:%S},"
                f"{q:%Y-%m-%d %H:%M:%S},廊坊中心,订货,138{rng.randint(0, 99999999):08d},{talk},查询余额\n"
            )


def _django(data: Path) -> None:
    os.environ["HOTLINE_DATA_DIR"] = str(data)
    os.environ["DATABASE_URL"] = f"sqlite:///{data / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def child(mode: str, csv_path: Path, data: Path) -> dict:
    start = time.perf_counter()
    rows = 0
    if mode == "read-all":
        sys.path.insert(0, str(ROOT))
        from hotline.core.calllog import parse_table
        from hotline.core.tabular import read_rows

        records, _ = parse_table(read_rows(csv_path), keep_good_rows=True)
        rows = len(records)
    elif mode == "setup":
        _django(data)
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        from hotline.org.models import Center, Person

        call_command("migrate", verbosity=0)
        center = Center.objects.create(name="廊坊中心", code="langfang")
        users = get_user_model().objects.bulk_create(get_user_model()(username=a) for a in AGENTS)
        Person.objects.bulk_create(
            Person(work_number=a, name=f"座席{a}", center=center, user=u, sort_key=a)
            for a, u in zip(AGENTS, users, strict=True)
        )
    else:
        _django(data)
        from hotline.calls.services import calls_import

        r = calls_import(path=csv_path)
        rows = r.created + r.updated + r.unchanged
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"mode": mode, "rows": rows, "seconds": seconds, "peak_rss_mb": peak}


def run_child(mode: str, csv_path: Path, data: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--csv", str(csv_path), "--data", str(data)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


class LoginProbe(threading.Thread):
    """A user logging in meanwhile: a small write and a read every 50 ms; the longest wait is kept."""

    def __init__(self, db: Path):
        super().__init__(daemon=True)
        self.db, self.stop, self.worst_write, self.worst_read, self.n = db, threading.Event(), 0.0, 0.0, 0

    def run(self) -> None:
        conn = sqlite3.connect(self.db, timeout=60, isolation_level=None)
        while not self.stop.is_set():
            t0 = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "UPDATE auth_user SET last_login = ? WHERE username = ?", (dt.datetime.now(), "10000")
            )
            conn.execute("COMMIT")
            t1 = time.perf_counter()
            conn.execute("SELECT count(*) FROM org_person").fetchone()
            t2 = time.perf_counter()
            self.worst_write, self.worst_read = max(self.worst_write, t1 - t0), max(self.worst_read, t2 - t1)
            self.n += 1
            time.sleep(0.05)
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--child")
    ap.add_argument("--csv", type=Path)
    ap.add_argument("--data", type=Path)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.csv, args.data)))
        return
    with tempfile.TemporaryDirectory(prefix="hotline-bench-") as tmp:
        tmp = Path(tmp)
        csv_path = tmp / "calls.csv"
        write_csv(csv_path, args.rows)
        print(f"{args.rows:,} rows, {csv_path.stat().st_size / 1e6:.0f} MB CSV")
        base = run_child("read-all", csv_path, tmp)
        print(
            f"baseline read-all (whole file → list of records, no database): peak RSS {base['peak_rss_mb']:.0f} MB, "
            f"{base['rows'] / base['seconds']:,.0f} rows/s"
        )
        run_child("setup", csv_path, tmp)
        probe = LoginProbe(tmp / "bench.sqlite3")
        probe.start()
        imp = run_child("import", csv_path, tmp)
        probe.stop.set()
        probe.join()
        print(
            f"streaming import (validate pass + batched writes, SQLite WAL): peak RSS {imp['peak_rss_mb']:.0f} MB, "
            f"{imp['rows'] / imp['seconds']:,.0f} rows/s ({imp['seconds']:.0f} s)"
        )
        print(
            f"login meanwhile ({probe.n} tries): longest write wait {probe.worst_write:.2f} s, "
            f"longest read {probe.worst_read:.3f} s"
        )
        print(
            f"peak RSS ratio import/baseline: {imp['peak_rss_mb'] / base['peak_rss_mb']:.2f}; "
            f"target < 300 MB: {'ok' if imp['peak_rss_mb'] < 300 else 'OVER'}; "
            f"target stall < 1 s: {'ok' if probe.worst_write < 1.0 else 'OVER'}"
        )


if __name__ == "__main__":
    main()
