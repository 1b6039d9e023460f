"""KPI aggregation benchmark (SPEC §7): the vectorised path against a plain per-group Python loop.

Synthetic, seeded calls of a center with 1,000 agents over a year. Two measurements, both in this run:

1. On ``--baseline-rows`` calls as ``CallRecord`` objects: the baseline ``summarise_by_loop`` (one
   ``summarise`` per group) against ``summarise_by`` (column arrays + ``numpy.bincount``, including
   the conversion from records), checked equal, ratio printed.
2. On ``--rows`` calls already in column arrays (a year for 1,000 agents, ~4 million): seconds of
   ``summarise_by`` per grouping.

    .venv/bin/python bench/kpi.py [--rows 4000000] [--baseline-rows 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from zoneinfo import ZoneInfo

import numpy as np
import pandas  # noqa: F401  (imported here so its import time is not counted in the first timing)

from hotline.core.calllog import CallRecord
from hotline.core.kpi import CallColumns, KpiSettings, summarise_by, summarise_by_loop

SH = ZoneInfo("Asia/Shanghai")
YEAR_START = dt.datetime(2026, 1, 1, tzinfo=SH).timestamp()
AGENTS = np.array([f"{10000 + i}" for i in range(1000)], dtype=object)
CENTERS = np.array(["廊坊中心", "黄岛中心", "西安中心"], dtype=object)
SKILLS = np.array(["订货", "服务", "维修", "投诉"], dtype=object)


def synthetic_columns(n: int, seed: int = 1) -> CallColumns:
    rng = np.random.default_rng(seed)
    inbound = rng.random(n) < 0.93
    abandoned = inbound & (rng.random(n) < 0.08)
    answered = ~abandoned
    wait = rng.exponential(18.0, n)
    wait[rng.random(n) < 0.02] = np.nan  # no queue time
    handle = np.where(answered, rng.gamma(2.0, 110.0, n), 0.0)
    resolved = np.where(rng.random(n) < 0.4, (rng.random(n) < 0.45).astype(float), np.nan)
    satisfied = np.where(rng.random(n) < 0.2, (rng.random(n) < 0.85).astype(float), np.nan)
    start = YEAR_START + np.sort(rng.random(n)) * 365 * 86400
    agent = AGENTS[rng.integers(0, len(AGENTS), n)]
    agent = np.where(abandoned, "", agent).astype(object)
    return CallColumns(
        inbound=inbound, answered=answered, abandoned=abandoned, wait=wait, handle=handle,
        resolved=resolved, satisfied=satisfied, start=start, center=CENTERS[rng.integers(0, 3, n)],
        skill=SKILLS[rng.integers(0, 4, n)], agent=agent,
    )  # fmt: skip


def to_records(c: CallColumns) -> list[CallRecord]:
    """The same calls as CallRecords (wait and handle times reproduced from the columns)."""
    out = []
    for i in range(len(c)):
        start = dt.datetime.fromtimestamp(float(c.start[i]), SH)
        w = c.wait[i]
        known = not np.isnan(w)
        wait = dt.timedelta(seconds=float(w) if known else 0.0)
        flag = {0.0: False, 1.0: True}
        if c.answered[i]:
            answered_at = start + wait
            ended_at = answered_at + dt.timedelta(seconds=float(c.handle[i]))
        else:
            answered_at, ended_at = None, start + wait
        out.append(
            CallRecord(
                call_id=str(i),
                agent=c.agent[i],
                answered_at=answered_at,
                ended_at=ended_at,
                queued_at=start if known else None,
                center=c.center[i],
                skill=c.skill[i],
                direction="in" if c.inbound[i] else "out",
                abandoned=bool(c.abandoned[i]),
                resolved=flag.get(float(c.resolved[i])),
                satisfied=flag.get(float(c.satisfied[i])),
            )  # fmt: skip
        )
    return out


def _close(a, b) -> bool:
    for x, y in zip(a, b, strict=True):
        for k, v in x.as_dict().items():
            w = y.as_dict()[k]
            if isinstance(v, float) and isinstance(w, float):
                if abs(v - w) > 1e-6 * max(1.0, abs(w)):
                    return False
            elif v != w:
                return False
    return len(a) == len(b)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=4_000_000)
    ap.add_argument("--baseline-rows", type=int, default=100_000)
    args = ap.parse_args()
    s = KpiSettings()

    small = synthetic_columns(args.baseline_rows, seed=2)
    t = time.perf_counter()
    records = to_records(small)
    print(f"built {len(records):,} CallRecords in {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    cols = CallColumns.from_records(records)
    t_conv = time.perf_counter() - t
    print(f"\n1) {len(records):,} CallRecords — baseline: plain per-group Python loop (summarise_by_loop)")
    print(f"   records → column arrays (CallColumns.from_records): {t_conv:.2f} s, counted in 'fast+conv'")
    print(f"{'by':<7}{'loop s':>9}{'fast s':>9}{'ratio':>9}{'fast+conv s':>13}{'ratio':>9}  equal")
    for by in ("agent", "day", "month", "center"):
        t = time.perf_counter()
        slow = summarise_by_loop(records, by, s)
        t_slow = time.perf_counter() - t
        t = time.perf_counter()
        fast = summarise_by(cols, by, s)
        t_fast = time.perf_counter() - t
        t_all = t_fast + t_conv
        print(
            f"{by:<7}{t_slow:>9.2f}{t_fast:>9.3f}{t_slow / t_fast:>8.1f}×{t_all:>13.2f}{t_slow / t_all:>8.1f}×"
            f"  {_close(fast, slow)}"
        )
    del records

    t = time.perf_counter()
    big = synthetic_columns(args.rows)
    print(f"\n2) {len(big):,} calls in column arrays (generated in {time.perf_counter() - t:.1f} s)")
    print(f"{'by':<7}{'fast s':>10}{'groups':>8}")
    for by in ("agent", "day", "month", "center", "skill"):
        t = time.perf_counter()
        rows = summarise_by(big, by, s)
        print(f"{by:<7}{time.perf_counter() - t:>10.2f}{len(rows):>8}")


if __name__ == "__main__":
    main()
