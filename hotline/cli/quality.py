"""``hotline plan --center C --period P``: generate a center's monitoring plan (§3.4) in the database."""

from __future__ import annotations

from .common import fail, print_json, print_table
from .web import _bar, setup_django


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "plan",
        help="generate a center's half-month monitoring plan (§3.4)",
        description="Generate (or re-generate, keeping sessions already held) the monitoring plan of a center "
        "for a half-month period, then print the load per QA monitor and the warnings.",
    )
    p.add_argument("--center", required=True, help="center code or name")
    p.add_argument("--period", required=True, metavar="YYYY-MM-H1|H2")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=_plan)


def _plan(args) -> int:
    from hotline.core.periods import Period

    try:
        period = Period.parse(args.period)
    except ValueError as exc:
        fail(f"--period: {exc}")
    setup_django()
    from django.db.models import Q

    from hotline.org.models import Center
    from hotline.quality.services import plan_generate

    center = Center.objects.filter(Q(code=args.center) | Q(name=args.center)).first()
    if center is None:
        names = ", ".join(Center.objects.values_list("code", flat=True)) or "none"
        fail(f"--center: no center {args.center!r} (known: {names})")
    with _bar(f"plan {center.code} {period}") as bar:
        task = bar.add_task("plan", total=1)
        plan = plan_generate(center=center, period=period)
        bar.advance(task)
    summary = _summary(plan)
    if args.json:
        print_json(summary)
        return 0
    rows = [(m["work_number"], m["name"], m["live"], m["recording"], m["done"]) for m in summary["monitors"]]
    print_table(["工号 monitor", "姓名 name", "实时 live", "录音 recording", "已完成 done"], rows,
                title=f"{center.name} {period}")  # fmt: skip
    print(f"slots: {summary['slots']}  overdue: {len(summary['overdue'])}")
    for o in summary["overdue"]:
        print(f"overdue: {o['agent']} {o['kind']} {o['reason']}")
    for w in summary["warnings"]:
        print(f"warning: {w}")
    return 0


def _summary(plan) -> dict:
    from hotline.quality.models import PlanSlot

    loads: dict[int, dict] = {}
    overdue = []
    slots = plan.slots.select_related("agent", "monitor").order_by("monitor__work_number", "date", "half")
    for s in slots:
        if s.status == PlanSlot.Status.OVERDUE or s.monitor is None:
            overdue.append({"agent": s.agent.work_number, "kind": s.kind, "reason": s.reason})
            continue
        m = loads.setdefault(
            s.monitor_id,
            {
                "work_number": s.monitor.work_number,
                "name": s.monitor.name,
                "live": 0,
                "recording": 0,
                "done": 0,
            },
        )
        m[s.kind] += 1
        m["done"] += s.status == PlanSlot.Status.DONE
    return {
        "center": plan.center.code,
        "period": plan.period,
        "slots": len(slots),
        "monitors": sorted(loads.values(), key=lambda m: m["work_number"]),
        "overdue": overdue,
        "warnings": _english(plan.warning_texts),
    }


def _english(read):
    """The command line speaks English (as its other messages): the plan's keyed warnings in English."""
    from django.utils import translation

    with translation.override("en"):
        return read()
