"""``hotline sample`` (§3.2 recording selection) and ``hotline live-order`` (§3.3), see CLI.md."""

from __future__ import annotations

import argparse

from .common import fail, print_json, print_table


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "sample",
        help="choose each agent's five recordings for a half-month (§3.2)",
        description="Recording selection of SPEC §3.2 for every agent with calls in the period.",
    )
    p.add_argument(
        "--calls", required=True, metavar="CALLS.csv", help="calls in the SPEC §2 layout (CSV/XLSX)"
    )
    p.add_argument("--period", required=True, metavar="YYYY-MM-H1|H2")
    p.add_argument("--min-seconds", type=float, default=15.0, help="shortest eligible call (default 15 s)")
    p.add_argument("--tz", default="Asia/Shanghai", help="center time zone for times without an offset")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=run_sample)

    q = subparsers.add_parser(
        "live-order",
        help="the live-monitoring order of a half-month (§3.3)",
        description="Companies and agents in pinyin order, rotated from the anchor period (SPEC §3.3).",
    )
    q.add_argument("--agents", required=True, metavar="AGENTS.csv", help="work_number,name,company[,pinyin]")
    q.add_argument("--period", required=True, metavar="YYYY-MM-H1|H2")
    q.add_argument("--anchor", required=True, metavar="YYYY-MM-H1|H2", help="the period where k = 0")
    q.add_argument("--json", action="store_true", help="print JSON instead of a table")
    q.set_defaults(handler=run_live_order)


def _period(value: str, option: str):
    from hotline.core.periods import Period

    try:
        return Period.parse(value)
    except ValueError as exc:
        fail(f"{option}: {exc}")


def _zone(name: str):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"--tz: '{name}' is not a time zone (e.g. Asia/Shanghai)")


def run_sample(args: argparse.Namespace) -> int:
    from hotline.core.calllog import read_calls
    from hotline.core.sampling import sample_period

    period = _period(args.period, "--period")
    if not args.min_seconds >= 0:
        fail(f"--min-seconds: {args.min_seconds:g} must be zero or more")
    zone = _zone(args.tz)
    calls, _ = read_calls(args.calls, tz=zone)
    result = sample_period(calls, period, min_seconds=args.min_seconds, tz=zone)
    if args.json:
        print_json(
            {
                "period": str(period),
                "picks": [
                    {"agent": s.agent, "call_id": p.call_id, "criterion": p.criterion}
                    for s in result.selections
                    for p in s.picks
                ],
                "short": [{"agent": s.agent, "eligible": s.eligible} for s in result.short],
            }
        )
        return 0
    rows = [
        (s.agent, i, p.call_id, p.criterion, p.started_at.strftime("%Y-%m-%d %a %H:%M:%S"), f"{p.duration:g}")
        for s in result.selections
        for i, p in enumerate(s.picks, 1)
    ]
    half = "H1 全面性 comprehensiveness" if period.half == 1 else "H2 特征性 characteristic"
    print_table(
        ["agent", "#", "call", "criterion", "answered", "seconds"],
        rows,
        title=f"Recordings {period} ({half})",
    )
    if result.short:
        print_table(
            ["agent", "eligible", "reason"],
            [(s.agent, s.eligible, s.reason) for s in result.short],
            title="Short sessions (fewer than five eligible calls)",
        )
    return 0


def _read_agents(path: str):
    from hotline.core.rotation import Agent
    from hotline.core.tabular import RowError, TableError, read_rows, require_columns

    table = read_rows(path)
    require_columns(table, ("work_number", "name", "company"))
    agents: list[Agent] = []
    company_pinyin: dict[str, str] = {}
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row, values in table.records():

        def text(key: str, values: dict = values) -> str:
            v = values.get(key)
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            return "" if v is None else str(v).strip()

        bad = [
            RowError(table.name, row, c, f"the {c} is empty")
            for c in ("work_number", "name", "company")
            if not text(c)
        ]
        if bad:
            errors.extend(bad)
            continue
        wn = text("work_number")
        if wn in seen:
            errors.append(
                RowError(table.name, row, "work_number", f"work number '{wn}' already on row {seen[wn]}")
            )
            continue
        seen[wn] = row
        over = text("company_pinyin")
        if over:
            if company_pinyin.get(text("company"), over) != over:
                errors.append(RowError(table.name, row, "company_pinyin", "differs from an earlier row"))
                continue
            company_pinyin[text("company")] = over
        agents.append(Agent(wn, text("name"), text("company"), text("pinyin")))
    if errors:
        raise TableError(errors)
    return agents, company_pinyin


def run_live_order(args: argparse.Namespace) -> int:
    from hotline.core.rotation import live_order

    period = _period(args.period, "--period")
    anchor = _period(args.anchor, "--anchor")
    agents, company_pinyin = _read_agents(args.agents)
    order = live_order(agents, period, anchor, company_pinyin=company_pinyin)
    if args.json:
        print_json(
            {"period": str(period), "companies": list(order.companies), "agents": list(order.work_numbers)}
        )
        return 0
    rows = [
        (i, company, a.work_number, a.name)
        for i, (company, a) in enumerate(((c, a) for c, agents in order.by_company for a in agents), 1)
    ]
    title = (
        f"Live order {period} (anchor {anchor}: companies turned {order.half_months}, agents {order.months})"
    )
    print_table(["#", "company", "work number", "name"], rows, title=title)
    return 0
