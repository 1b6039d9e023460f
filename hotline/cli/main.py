"""The ``hotline`` console script.

Offline commands (no database) live in their own modules and import heavy libraries only when
run; Django commands live in ``hotline.cli.web``. Each module offers ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from hotline.core.tabular import TableError

from .common import CommandError, english_of

MODULES = (
    "hotline.cli.sample",  # sample, live-order (§3.2, §3.3)
    "hotline.cli.erlang",  # erlang (§5)
    "hotline.cli.roster",  # roster solve (§5)
    "hotline.cli.forecast",  # forecast (§5)
    "hotline.cli.kpi",  # kpi (§7)
    "hotline.cli.agreement",  # agreement (§4)
    "hotline.cli.audio",  # analyse-audio (§8)
    "hotline.cli.transcript",  # inspect-transcript (§8)
    "hotline.cli.quality",  # plan (§3.4, Django)
    "hotline.cli.web",  # migrate, manage, serve, demo-data, import, plan … (Django)
    "hotline.cli.performance",  # import-hr, appraisal (§6, §7; Django)
    "hotline.cli.report",  # report national, report import-survey (§7; Django)
    "hotline.cli.workforce",  # staffing, roster generate (§5, Django)
    "hotline.cli.feedback",  # analysis export, webhooks retry (§3.7, Django)
    "hotline.cli.inspection",  # inspect, transcripts import (§8, Django)
    "hotline.cli.backup",  # backup, restore (deploy/README.md; Django)
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hotline", description="Quality and workforce management for call centers."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command module not written yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    # `hotline manage ARGS…` passes everything after it to Django untouched.
    if args_in[:1] == ["manage"]:
        from .web import run_manage

        return run_manage(args_in[1:])
    parser = build_parser()
    args = parser.parse_args(args_in)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 1
    try:
        result = args.handler(args)
    except CommandError as exc:
        print(f"hotline {args.command}: {exc}", file=sys.stderr)
        return exc.status
    except TableError as exc:
        print(f"hotline {args.command}: the input has errors:\n{english_of(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `hotline sample … | head`
        sys.stderr.close()
        return 0
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
