"""``hotline forecast``: interval volume forecast from calls or interval counts (SPEC §5, CLI.md).

Prints one row per interval of every day of the horizon (zeros included), per skill when the input
has skills. Expected calls are floats rounded to 3 decimals (not whole calls: staffing takes the
expectation). ``--backtest`` adds WAPE and bias per method over held-out weeks, against the
baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt

from .common import fail, print_json, print_table, warn


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "forecast",
        help="forecast calls per interval (§5)",
        description="Forecast arrivals per 15/30/60-minute interval and skill from call history or counts.",
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--calls", metavar="CALLS.csv", help="calls in the product layout (SPEC §2)")
    src.add_argument("--counts", metavar="COUNTS.csv", help="interval counts: start,calls[,skill]")
    p.add_argument("--interval", type=int, choices=(15, 30, 60), default=30, help="minutes (default 30)")
    p.add_argument("--horizon", type=int, default=7, metavar="DAYS", help="days to forecast (default 7)")
    p.add_argument("--start", metavar="YYYY-MM-DD", help="first day (default: the day after the history)")
    p.add_argument("--calendar", choices=("cn", "none"), default="cn", help="holiday calendar (default cn)")
    p.add_argument(
        "--method",
        choices=("auto", "robust", "baseline", "median8", "profile", "blend", "mstl"),
        default="auto",
        help="auto (default): robust unless another cheap method beats it by 10%% on a backtest of the history",
    )
    p.add_argument(
        "--event",
        action="append",
        default=[],
        metavar="FIRST[..LAST]=FACTOR[@SKILL]",
        help="planned event multiplier, e.g. 2026-11-11..2026-11-12=1.5@订购 (repeatable)",
    )
    p.add_argument("--tz", default="Asia/Shanghai", help="the center's time zone (default Asia/Shanghai)")
    p.add_argument("--backtest", action="store_true", help="also score each method on held-out weeks")
    p.add_argument("--weeks", type=int, default=4, help="held-out weeks for --backtest (default 4)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        fail(f"{what} '{text}' is not a date (YYYY-MM-DD)")


def parse_event(text: str):
    """``FIRST[..LAST]=FACTOR[@SKILL]`` → Event."""
    from hotline.core.forecast import Event

    spec, _, skill = text.partition("@")
    span, eq, factor_text = spec.partition("=")
    if not eq:
        fail(f"--event '{text}': expected FIRST[..LAST]=FACTOR[@SKILL], e.g. 2026-11-11..2026-11-12=1.5")
    first_text, _, last_text = span.partition("..")
    first = _date(first_text, f"--event '{text}': the first day")
    last = _date(last_text, f"--event '{text}': the last day") if last_text else first
    try:
        factor = float(factor_text)
        return Event(first, last, factor, skill.strip() or None)
    except ValueError as exc:
        fail(f"--event '{text}': {exc}")


def run(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from hotline.core.calllog import read_calls
    from hotline.core.forecast import forecast, history_from_calls, read_counts

    try:
        ZoneInfo(args.tz)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"--tz '{args.tz}' is not a time zone name (e.g. Asia/Shanghai)")
    if args.horizon < 1 or args.horizon > 366:
        fail(f"--horizon must be between 1 and 366 days, not {args.horizon}")
    start = _date(args.start, "--start") if args.start else None
    events = [parse_event(e) for e in args.event]
    if args.calls:
        records, _ = read_calls(args.calls, tz=args.tz)
        try:
            history = history_from_calls(records, interval=args.interval, tz=args.tz)
        except ValueError as exc:
            fail(f"{args.calls}: {exc}")
    else:
        history = read_counts(args.counts, interval=args.interval, tz=args.tz)
    known = set(history.skills)
    for e in events:
        if e.skill is not None and e.skill not in known:
            fail(f"--event: skill '{e.skill}' is not in the history (skills: {', '.join(sorted(known))})")
    try:
        result = forecast(
            history,
            horizon=args.horizon,
            start=start,
            calendar=args.calendar,
            method=args.method,
            events=events,
        )
    except ValueError as exc:
        fail(str(exc))
    if result.uncovered_years:
        years = ", ".join(str(y) for y in result.uncovered_years)
        warn(f"the Chinese holiday calendar does not cover {years}: those dates are treated as plain days")
    scores = None
    if args.backtest:
        scores = _backtest(history.before(result.first_day), args)
    rows = result.rows()
    if args.json:
        out: dict[str, object] = {"interval": result.interval, "method": result.method, "forecast": rows}
        if scores is not None:
            out["backtest"] = scores
        print_json(out)
        return 0
    with_skill = result.skills != ("",)
    headers = ["start", "calls"] + (["skill"] if with_skill else [])
    title = f"forecast, {result.interval}-minute intervals, method {result.method}"
    print_table(
        headers,
        [[r["start"], f"{r['calls']:.3f}"] + ([r["skill"]] if with_skill else []) for r in rows],
        title,
    )
    if scores is not None:
        print_table(
            ["method", "WAPE", "bias", "WAPE / baseline", "WAPE / best of baseline, median8"],
            [
                [
                    s["method"],
                    f"{s['wape']:.2%}",
                    f"{s['bias']:+.2%}",
                    f"{s['ratio_to_baseline']:.3f}",
                    f"{s['ratio_to_best_reference']:.3f}",
                ]
                for s in scores["methods"]
            ],
            f"backtest: {scores['weeks']} held-out weeks, {scores['actual_calls']:.0f} calls",
        )
    return 0


def _backtest(history, args) -> dict[str, object]:
    from hotline.core.forecast_backtest import backtest

    methods = ["baseline", "median8", "profile", "blend", "robust", "auto"] + (
        ["mstl"] if args.method == "mstl" else []
    )
    try:
        scores = backtest(history, methods=methods, weeks=args.weeks, calendar=args.calendar)
    except ValueError as exc:
        fail(f"--backtest: {exc}")
    base = scores[0]
    best_ref = min(scores[:2], key=lambda s: s.wape)
    return {
        "weeks": base.weeks,
        "actual_calls": round(base.actual_calls, 3),
        "methods": [
            {
                "method": s.method,
                "wape": round(s.wape, 4),
                "bias": round(s.bias, 4),
                "ratio_to_baseline": round(s.ratio_to(base), 4),
                "ratio_to_best_reference": round(s.ratio_to(best_ref), 4),
            }
            for s in scores
        ],
    }
