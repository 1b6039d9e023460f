"""``hotline erlang``: agents for one interval by Erlang C, or Erlang A with a patience (SPEC §5).

The rules live in :mod:`hotline.core.erlang`. Service level is answered within ``--answer-time``
over offered (abandoners are failures); ``asa`` is the mean wait over all arrivals in seconds,
``null`` in JSON when the queue is unstable (Erlang C with agents ≤ load).
"""

from __future__ import annotations

import argparse
import math

from .common import fail, print_json, print_table


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "erlang",
        help="agents, service level, ASA and occupancy for one interval (Erlang C / Erlang A)",
        description=(
            "Staff one interval (SPEC §5): the minimum agents for --target-sl, or the expected "
            "performance of --agents. Erlang C; Erlang A (exact M/M/N+M) when --patience is given. "
            "Service level = calls answered within --answer-time over calls offered."
        ),
    )
    p.add_argument("--calls", required=True, type=float, metavar="N", help="calls offered in the interval")
    p.add_argument("--interval", required=True, type=float, metavar="SECONDS", help="interval length (1800)")
    p.add_argument("--aht", required=True, type=float, metavar="SECONDS", help="average handle time")
    p.add_argument(
        "--answer-time",
        required=True,
        type=float,
        metavar="SECONDS",
        help="service-level T (answered within T)",
    )
    p.add_argument("--target-sl", type=float, metavar="X", help="target service level, a fraction in (0, 1)")
    p.add_argument("--agents", type=int, metavar="N", help="evaluate this many agents instead of searching")
    p.add_argument("--patience", type=float, metavar="SECONDS", help="mean caller patience: use Erlang A")
    p.add_argument(
        "--shrinkage",
        type=float,
        default=0.0,
        metavar="X",
        help="fraction of paid time off the phones [0, 1)",
    )
    p.add_argument(
        "--max-occupancy", type=float, metavar="X", help="cap on occupancy in (0, 1] (search only)"
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=run)


def _check(args: argparse.Namespace) -> None:
    def finite(name: str, value: float | None) -> None:
        if value is not None and not math.isfinite(value):
            fail(f"{name} must be a finite number, got {value}")

    for name in (
        "calls",
        "interval",
        "aht",
        "answer_time",
        "target_sl",
        "patience",
        "shrinkage",
        "max_occupancy",
    ):
        finite("--" + name.replace("_", "-"), getattr(args, name))
    if (args.target_sl is None) == (args.agents is None):
        fail("give exactly one of --target-sl (search the agents) and --agents (evaluate them)")
    if args.calls < 0:
        fail(f"--calls must be ≥ 0, got {args.calls:g}")
    if args.interval <= 0:
        fail(f"--interval must be > 0 seconds, got {args.interval:g}")
    if args.aht <= 0:
        fail(f"--aht must be > 0 seconds, got {args.aht:g}")
    if args.answer_time < 0:
        fail(f"--answer-time must be ≥ 0 seconds, got {args.answer_time:g}")
    if args.target_sl is not None and not (0 < args.target_sl < 1):
        fail(f"--target-sl must be a fraction strictly between 0 and 1 (0.8 for 80%), got {args.target_sl:g}")
    if args.agents is not None and args.agents < 0:
        fail(f"--agents must be ≥ 0, got {args.agents}")
    if args.patience is not None and args.patience <= 0:
        fail(f"--patience must be > 0 seconds, got {args.patience:g}")
    if not (0 <= args.shrinkage < 1):
        fail(f"--shrinkage must be a fraction in [0, 1) (0.3 for 30%), got {args.shrinkage:g}")
    if args.max_occupancy is not None:
        if not (0 < args.max_occupancy <= 1):
            fail(f"--max-occupancy must be a fraction in (0, 1], got {args.max_occupancy:g}")
        if args.agents is not None:
            fail("--max-occupancy applies to the search (--target-sl), not to a given --agents")


def _num(x: float) -> float | None:
    return x if math.isfinite(x) else None


def run(args: argparse.Namespace) -> int:
    from hotline.core.erlang import staff

    _check(args)
    result = staff(
        args.calls,
        args.interval,
        args.aht,
        args.answer_time,
        target_sl=args.target_sl,
        agents=args.agents,
        patience_s=args.patience,
        shrinkage=args.shrinkage,
        max_occupancy=args.max_occupancy,
    )
    m = result.metrics
    out = {
        "agents": m.agents,
        "service_level": m.service_level,
        "asa": _num(m.asa_s),
        "occupancy": _num(m.occupancy),
        "wait_probability": m.wait_probability,
        "abandon_probability": m.abandon_probability,
        "scheduled": result.scheduled,
    }
    if args.json:
        print_json(out)
        return 0

    model = "Erlang C" if m.patience_s is None else f"Erlang A (patience {m.patience_s:g} s)"

    def pct(x: float | None) -> str:
        return "—" if x is None else f"{100 * x:.2f}%"

    rows = [
        ("calls / interval (s) / AHT (s)", f"{m.calls:g} / {m.interval_s:g} / {m.aht_s:g}"),
        ("load (Erlangs)", f"{m.load:.3f}"),
        ("agents on the phones", m.agents),
        (f"service level ({m.answer_time_s:g} s)", pct(m.service_level)),
        ("ASA, all calls (s)", "∞" if out["asa"] is None else f"{m.asa_s:.2f}"),
        ("occupancy", pct(out["occupancy"])),
        ("P(wait)", pct(m.wait_probability)),
        ("P(abandon)", pct(m.abandon_probability)),
        (f"scheduled at {100 * result.shrinkage:g}% shrinkage", result.scheduled),
    ]
    print_table(["", "value"], rows, title=model)
    return 0
