"""``hotline kpi``: operations KPIs of a call file, per group (SPEC §7; rules in hotline.core.kpi)."""

from __future__ import annotations

import argparse

from .common import fail, print_json, print_table

BY = ("center", "skill", "agent", "day", "week", "month")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "kpi",
        help="operations KPIs (offered, abandonment, service level, ASA, AHT, …) per group",
        description="Operations KPIs of a call file in the product layout (SPEC §2, §7), one row per group.",
    )
    p.add_argument(
        "--calls", required=True, metavar="CALLS.csv", help="calls in the product layout (CSV or XLSX)"
    )
    p.add_argument("--by", required=True, choices=BY, help="grouping; dates are in the center's time zone")
    p.add_argument(
        "--answer-time", type=float, default=20.0, metavar="S", help="service-level T in seconds (20)"
    )
    p.add_argument(
        "--short-abandon", type=float, default=5.0, metavar="S", help="abandons with wait < S are short (5)"
    )
    p.add_argument("--tz", default="Asia/Shanghai", help="time zone of times without an offset, and of dates")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=run)


def _pct(x: float | None) -> str:
    return "" if x is None else f"{100 * x:.1f}%"


def _sec(x: float | None) -> str:
    return "" if x is None else f"{x:.1f}"


def run(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from hotline.core.calllog import parse_table
    from hotline.core.kpi import KpiSettings, summarise_by
    from hotline.core.tabular import read_rows

    if args.answer_time < 0 or args.short_abandon < 0:
        fail("--answer-time and --short-abandon must not be negative")
    try:
        zone = ZoneInfo(args.tz)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"unknown time zone '{args.tz}' (e.g. Asia/Shanghai)")
    table = read_rows(args.calls)
    calls, _ = parse_table(table, tz=zone)
    settings = KpiSettings(answer_time=args.answer_time, short_abandon=args.short_abandon)
    rows = summarise_by(calls, args.by, settings, tz=zone)

    has_resolved = "resolved" in table.header
    has_satisfied = "satisfied" in table.header
    out = []
    for r in rows:
        d = r.as_dict()
        if not has_resolved:
            del d["fcr"], d["fcr_n"]
        if not has_satisfied:
            del d["satisfaction"], d["satisfaction_n"]
        out.append(d)
    if args.json:
        print_json(out)
        return 0

    headers = ["group", "offered", "answered", "abandoned", "short", "abandon %",
               f"SL {args.answer_time:g}s", "ASA s", "AHT s"]  # fmt: skip
    if has_resolved:
        headers.append("FCR (n)")
    if has_satisfied:
        headers.append("satisfied (n)")
    table_rows = []
    for r in rows:
        line: list[object] = [r.group or "(none)", r.offered, r.answered, r.abandoned, r.short_abandons,
                              _pct(r.abandonment_rate), _pct(r.service_level), _sec(r.asa), _sec(r.aht)]  # fmt: skip
        if has_resolved:
            line.append(f"{_pct(r.fcr)} ({r.fcr_n})")
        if has_satisfied:
            line.append(f"{_pct(r.satisfaction)} ({r.satisfaction_n})")
        table_rows.append(line)
    print_table(headers, table_rows, title=f"KPIs by {args.by} — {table.name}")
    return 0
