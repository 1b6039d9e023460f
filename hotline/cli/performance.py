"""``hotline import-hr KIND FILE`` and ``hotline appraisal --month YYYY-MM`` (SPEC §6, §7; Django).

Kept apart from ``hotline import`` (owned by ``hotline.cli.web``) as separate top-level commands.
"""

from __future__ import annotations

import datetime as dt

from .common import fail, print_json, print_table, report_import

KINDS = ("attendance", "exams", "accuracy", "commendations", "violations", "surveys")


def _import_hr(args) -> int:
    from .web import run_import, setup_django

    setup_django()
    from hotline.performance.services import HrImportFailed, hr_import

    result, status = run_import(
        f"import-hr {args.kind}", args.kind,
        lambda progress: hr_import(kind=args.kind, path=args.file, keep_good_rows=args.keep_good_rows,
                                   progress=progress),
        HrImportFailed,
    )  # fmt: skip
    if result is None:
        return status
    return report_import(args.file, args.kind, result)


def _month(text: str) -> dt.date:
    try:
        y, m = text.split("-")[:2]
        return dt.date(int(y), int(m), 1)
    except ValueError:
        fail(f"--month: '{text}' is not a month (use YYYY-MM)")


def _appraisal(args) -> int:
    from .web import setup_django

    setup_django()
    from hotline.org.models import Center, Person, Role
    from hotline.performance.services import appraisals_get

    month = _month(args.month)
    agents = Person.objects.filter(role=Role.AGENT, active=True).select_related("center")
    if args.center:
        center = (
            Center.objects.filter(code=args.center).first() or Center.objects.filter(name=args.center).first()
        )
        if center is None:
            fail(f"--center: no center '{args.center}'")
        agents = agents.filter(center=center)
    if args.agent:
        agents = agents.filter(work_number=args.agent)
    results = appraisals_get(agents=agents, month=month)
    if args.json:
        print_json([d for _, d in results if d])
        return 0
    rows = [
        (p.work_number, p.name, d["attendance"], d["evaluation"], d["bonus"], d["total"],
         (d.get("money") or {}).get("total", ""))
        for p, d in results if d
    ]  # fmt: skip
    print_table(
        ["工号", "姓名", "考勤", "考评", "加分", "总分", "考核奖"], rows, title=f"appraisal {month:%Y-%m}"
    )
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "import-hr",
        help="import appraisal inputs or satisfaction surveys: " + ", ".join(KINDS),
        description="CSV/XLSX (UTF-8, BOM, GB18030); idempotent; bad rows are named by file, row and column.",
    )
    p.add_argument("kind", choices=KINDS)
    p.add_argument("file")
    p.add_argument("--keep-good-rows", action="store_true", help="import the good rows even if some are bad")
    p.set_defaults(handler=_import_hr)

    p = sub.add_parser("appraisal", help="compute the monthly appraisal (§6) and print it")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--center", default=None, help="center code or name (default: all)")
    p.add_argument("--agent", default=None, help="one agent's work number")
    p.add_argument("--json", action="store_true", help="every line of the explanation as JSON")
    p.set_defaults(handler=_appraisal)
