"""``hotline analysis export`` and ``hotline webhooks retry`` (SPEC §3.7; Django).

- ``analysis export --monitor WORK_NUMBER --period P --format pdf|xlsx --out FILE`` writes a QA
  monitor's analysis table (监听分析表), or with ``--table records`` its record table (电话监控记录表),
  exactly as the pages serve them. ``P`` is ``YYYY-MM-H1``/``YYYY-MM-H2`` (half month) or
  ``YYYY-MM`` (month); ``--center CODE`` when the monitor has analyses in several centers. Without a saved analysis of that period the figures are computed now and
  exported as an unsaved draft (a warning says so).
- ``webhooks retry`` attempts every outgoing webhook delivery whose back-off has elapsed; meant to be
  called by cron (e.g. every minute) where no Celery beat runs.
"""

from __future__ import annotations

import re
from pathlib import Path

from .common import fail, print_json, print_table, warn

PERIOD = re.compile(r"^\d{4}-\d{2}(-H[12])?$")


def _find_analysis(work_number: str, period: str, center_code: str | None = None):
    from hotline.feedback.models import Analysis
    from hotline.feedback.services import FeedbackError
    from hotline.feedback.services.analysis import analysis_compute, analysis_period_valid
    from hotline.org.models import Center, Person, Role

    if not PERIOD.match(period):
        fail(f"--period: '{period}' is not a period (use YYYY-MM-H1, YYYY-MM-H2 or YYYY-MM)")
    scope = Analysis.Scope.HALF if "-H" in period else Analysis.Scope.MONTH
    try:
        period = analysis_period_valid(scope, period)
    except FeedbackError as exc:
        fail(f"--period: {exc}")
    monitor = Person.objects.filter(work_number=work_number).select_related("center").first()
    if monitor is None:
        fail(f"--monitor: no person with work number {work_number}")
    if monitor.role != Role.QA_MONITOR:
        fail(f"--monitor: {work_number} ({monitor.name}) is not a QA monitor")
    center = monitor.center
    found = Analysis.objects.filter(monitor=monitor, period=period).select_related("monitor", "center")
    if center_code:
        center = Center.objects.filter(code=center_code).first()
        if center is None:
            fail(f"--center: no center with code {center_code}")
        found = found.filter(center=center)
    found = list(found.order_by("center__code"))
    if len(found) > 1:
        codes = ", ".join(a.center.code for a in found)
        fail(f"{work_number} has analyses of {period} in several centers ({codes}): choose one with --center")
    if found:
        return found[0]
    warn(f"no saved analysis of {work_number} for {period}: exporting the figures computed now (draft)")
    a = Analysis(center=center, monitor=monitor, scope=scope, period=period)
    a.data = analysis_compute(center=center, monitor=monitor, scope=scope, period=period)
    a.common_problems = "\n".join(a.data["suggested_problems"])
    a.strengths = "\n".join(a.data["suggested_strengths"])
    return a


def _export(args) -> int:
    from .web import setup_django

    setup_django()
    from hotline.feedback import exports

    a = _find_analysis(args.monitor, args.period, args.center)
    records = {"a": a, "records": (a.data or {}).get("records", [])}
    if args.format == "xlsx":
        body = exports.records_xlsx(a) if args.table == "records" else exports.analysis_xlsx(a)
    elif args.table == "records":
        body = exports.pdf("feedback/records_pdf.html", records)
    else:
        body = exports.pdf("feedback/analysis_pdf.html", exports.analysis_context(a))
    out = Path(args.out)
    if not out.parent.is_dir():
        fail(f"--out: the folder {out.parent} does not exist")
    out.write_bytes(body)
    d = a.data or {}
    print(
        f"{out}: {args.table} {args.format}, {a.monitor.work_number} {a.period} ({a.get_status_display()}), "
        f"{len(d.get('agents', []))} agents, {d.get('evaluations', 0)} evaluations, {len(body)} bytes"
    )
    return 0


def _retry(args) -> int:
    from .web import _bar, setup_django

    setup_django()
    from hotline.feedback import services

    due = list(services.webhook_due().select_related("message__recipient__center"))
    done = []
    with _bar("webhooks") as bar:
        task = bar.add_task("retry", total=len(due))
        for d in due:
            done.append(services.webhook_attempt(delivery=d))
            bar.advance(task)
    rows = [
        {"id": d.pk, "recipient": d.message.recipient.work_number, "status": d.status, "attempts": d.attempts,
         "next_attempt_at": d.next_attempt_at.isoformat() if d.next_attempt_at else None,
         "error": d.last_error}
        for d in done
    ]  # fmt: skip
    if args.json:
        print_json({"attempted": len(rows), "deliveries": rows})
        return 0
    if not rows:
        print("no webhook delivery is due")
        return 0
    print_table(
        ["id", "recipient", "status", "attempts", "next attempt", "error"],
        [[r["id"], r["recipient"], r["status"], r["attempts"], r["next_attempt_at"] or "", r["error"][:60]]
         for r in rows],
        title=f"{len(rows)} webhook deliveries attempted",
    )  # fmt: skip
    return 0


def register(sub) -> None:
    p = sub.add_parser("analysis", help="the QA analysis table (监听分析表) (§3.7; Django)")
    asub = p.add_subparsers(dest="analysis_command", metavar="ACTION", required=True)
    e = asub.add_parser(
        "export",
        help="write a monitor's analysis (or record) table as PDF or XLSX",
        description="Write a QA monitor's analysis table of a period as the pages serve it. Without a "
        "saved analysis, the figures are computed now and written as an unsaved draft.",
    )
    e.add_argument("--monitor", required=True, metavar="WORK_NUMBER", help="the QA monitor's work number")
    e.add_argument("--period", required=True, metavar="P", help="YYYY-MM-H1, YYYY-MM-H2 or YYYY-MM (month)")
    e.add_argument("--format", required=True, choices=("pdf", "xlsx"))
    e.add_argument("--center", metavar="CODE", help="the center, when the monitor has analyses in several")
    e.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    e.add_argument(
        "--table", choices=("analysis", "records"), default="analysis",
        help="analysis: 监听分析表 (default); records: 电话监控记录表",
    )  # fmt: skip
    e.set_defaults(handler=_export)

    w = sub.add_parser("webhooks", help="outgoing webhook deliveries (§3.7; Django)")
    wsub = w.add_subparsers(dest="webhooks_command", metavar="ACTION", required=True)
    r = wsub.add_parser(
        "retry",
        help="attempt every delivery whose back-off has elapsed (cron can call it every minute)",
        description="Attempt every pending webhook delivery whose back-off has elapsed (30 s, 60 s, "
        "120 s …; failed for good after the last attempt). Cron can call it, e.g. every minute: "
        "* * * * * hotline webhooks retry",
    )
    r.add_argument("--json", action="store_true", help="print JSON instead of a table")
    r.set_defaults(handler=_retry)
