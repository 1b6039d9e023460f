"""Erlang staffing benchmark (SPEC §5): a year of 30-minute intervals × 20 skills.

Generates seeded, realistic interval volumes (per-skill daily volume, a two-humped intraday
profile with quiet nights, weekday/weekend pattern, yearly seasonality, Poisson noise, per-skill
AHT with noise), then staffs every interval for 80 % in 20 s with an 85 % occupancy cap:

* **vectorised** — ``required_agents_c_many`` over all intervals at once;
* **baseline, scalar loop** — ``required_agents_c`` called once per interval in Python,
  measured in the same run.

Prints both times, the ratio, and checks that both give identical agents. Then times the vectorised
Erlang A path (patience 120 s) on the first ``--erlang-a-days`` days against its scalar loop.

    .venv/bin/python bench/erlang.py [--days 365] [--skills 20] [--seed 7] [--erlang-a-days 7]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from hotline.core.erlang import (
    required_agents_a,
    required_agents_a_many,
    required_agents_c,
    required_agents_c_many,
)

INTERVAL_S = 1800
TARGET, ANSWER_S, MAX_OCC, PATIENCE_S = 0.8, 20.0, 0.85, 120.0


def synthetic_volumes(days: int, skills: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Calls and AHT (seconds), shape (skills, days × 48), seeded."""
    rng = np.random.default_rng(seed)
    slot = np.arange(48) / 2.0  # hour of day
    profile = (
        0.02
        + np.exp(-0.5 * ((slot - 10.0) / 1.6) ** 2)
        + 0.85 * np.exp(-0.5 * ((slot - 15.0) / 2.0) ** 2)
        + 0.25 * np.exp(-0.5 * ((slot - 20.0) / 1.5) ** 2)
    )
    profile /= profile.sum()
    day = np.arange(days)
    weekly = np.where(day % 7 >= 5, 0.6, 1.0)
    yearly = 1.0 + 0.15 * np.sin(2 * np.pi * day / 365.0)
    daily_volume = rng.lognormal(np.log(2500), 1.0, skills)  # 200 … 30 000 calls a day per skill
    mean = daily_volume[:, None, None] * (weekly * yearly)[None, :, None] * profile[None, None, :]
    mean *= rng.lognormal(0.0, 0.1, mean.shape)  # day-to-day and interval noise beyond Poisson
    calls = rng.poisson(mean).reshape(skills, -1).astype(float)
    base_aht = rng.uniform(150, 420, skills)
    aht = base_aht[:, None] * rng.lognormal(0.0, 0.08, calls.shape)
    return calls, aht


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--skills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--erlang-a-days", type=int, default=7)
    args = ap.parse_args()

    calls, aht = synthetic_volumes(args.days, args.skills, args.seed)
    n = calls.size
    load = calls * aht / INTERVAL_S
    print(f"{n:,} intervals ({args.days} days × 48 × {args.skills} skills), seed {args.seed}")
    print(
        f"calls per interval: mean {calls.mean():.1f}, max {calls.max():.0f}; load max {load.max():.1f} Erl"
    )
    print(f"target {TARGET:.0%} in {ANSWER_S:g} s, occupancy ≤ {MAX_OCC:.0%}")

    t0 = time.perf_counter()
    vec = required_agents_c_many(calls, INTERVAL_S, aht, ANSWER_S, TARGET, MAX_OCC)
    t_vec = time.perf_counter() - t0

    t0 = time.perf_counter()
    flat_c, flat_h = calls.ravel().tolist(), aht.ravel().tolist()
    scalar = np.array(
        [
            required_agents_c(c, INTERVAL_S, h, ANSWER_S, TARGET, MAX_OCC).agents
            for c, h in zip(flat_c, flat_h, strict=True)
        ]
    ).reshape(calls.shape)
    t_scalar = time.perf_counter() - t0

    same = np.array_equal(vec, scalar)
    print("\nErlang C staffing")
    print(f"  baseline scalar loop (required_agents_c per interval): {t_scalar:8.3f} s")
    print(f"  vectorised (required_agents_c_many):                   {t_vec:8.3f} s")
    print(f"  ratio baseline / vectorised: {t_scalar / t_vec:.1f}×   identical agents: {same}")
    print(f"  agent-intervals {int(vec.sum()):,}; peak agents per skill {vec.max(axis=1).tolist()}")
    if not same:
        bad = np.argwhere(vec != scalar)
        raise SystemExit(f"MISMATCH at {len(bad)} intervals, first {bad[0].tolist()}")

    k = min(args.erlang_a_days, args.days) * 48
    ca, ha = calls[:, :k], aht[:, :k]
    t0 = time.perf_counter()
    va = required_agents_a_many(ca, INTERVAL_S, ha, ANSWER_S, TARGET, PATIENCE_S, MAX_OCC)
    t_va = time.perf_counter() - t0
    t0 = time.perf_counter()
    sa = np.array(
        [
            required_agents_a(c, INTERVAL_S, h, ANSWER_S, TARGET, PATIENCE_S, MAX_OCC).agents
            for c, h in zip(ca.ravel().tolist(), ha.ravel().tolist(), strict=True)
        ]
    ).reshape(ca.shape)
    t_sa = time.perf_counter() - t0
    print(f"\nErlang A staffing (patience {PATIENCE_S:g} s), first {k // 48} days: {ca.size:,} intervals")
    print(f"  baseline scalar loop (required_agents_a per interval): {t_sa:8.3f} s")
    print(f"  vectorised (required_agents_a_many):                   {t_va:8.3f} s")
    print(f"  ratio {t_sa / t_va:.1f}×   identical agents: {np.array_equal(va, sa)}")
    print(f"  {1e3 * t_va / ca.size:.2f} ms per interval; Erlang A saves "
          f"{int(vec[:, :k].sum() - va.sum()):,} agent-intervals vs Erlang C on these days")  # fmt: skip


if __name__ == "__main__":
    main()
