"""Roster benchmark (SPEC §5): 200 agents × 28 days with 30-minute interval coverage.

Builds a seeded instance (a staffing curve with a morning peak, six shift types with breaks,
11-hour rest between days, ≥ 2 rest days per week, ≤ 6 working days in a row), solves it with
``solve_roster`` and prints wall time, the coverage shortfall, and — as the baseline measured in
the same run — the LP-relaxation lower bound of the shortfall (aggregated shift counts per day,
scipy/HiGHS), with the gap between them. Also times the users' 7-person example.

    .venv/bin/python bench/roster.py [--agents 200] [--days 28] [--time-limit 90] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import time
from importlib import resources

SHIFTS = [
    {"name": "早班", "start": "08:30", "end": "17:30", "breaks": [["12:00", "13:00"]]},
    {"name": "早早班", "start": "08:00", "end": "16:30", "breaks": [["11:30", "12:00"]]},
    {"name": "中班", "start": "11:00", "end": "20:00", "breaks": [["16:30", "17:30"]]},
    {"name": "晚班", "start": "09:30", "end": "22:00", "breaks": [["12:00", "14:00"]]},
    {"name": "晚二班", "start": "13:00", "end": "22:00", "breaks": [["17:30", "18:30"]], "night": True},
    {"name": "短班", "start": "09:00", "end": "13:00"},
    {"name": "休"},
]
MIN_REST_HOURS = 11


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def next_day_rules(shifts: list[dict], min_rest_hours: float) -> dict[str, list[str]]:
    """Allowed next-day shifts: at least ``min_rest_hours`` between one day's end and the next start."""
    names = [s["name"] for s in shifts]
    out = {}
    for a in shifts:
        if "end" not in a:
            continue
        allowed = [
            b["name"]
            for b in shifts
            if "start" not in b or 1440 + _minutes(b["start"]) - _minutes(a["end"]) >= min_rest_hours * 60
        ]
        if set(allowed) != set(names):
            out[a["name"]] = allowed
    return out


def staffing_curve(days: int, first_day: dt.date, seed: int, scale: float) -> list[list[int]]:
    """Heads wanted per 30-minute interval 08:00–22:00: a morning peak near 10:15, a smaller one
    near 15:00, an evening tail; weekends at 70 %; ±6 % seeded noise."""
    rng = random.Random(seed)
    table = []
    for d in range(days):
        weekday = (first_day + dt.timedelta(days=d)).weekday()
        level = 0.7 if weekday >= 5 else (1.08 if weekday == 0 else 1.0)
        row = []
        for k in range(28):
            t = 8 + (k + 0.5) / 2
            base = 25 + 95 * math.exp(-(((t - 10.25) / 1.5) ** 2)) + 60 * math.exp(-(((t - 15) / 2.2) ** 2))
            base += 25 * (1 - 1 / (1 + math.exp(-(t - 19))))  # evening tail
            row.append(max(0, round(scale * level * base * rng.uniform(0.94, 1.06))))
        table.append(row)
    return table


def build_instance(agents: int = 200, days: int = 28, seed: int = 7, time_limit_s: float = 90) -> dict:
    first = dt.date(2026, 3, 2)  # a Monday; no public holiday in March 2026
    return {
        "days": days,
        "first_day": first.isoformat(),
        "people": [f"坐席{i:03d}" for i in range(1, agents + 1)],
        "shifts": SHIFTS,
        "rest": "休",
        "next": next_day_rules(SHIFTS, MIN_REST_HOURS),
        "cyclic": False,
        "min_rest_per_week": 2,
        "max_consecutive_work": 6,
        "coverage": {
            "interval_minutes": 30,
            "start": "08:00",
            "demand": staffing_curve(days, first, seed, scale=agents / 200),
        },
        "time_limit_s": time_limit_s,
        "seed": seed,
        "workers": 8,
    }


def lp_bound(problem) -> float:
    """Lower bound of the coverage shortfall (agent-minutes): the LP over shift counts per day with
    ≤ people per day and ≤ people × (7 − rest days) per full week; next-day rules dropped."""
    import numpy as np
    from scipy.optimize import linprog

    cov = problem.coverage
    work = [s.name for s in problem.shifts if s.name != problem.rest]
    D, K = problem.days, len(cov.demand[0])
    n_var = D * len(work)
    idx = {(d, s): d * len(work) + j for d in range(D) for j, s in enumerate(work)}
    rows, rhs = [], []
    cells = problem.coverage_minutes()
    # coverage: -Σ minutes·n[d,s] - short[e,k] <= -want·width
    cov_rows = {}
    for (d, s), lst in cells.items():
        for e, k, m in lst:
            cov_rows.setdefault((e, k), []).append((idx[d, s], m))
    n_short = D * K
    for e in range(D):
        for k in range(K):
            r = np.zeros(n_var + n_short)
            for i, m in cov_rows.get((e, k), []):
                r[i] -= m
            r[n_var + e * K + k] = -1
            rows.append(r)
            rhs.append(-cov.demand[e][k] * cov.interval_minutes)
    P = len(problem.people)
    for d in range(D):
        r = np.zeros(n_var + n_short)
        for s in work:
            r[idx[d, s]] = 1
        rows.append(r)
        rhs.append(P)
    for w in range(D // 7):
        r = np.zeros(n_var + n_short)
        for d in range(7 * w, 7 * w + 7):
            for s in work:
                r[idx[d, s]] = 1
        rows.append(r)
        rhs.append(P * (7 - (problem.min_rest_per_week or 0)))
    c = np.concatenate([np.zeros(n_var), np.ones(n_short)])
    res = linprog(c, A_ub=np.array(rows), b_ub=np.array(rhs), bounds=(0, None), method="highs")
    return float(res.fun)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agents", type=int, default=200)
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--time-limit", type=float, default=90)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dump", help="write the instance JSON here")
    args = ap.parse_args()

    from hotline.core.roster import problem_from_dict, solve_roster
    from hotline.core.roster_check import check_roster

    example = json.loads(
        resources.files("hotline.core").joinpath("data/roster_example.json").read_text("utf-8")
    )
    for cyclic in (False, True):
        t0 = time.perf_counter()
        r = solve_roster(problem_from_dict({**example, "cyclic": cyclic}))
        print(f"7-person example cyclic={cyclic}: {r.status} in {time.perf_counter() - t0:.3f} s")

    data = build_instance(args.agents, args.days, args.seed, args.time_limit)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
    problem = problem_from_dict(data)
    t0 = time.perf_counter()
    bound = lp_bound(problem)
    t_lp = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = solve_roster(problem)
    wall = time.perf_counter() - t0
    broken = check_roster(problem, result.roster)
    width = problem.coverage.interval_minutes
    demand_min = sum(map(sum, problem.coverage.demand)) * width
    print(f"{args.agents} agents × {args.days} days, {sum(map(len, problem.coverage.demand))} intervals")
    print(f"status {result.status}; wall time {wall:.1f} s (time limit {args.time_limit:.0f} s)")
    print(f"rules broken (validator): {len(broken)}")
    print(
        f"coverage shortfall: {result.shortfall_minutes} agent-minutes "
        f"= {result.shortfall_minutes / width:.1f} agent-intervals "
        f"({100 * result.shortfall_minutes / demand_min:.2f} % of demand), {len(result.uncovered)} intervals short"
    )
    print(
        f"baseline LP bound of the shortfall: {bound:.0f} agent-minutes = {bound / width:.1f} agent-intervals ({t_lp:.2f} s)"
    )
    gap = result.shortfall_minutes - bound
    ratio = result.shortfall_minutes / bound if bound > 0 else float("inf") if gap > 0 else 1.0
    print(
        f"gap: {gap:.0f} agent-minutes ({gap / demand_min * 100:.3f} % of demand); shortfall / LP bound = {ratio:.3f}"
    )
    print(f"fairness spreads: nights {result.night_spread}, weekend days {result.weekend_spread}")
    print(f"CP-SAT objective {result.objective}, bound {result.bound}")


if __name__ == "__main__":
    main()
