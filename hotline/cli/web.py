"""Commands that work on the product's database (Django): migrate, manage, serve, demo-data, import."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from .common import report_import, report_refused_import


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    # e.g. production mode with the development key: say why, without a traceback
    except ImproperlyConfigured as exc:
        print(f"hotline: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def run_manage(argv: list[str]) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hotline manage", *argv])
    return 0


def _migrate(args) -> int:
    return run_manage(["migrate", "--noinput", *(["-v", "0"] if args.quiet else [])])


def _serve_cmd(args) -> int:
    if args.production:
        return _serve_production(args)
    # The development server runs each request in a new thread: a persistent connection per thread
    # outlives it, and 50 users exhaust PostgreSQL's clients (issue 16). One connection per request.
    os.environ.setdefault("HOTLINE_DB_CONN_MAX_AGE", "0")
    setup_django()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    print(f"hotline: serving on http://{args.host}:{args.port}/", file=sys.stderr)
    call_command("runserver", f"{args.host}:{args.port}", "--noreload", use_threading=True)
    return 0


def gunicorn_argv(*, host: str, port: int, workers: int, threads: int, timeout: int) -> list[str]:
    """The gunicorn command line of ``hotline serve --production`` (logs to stderr, for journald)."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        sys.executable, "-m", "gunicorn", "hotline.wsgi:application", "--bind", bind,
        "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread" if threads > 1 else "sync",
        "--timeout", str(timeout), "--graceful-timeout", "30", "--max-requests", "2000", "--max-requests-jitter", "200",
        "--access-logfile", "-", "--error-logfile", "-", "--log-level", os.environ.get("HOTLINE_LOG_LEVEL", "info").lower(),
        "--forwarded-allow-ips", os.environ.get("HOTLINE_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"), "--no-control-socket",
    ] + (
        ["--logger-class", "hotline.logs_gunicorn.JsonAccessLogger"]
        if os.environ.get("HOTLINE_LOG_FORMAT", "").lower() == "json"
        else []
    )  # fmt: skip


def _serve_production(args) -> int:
    """Check the settings (production mode refuses the development key and DEBUG), migrate, collect the
    static files for WhiteNoise, then become gunicorn (exec: signals and exit status are gunicorn's)."""
    try:
        if args.workers is None:
            args.workers = int(os.environ.get("HOTLINE_WORKERS") or _default_workers())
        if args.threads is None:
            args.threads = int(os.environ.get("HOTLINE_THREADS") or 4)
        if args.timeout is None:
            args.timeout = int(os.environ.get("HOTLINE_WEB_TIMEOUT") or 120)
    except ValueError:
        print(
            "hotline serve: HOTLINE_WORKERS, HOTLINE_THREADS and HOTLINE_WEB_TIMEOUT are numbers",
            file=sys.stderr,
        )
        return 2
    if args.workers < 1 or args.threads < 1 or args.timeout < 1:
        print("hotline serve: --workers, --threads and --timeout must be at least 1", file=sys.stderr)
        return 2
    os.environ["HOTLINE_PRODUCTION"] = "1"
    setup_django()
    from django.core.management import call_command

    from hotline.staticfiles import collect_if_changed

    call_command("migrate", "--noinput", verbosity=0)
    collect_if_changed()
    argv = gunicorn_argv(
        host=args.host, port=args.port, workers=args.workers, threads=args.threads, timeout=args.timeout
    )
    print(
        f"hotline: serving (production, {args.workers} workers × {args.threads} threads) on "
        f"http://{args.host}:{args.port}/",
        file=sys.stderr,
    )
    sys.stderr.flush()
    os.execv(sys.executable, argv)
    return 0  # not reached


def _default_workers() -> int:
    return max(2, min(2 * (os.cpu_count() or 1) + 1, 8))


def _bar(description: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .common import _err_console

    return Progress(
        TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=_err_console(), transient=True,
    )  # fmt: skip


def run_import(command: str, label: str, do_import: Callable, refused: type[Exception]):
    """``do_import(progress)`` under a progress bar → ``(result, None)``; an all-or-nothing import
    refused (``refused``, with its row errors) → ``(None, exit status)`` after naming the rows."""
    with _bar(command) as bar:
        task = bar.add_task(label, total=None)
        try:
            return do_import(lambda done, total: bar.update(task, completed=done, total=total)), None
        except refused as exc:
            bar.stop()
            return None, report_refused_import(command, exc.errors)


def _import_calls(args) -> int:
    setup_django()
    from hotline.calls.services import ImportFailed, calls_import

    result, status = run_import(
        "import calls", "calls",
        lambda progress: calls_import(path=args.file, file_format=args.format, center_name=args.center,
                                      keep_good_rows=args.keep_good_rows, progress=progress),
        ImportFailed,
    )  # fmt: skip
    if result is None:
        return status
    return report_import(args.file, result.file_format, result)


def _import_people(args) -> int:
    setup_django()
    from hotline.org.services import people_import

    result = people_import(path=args.file, keep_good_rows=args.keep_good_rows, default_password=args.password)
    print(f"{args.file}: {result.created} new, {result.updated} updated, {result.unchanged} unchanged")
    for e in result.errors:
        print(f"  left out: {e}", file=sys.stderr)
    return 1 if result.errors else 0


def _import_recordings(args) -> int:
    setup_django()
    from hotline.calls.services import DEFAULT_RECORDING_PATTERN, recordings_index

    with _bar("index recordings") as bar:
        task = bar.add_task("files", total=None)
        result = recordings_index(
            directory=args.dir,
            pattern=args.pattern or DEFAULT_RECORDING_PATTERN,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    print(
        f"{args.dir}: {result.linked} linked, {result.unchanged} unchanged, {len(result.unmatched)} without a call"
    )
    for c in result.unmatched[:20]:
        print(f"  no call with id {c}", file=sys.stderr)
    return 0


def _export_calls(args) -> int:
    setup_django()
    import csv

    from hotline.calls.models import Call
    from hotline.calls.services import calls_export_rows
    from hotline.core.spreadsheet import neutralise_row

    qs = Call.objects.all().order_by("started_at", "call_id")
    if args.center:
        qs = qs.filter(center__name=args.center)
    if args.date_from:
        qs = qs.filter(local_date__gte=args.date_from)
    if args.date_to:
        qs = qs.filter(local_date__lte=args.date_to)
    out = open(args.file, "w", newline="", encoding="utf-8-sig") if args.file != "-" else sys.stdout
    try:
        writer = csv.writer(out)
        n = -1
        for row in calls_export_rows(qs):
            writer.writerow(neutralise_row(row))  # no formula reaches Excel (OWASP CSV injection)
            n += 1
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"{max(n, 0)} calls written to {args.file}", file=sys.stderr)
    return 0


def _demo_data(args) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    from hotline.demo.build import build_demo

    build_demo(seed=args.seed, force=args.force, audio=not args.no_audio)
    return 0


def register(sub) -> None:
    p = sub.add_parser("migrate", help="create or upgrade the database")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(handler=_migrate)

    sub.add_parser("manage", help="any Django manage.py command: hotline manage ARGS…").set_defaults(
        handler=lambda a: run_manage(sys.argv[2:])
    )

    p = sub.add_parser("serve", help="serve the product (default http://127.0.0.1:8000)")
    p.add_argument("--host", default=os.environ.get("HOTLINE_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("HOTLINE_PORT", "8000")))
    p.add_argument(
        "--production", action="store_true",
        help="gunicorn workers and WhiteNoise static files; refuses the development key and DEBUG (deploy/README.md)",
    )  # fmt: skip
    p.add_argument(
        "--workers", type=int, default=None,
        help="worker processes with --production (HOTLINE_WORKERS; default 2 × cores + 1, at most 8)",
    )  # fmt: skip
    p.add_argument(
        "--threads", type=int, default=None,
        help="threads per worker with --production (HOTLINE_THREADS, default 4)",
    )  # fmt: skip
    p.add_argument(
        "--timeout", type=int, default=None,
        help="seconds before a stuck request's worker is restarted (HOTLINE_WEB_TIMEOUT, default 120)",
    )  # fmt: skip
    p.set_defaults(handler=_serve_cmd)

    p = sub.add_parser("demo-data", help="load the demo center (deterministic)")
    p.add_argument("--seed", type=int, default=20261122)
    p.add_argument("--force", action="store_true", help="rebuild even when the demo is there already")
    p.add_argument("--no-audio", action="store_true", help="skip the recordings (fast, for tests)")
    p.set_defaults(handler=_demo_data)

    exp = sub.add_parser("export", help="export data in the product layout").add_subparsers(
        dest="what", metavar="WHAT", required=True
    )
    p = exp.add_parser("calls", help="calls as a product-layout CSV (UTF-8 with BOM, opens in Excel)")
    p.add_argument("file", help="output file, or - for stdout")
    p.add_argument("--center", default=None)
    p.add_argument("--from", dest="date_from", default=None, help="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", default=None, help="YYYY-MM-DD")
    p.set_defaults(handler=_export_calls)

    imp = sub.add_parser("import", help="import calls, people or recordings").add_subparsers(
        dest="what", metavar="WHAT", required=True
    )
    p = imp.add_parser("calls", help="a call file: product CSV/XLSX, Asterisk Master.csv, FreeSWITCH CDR")
    p.add_argument("file")
    p.add_argument("--format", default="auto", choices=["auto", "hotline", "asterisk", "freeswitch"])
    p.add_argument("--center", default=None, help="the center of calls whose file names none")
    p.add_argument("--keep-good-rows", action="store_true", help="import the good rows even if some are bad")
    p.set_defaults(handler=_import_calls)
    p = imp.add_parser("people", help="work_number,name,company,team,center,role[,pinyin]")
    p.add_argument("file")
    p.add_argument("--keep-good-rows", action="store_true")
    p.add_argument("--password", default=None, help="initial password for new logins (default: none usable)")
    p.set_defaults(handler=_import_people)
    p = imp.add_parser("recordings", help="link a folder of audio files to calls by a file-name pattern")
    p.add_argument("dir")
    p.add_argument("--pattern", default=None, help=r"regex with (?P<call_id>…); default: <call_id>.wav")
    p.set_defaults(handler=_import_recordings)
