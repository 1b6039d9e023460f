"""``hotline roster solve PROBLEM.json`` — a roster with CP-SAT (SPEC §5, CLI.md).

Prints a people × days grid (or JSON with ``--json``): ``{"status", "roster", "violations",
"uncovered", …}``. Bad input exits 2 naming the field.
"""

from __future__ import annotations

import json
from pathlib import Path

from .common import fail, print_json, print_table, warn


def register(subparsers) -> None:
    p = subparsers.add_parser("roster", help="rosters: who works which shift on which day (§5)")
    sub = p.add_subparsers(dest="roster_command", metavar="SUBCOMMAND")
    s = sub.add_parser("solve", help="solve a roster problem given as JSON")
    s.add_argument("problem", metavar="PROBLEM.json")
    s.add_argument("--json", action="store_true", help="print JSON instead of a grid")
    s.add_argument("--time-limit", type=float, metavar="S", help="seconds per solve (overrides time_limit_s)")
    s.set_defaults(handler=solve)
    p.set_defaults(handler=lambda args: (p.print_help(), 1)[1])


def solve(args) -> int:
    from hotline.core.roster import RosterInputError, problem_from_dict, solve_roster

    path = Path(args.problem)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        fail(f"{path}: cannot read ({exc.strerror})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
    if args.time_limit is not None and args.time_limit <= 0:
        fail("--time-limit: expected a positive number of seconds")
    try:
        problem = problem_from_dict(data, time_limit_s=args.time_limit)
    except RosterInputError as exc:
        fail(f"{path}: {exc}")
    result = solve_roster(problem)
    if args.json:
        print_json(result.to_dict())
    else:
        _print_grid(problem, result)
    if result.status in ("infeasible", "unknown"):
        warn(f"status {result.status}: {len(result.violations)} rule(s) broken in the best-effort roster")
    return 0


def _print_grid(problem, result) -> None:
    import datetime as dt

    headers = ["person"]
    for d in range(1, problem.days + 1):
        if problem.first_day is None:
            headers.append(str(d))
        else:
            date = problem.first_day + dt.timedelta(days=d - 1)
            headers.append(f"{d} {'一二三四五六日'[date.weekday()]}")
    rows = [[p, *shifts] for p, shifts in result.roster.items()]
    print_table(headers, rows, title=f"roster: {result.status} ({result.wall_time:.1f} s)")
    for v in result.violations:
        print(f"violation: {v.message}")
    shifts_short = [u for u in result.uncovered if "shift" in u]
    intervals_short = [u for u in result.uncovered if "start" in u]
    for u in shifts_short:
        print(f"uncovered: {u['label']} {u['shift']} short {u['short']}")
    if intervals_short:
        print(
            f"uncovered intervals: {len(intervals_short)}, shortfall {result.shortfall_minutes} agent-minutes "
            f"({result.shortfall_minutes / problem.coverage.interval_minutes:.1f} agent-intervals)"
        )
        for u in intervals_short[:20]:
            print(f"  {u['label']} {u['start']}–{u['end']}: wants {u['demand']}, has {u['staffed']}")
        if len(intervals_short) > 20:
            print(f"  … {len(intervals_short) - 20} more (see --json)")
