"""Workforce commands on the database (§5).

- ``hotline staffing --center C --skill S --date D [--days N] [--method M] [--json]``: forecast the
  skill from the center's calls (the newest forecast covering the dates is reused unless
  ``--refresh``), staff it and print the plan table (or JSON);
- ``hotline contacts FILE --center C [--json]``: import contact counts per interval of the center's
  chat, email and fax queues (``time,skill|channel,count[,handle_time]``; all-or-nothing, idempotent);
- ``hotline roster generate --team T --first-day D [--days 28] [--counts 早=2,中=1,晚=2 | --plan ID]
  [--time-limit S] [--publish]``: generate a team's roster with the CP-SAT solver, with progress.
"""

from __future__ import annotations

import datetime as dt

from .common import fail, print_json, print_table, warn


def register(subparsers) -> None:
    s = subparsers.add_parser("staffing", help="forecast + staffing plan of a skill from the database (§5)")
    s.add_argument("--center", required=True, help="center name or code")
    s.add_argument("--skill", required=True, help="skill name")
    s.add_argument("--date", required=True, type=_date, help="first day YYYY-MM-DD")
    s.add_argument("--days", type=int, default=1, help="days to plan (default 1)")
    s.add_argument("--method", default="auto", choices=("auto", "baseline", "profile", "blend"))
    s.add_argument("--refresh", action="store_true", help="always run a new forecast")
    s.add_argument("--all", action="store_true", help="print intervals without calls too")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=staffing)

    c = subparsers.add_parser("contacts", help="import contact counts of chat, email and fax queues (§5)")
    c.add_argument("file", help="CSV or XLSX: time, skill (or channel), count[, handle_time]")
    c.add_argument("--center", required=True, help="center name or code")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=contacts_import)

    roster = subparsers.choices.get("roster") if hasattr(subparsers, "choices") else None
    if roster is None:  # the offline `roster solve` module is not loaded
        roster = subparsers.add_parser("roster", help="rosters (§5)")
    sub = next((a for a in roster._actions if a.__class__.__name__ == "_SubParsersAction"), None)
    if sub is None:
        sub = roster.add_subparsers(dest="roster_command", metavar="SUBCOMMAND")
    g = sub.add_parser("generate", help="generate a team's roster in the database (CP-SAT)")
    g.add_argument("--team", required=True, help="team name (or id)")
    g.add_argument("--center", help="center name or code (when team names repeat)")
    g.add_argument("--first-day", required=True, type=_date)
    g.add_argument("--days", type=int, default=28)
    g.add_argument("--counts", help="minimum heads per shift per day, e.g. 早=2,中=1,晚=2")
    g.add_argument("--plan", type=int, help="cover the intervals of this staffing plan id instead")
    g.add_argument("--min-rest", type=int, default=2, help="rest days per week (default 2)")
    g.add_argument("--time-limit", type=float, default=30.0, metavar="S")
    g.add_argument("--publish", action="store_true", help="publish the roster when it breaks no rule")
    g.add_argument("--json", action="store_true")
    g.set_defaults(handler=roster_generate)


def _date(text: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _center(name: str):
    from hotline.org.models import Center

    c = Center.objects.filter(name=name).first() or Center.objects.filter(code=name).first()
    if c is None:
        fail(f"--center: no center named {name!r}")
    return c


def staffing(args) -> int:
    from .web import setup_django

    setup_django()
    from zoneinfo import ZoneInfo

    from hotline.workforce import services
    from hotline.workforce.models import ForecastRun, Skill

    center = _center(args.center)
    skill = Skill.objects.filter(center=center, name=args.skill).first()
    if skill is None:
        skill = services.skill_save(center=center, name=args.skill)
        warn(f"skill {args.skill!r} had no settings: using the defaults (80% in 20 s, shrinkage 30%)")
    if args.days < 1:
        fail("--days: expected at least 1")
    run = None
    if not args.refresh:
        run = (
            ForecastRun.objects.filter(skill=skill, first_day=args.date, horizon_days__gte=args.days)
            .order_by("-created_at")
            .first()
        )
    try:
        if run is None:
            run = services.forecast_run(
                skill=skill, first_day=args.date, horizon=args.days, method=args.method
            )
        plan = services.staffing_plan_build(run=run)
    except services.PlanningError as exc:
        fail(str(exc))
    zone = ZoneInfo(center.timezone)
    last = args.date + dt.timedelta(days=args.days)
    rows = [
        iv
        for iv in plan.intervals.all()
        if iv.start.astimezone(zone).date() < last and (args.all or iv.calls > 0)
    ]
    if args.json:
        print_json(
            {
                "center": center.name, "skill": skill.name, "model": plan.model, "aht": round(plan.aht_s, 1),
                "target_sl": plan.target_sl, "answer_time": plan.answer_time_s, "shrinkage": plan.shrinkage,
                "forecast_method": run.method_used, "wape": run.wape, "baseline_wape": run.baseline_wape,
                "peak_agents": plan.peak_agents, "peak_scheduled": plan.peak_scheduled, "seats": plan.seats,
                "trunks": plan.trunks, "trunk_load": round(plan.trunk_load, 3),
                "intervals": [
                    {"start": iv.start.astimezone(zone).isoformat(), "calls": round(iv.calls, 3), "agents": iv.agents,
                     "scheduled": iv.scheduled, "service_level": _r(iv.service_level), "asa": _r(iv.asa_s, 2),
                     "occupancy": _r(iv.occupancy), "abandon_probability": _r(iv.abandon_probability)}
                    for iv in rows
                ],
            }
        )  # fmt: skip
        return 0
    print_table(
        ["start", "calls", "agents", "scheduled", "SL", "ASA s", "occupancy", "P(abandon)"],
        [
            [
                iv.start.astimezone(zone).strftime("%m-%d %H:%M"),
                f"{iv.calls:.1f}",
                iv.agents,
                iv.scheduled,
                _f(iv.service_level),
                _f(iv.asa_s, 1),
                _f(iv.occupancy),
                _f(iv.abandon_probability),
            ]
            for iv in rows
        ],  # fmt: skip
        title=f"{center.name} {skill.name}: {plan.model}, AHT {plan.aht_s:.0f} s, target {plan.target_sl:.0%} in "
        f"{plan.answer_time_s:.0f} s, shrinkage {plan.shrinkage:.0%} (forecast {run.method_used})",
    )
    print(
        f"peak: {plan.peak_agents} agents, {plan.peak_scheduled} scheduled; seats {plan.seats}; trunks {plan.trunks} "
        f"(Erlang B ≤ {plan.trunk_blocking:.0%} on {plan.trunk_load:.2f} Erl of talk + wait)"
    )
    return 0


def contacts_import(args) -> int:
    from .web import setup_django

    setup_django()
    from hotline.workforce.services.channels import contact_import

    r = contact_import(center=_center(args.center), path=args.file)  # a TableError names every bad row
    if args.json:
        print_json(
            {"file": r.batch.source, "created": r.created, "updated": r.updated, "unchanged": r.unchanged}
        )
    else:
        print(
            f"{r.batch.source}: contact counts, {r.created} new, {r.updated} updated, {r.unchanged} unchanged"
        )
    return 0


def _r(x, digits: int = 4):
    return None if x is None else round(x, digits)


def _f(x, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def roster_generate(args) -> int:
    from .web import _bar, setup_django

    setup_django()
    from hotline.org.models import Team
    from hotline.workforce.models import Roster
    from hotline.workforce.services.roster import RosterError, roster_create, roster_publish, roster_solve

    teams = Team.objects.filter(name=args.team)
    if args.team.isdigit() and not teams.exists():
        teams = Team.objects.filter(pk=int(args.team))
    if args.center:
        c = _center(args.center)
        teams = teams.filter(center=c)
    if teams.count() != 1:
        fail(
            f"--team: {'no' if not teams.exists() else 'more than one'} team named {args.team!r} (use --center)"
        )
    team = teams.get()
    if (args.counts is None) == (args.plan is None):
        fail("give exactly one of --counts and --plan")
    demand: dict = {"min_rest_per_week": args.min_rest}
    if args.plan is not None:
        demand.update(mode="plan", plan=args.plan)
    else:
        counts = {}
        for part in args.counts.split(","):
            name, _, n = part.partition("=")
            if not name.strip() or not n.strip().isdigit():
                fail(f"--counts: expected SHIFT=N pairs like 早=2,晚=1, got {part!r}")
            counts[name.strip()] = int(n)
        demand.update(mode="counts", counts=counts)
    if args.time_limit <= 0:
        fail("--time-limit: expected a positive number of seconds")
    try:
        roster = roster_create(
            center=team.center, team=team, first_day=args.first_day, days=args.days, demand=demand,
            time_limit_s=args.time_limit,
        )  # fmt: skip
    except RosterError as exc:
        fail(str(exc))
    with _bar(f"roster {team.name}") as bar:
        task = bar.add_task("solve", total=2)
        roster = roster_solve(roster=roster, progress=lambda state: bar.update(task, advance=1))
    if roster.state == Roster.State.FAILED:
        fail(f"roster {roster.pk}: {roster.error}")
    if args.publish and not roster.violations:
        roster_publish(roster=roster)
    if args.json:
        print_json(
            {
                "roster": roster.pk,
                "status": roster.status,
                "solver_status": roster.solver_status,
                "wall_time": roster.wall_time,
                "violations": [v["message"] for v in roster.violations],
                "uncovered": roster.uncovered,
            }  # fmt: skip
        )
    else:
        print(
            f"roster {roster.pk}: {team.name} {roster.first_day} +{roster.days} days, {roster.solver_status} "
            f"in {roster.wall_time:.1f} s, {roster.assignments.count()} shifts, {roster.get_status_display()}"
        )
        for v in roster.violations:
            print(f"violation: {v['message']}")
        if roster.uncovered:
            print(f"uncovered: {len(roster.uncovered)} shift-days or intervals (see --json)")
    if roster.violations:
        warn(f"{len(roster.violations)} rule(s) broken: the roster is kept as a draft")
    return 0
