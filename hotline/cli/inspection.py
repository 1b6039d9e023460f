"""``hotline inspect`` and ``hotline transcripts import`` (SPEC §8; Django).

- ``inspect --center CODE --from YYYY-MM-DD --to YYYY-MM-DD`` inspects every answered call of the
  center in the range (audio metrics from the recording, rules over the transcript, risk score)
  with a progress bar, and prints the riskiest calls (``--top N``; ``--json`` for all results).
- ``transcripts import PATH`` imports ASR transcripts (a JSON file or a folder of them; ``--ms``
  when times are milliseconds; Alibaba, iFlytek and Tencent results are recognised, ``--vendor``
  and ``--agent-channel`` to say so); errors name the file, entry and field (exit 1 when any).
"""

from __future__ import annotations

import datetime as dt

from .common import fail, print_json, print_table


def _date(value: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{flag}: '{value}' is not a date (use YYYY-MM-DD)")


def _inspect(args) -> int:
    from .jobs import follow
    from .web import setup_django

    setup_django()
    from hotline.inspection.models import CallInspection
    from hotline.inspection.services import InspectionError, inspection_run_create, run_calls
    from hotline.org.models import Center

    center = (
        Center.objects.filter(code=args.center).first() or Center.objects.filter(name=args.center).first()
    )
    if center is None:
        fail(f"--center: no center with code or name {args.center}")
    first, last = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    try:
        # A background job (a Celery worker with a broker, else a thread of this process); incremental:
        # calls inspected before and unchanged since keep their results.
        run = inspection_run_create(center=center, date_from=first, date_to=last)
    except InspectionError as exc:
        fail(str(exc))
    if run.job_id:
        follow(run.job_id, "inspect")
    run.refresh_from_db()
    results = (
        CallInspection.objects.filter(call__in=run_calls(run).values("pk"))
        .select_related("call", "call__agent")
        .order_by("-risk", "call__started_at")
    )
    rows = [
        {"call_id": r.call.call_id, "agent": r.call.agent.work_number if r.call.agent else "", "risk": r.risk,
         "failed_rules": r.failed_rules, "silence_s": (r.audio or {}).get("silence_total"),
         "overtalk_s": (r.audio or {}).get("overtalk_total"), "transcript": r.has_transcript, "error": r.error}
        for r in results
    ]  # fmt: skip
    if args.json:
        print_json(
            {
                "run": run.pk,
                "status": run.status,
                "total": run.total,
                "unchanged": run.unchanged,
                "errors": run.failed,
                "calls": rows,
            }
        )
    else:
        print_table(
            ["call", "agent", "risk", "failed rules", "silence s", "overtalk s", "transcript"],
            [[r["call_id"], r["agent"], r["risk"], r["failed_rules"], r["silence_s"], r["overtalk_s"],
              "yes" if r["transcript"] else "no"] for r in rows[: args.top]],
            title=f"inspection run {run.pk}: {run.total} calls ({run.unchanged} unchanged since their last inspection), {run.skipped} skipped (no file or transcript), {run.failed} errors, top {min(args.top, len(rows))} by risk",
        )  # fmt: skip
    return 0


def _import(args) -> int:
    from .web import _bar, setup_django

    setup_django()
    from hotline.inspection.services import InspectionError, transcripts_import

    with _bar("import transcripts") as bar:
        task = bar.add_task("files", total=None)
        try:
            result = transcripts_import(path=args.path, unit="ms" if args.ms else "s", vendor=args.vendor,
                                        agent_channel=args.agent_channel,
                                        progress=lambda d, t: bar.update(task, completed=d, total=t))  # fmt: skip
        except InspectionError as exc:
            bar.stop()
            fail(str(exc))
    if args.json:
        print_json({"created": result.created, "updated": result.updated, "errors": result.errors})
    else:
        print(f"transcripts: {result.created} created, {result.updated} updated, {len(result.errors)} errors")
        if result.errors:
            print_table(["file", "row", "column", "reason"],
                        [[e["file"], e["row"] or "", e["column"] or "", e["reason"]] for e in result.errors])  # fmt: skip
    return 1 if result.errors else 0


def register(sub) -> None:
    p = sub.add_parser("inspect", help="automatic inspection of a center's calls over a date range (§8)")
    p.add_argument("--center", required=True, help="center code or name")
    p.add_argument("--from", dest="date_from", required=True, help="first date, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, help="last date, YYYY-MM-DD")
    p.add_argument("--top", type=int, default=20, help="rows of the table (default 20)")
    p.add_argument("--json", action="store_true", help="all results as JSON")
    p.set_defaults(handler=_inspect)
    t = sub.add_parser("transcripts", help="ASR transcripts for inspection (§8)")
    tsub = t.add_subparsers(dest="transcripts_command", metavar="ACTION", required=True)
    i = tsub.add_parser("import", help="import transcripts from a JSON file or folder")
    i.add_argument("path", help="JSON file, or a folder of <call_id>.json files")
    i.add_argument("--ms", action="store_true", help="start/end are milliseconds (generic format)")
    i.add_argument(
        "--vendor",
        default="auto",
        choices=("auto", "generic", "alibaba", "iflytek", "tencent"),
        help="the ASR result format: auto (recognised), generic, alibaba, iflytek or tencent",
    )
    i.add_argument("--agent-channel", type=int, default=0, choices=(0, 1),
                   help="the agent's channel in per-channel (stereo) vendor results (default 0, left)")  # fmt: skip
    i.add_argument("--json", action="store_true")
    i.set_defaults(handler=_import)
