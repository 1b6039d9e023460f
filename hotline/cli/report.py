"""``hotline report national --month YYYY-MM [--json] [--pdf FILE] [--xlsx FILE]`` (SPEC §7, CLI.md) and
``hotline report import-survey --survey NAME FILE`` (Django).

The national report of every center side by side, with the KPI definitions of ``hotline kpi``
(inbound calls; each center's answer-time and short-abandon settings in force on the month's first
day). The command line is an administrator's tool: it sees every center."""

from __future__ import annotations

import datetime as dt
import re
import sys

from .common import fail, print_json, print_table


def _month(text: str) -> dt.date:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", (text or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2099:
        fail(f"--month: '{text}' is not a month (use YYYY-MM)")
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def _national(args) -> int:
    from .web import setup_django

    setup_django()
    from django.utils import translation

    from hotline.org.models import Center
    from hotline.reports.national import build_national

    month = _month(args.month)
    with translation.override("zh-hans"):
        r = build_national(month, list(Center.objects.all()), national_view=True)
        if args.pdf:
            from hotline.reports.export_national import national_pdf

            with open(args.pdf, "wb") as fh:
                fh.write(national_pdf(r))
        if args.xlsx:
            from hotline.reports.export_national import national_xlsx

            with open(args.xlsx, "wb") as fh:
                fh.write(national_xlsx(r))
    if args.json:
        from hotline.reports.national_json import national_json

        print_json(national_json(r))
        return 0

    def pct(x):
        return "—" if x is None else f"{x * 100:.1f}%"

    rows = [
        (p.center.name, p.row.offered if p.row else 0, p.row.answered if p.row else 0,
         p.row.abandoned if p.row else 0, pct(p.row.abandonment_rate if p.row else None),
         pct(p.row.service_level if p.row else None), f"{p.row.asa:.1f}" if p.row and p.row.asa is not None else "—",
         f"{p.row.aht:.1f}" if p.row and p.row.aht is not None else "—", pct(p.fcr_total))
        for p in r.centers
    ]  # fmt: skip
    print_table(["center", "offered", "answered", "abandoned", "abandonment", "SL", "ASA s", "AHT s", "FCR"], rows,
                title=f"national report {month:%Y-%m}")  # fmt: skip
    return 0


def _import_survey(args) -> int:
    from .web import setup_django

    setup_django()
    from hotline.org.models import Center
    from hotline.reports.models import Survey
    from hotline.reports.services_national import SurveyImportFailed, survey_results_import

    survey = Survey.objects.filter(name=args.survey).first()
    if survey is None:
        fail(f"--survey: no survey named '{args.survey}'")
    try:
        res = survey_results_import(
            survey=survey, path=args.file, allowed=list(Center.objects.all()), actor=None
        )
    except SurveyImportFailed as exc:
        print(
            f"hotline report import-survey: {len(exc.errors)} bad row(s); nothing was imported:",
            file=sys.stderr,
        )
        for e in exc.errors[:50]:
            print(f"  {e}", file=sys.stderr)
        return 2
    print(f"{args.file}: {res.created} created, {res.updated} updated, {res.unchanged} unchanged")
    return 0


def register(sub) -> None:
    rep = sub.add_parser("report", help="the national monthly report (§7)").add_subparsers(
        dest="what", metavar="WHAT", required=True
    )
    p = rep.add_parser("national", help="every center side by side (SPEC §7, seed 003)")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf", metavar="FILE", help="also write the PDF")
    p.add_argument("--xlsx", metavar="FILE", help="also write the XLSX (with charts)")
    p.set_defaults(handler=_national)
    p = rep.add_parser("import-survey", help="import a multi-item survey's results (CSV/XLSX, GBK or UTF-8)")
    p.add_argument("--survey", required=True, help="the survey's name")
    p.add_argument("file")
    p.set_defaults(handler=_import_survey)
