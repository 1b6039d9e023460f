"""Shared habits of the ``hotline`` command line: clear failures, JSON or a readable table."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from hotline.core.errors import HotlineError


class CommandError(HotlineError):
    """A user-facing failure of a command: the message (English, CLI.md) says what and where; the exit
    status is 2 unless told otherwise."""

    code = "command"

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def fail(message: str, status: int = 2) -> NoReturn:
    raise CommandError(message, status)


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def print_json(obj: object) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]], title: str | None = None) -> None:
    """A readable table on stdout (rich when the terminal allows; plain columns otherwise)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for h in headers:
        table.add_column(str(h))
    for r in rows:
        table.add_row(*("" if v is None else str(v) for v in r))
    Console(width=max(100, Console().width)).print(table)


def progress(iterable, *, total: int | None = None, description: str = ""):
    """Wrap an iterable in a progress bar on stderr (silent when stderr is not a terminal)."""
    from rich.progress import track

    return track(iterable, total=total, description=description, console=_err_console(), transient=True)


def _err_console():
    from rich.console import Console

    return Console(stderr=True)


def report_refused_import(command: str, errors) -> int:
    """An all-or-nothing import refused: name the rows on stderr (first 50) and return exit status 2."""
    print(f"hotline {command}: {len(errors)} bad row(s); nothing was imported:", file=sys.stderr)
    for e in errors[:50]:
        print(f"  {e}", file=sys.stderr)
    if len(errors) > 50:
        print(f"  … and {len(errors) - 50} more", file=sys.stderr)
    print("Fix the rows, or run again with --keep-good-rows to import the others.", file=sys.stderr)
    return 2


def report_import(file: str, kind: str, result) -> int:
    """The counts of a finished import on stdout, rows left out on stderr; 1 when rows were left out."""
    print(
        f"{file}: {kind}, {result.created} new, {result.updated} updated, "
        f"{result.unchanged} unchanged, {len(result.errors)} row(s) left out"
    )
    for e in result.errors[:50]:
        print(f"  left out: {e}", file=sys.stderr)
    return 1 if result.errors else 0
