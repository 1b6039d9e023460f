"""Shared habits of the ``hotline`` command line: clear failures, JSON or a readable table."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from hotline.core.errors import HotlineError
from hotline.core.tabular import TableError


class CommandError(HotlineError):
    """A user-facing failure of a command: the message (English, CLI.md) says what and where; the exit
    status is 2 unless told otherwise."""

    code = "command"

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


@functools.cache
def _catalog():
    import gettext

    locale = Path(__file__).resolve().parents[1] / "locale"
    return gettext.translation("django", localedir=str(locale), languages=["en"], fallback=True)


def english(text: str) -> str:
    """A source text (a Chinese msgid of a refusal or row error) in English from the shipped catalog —
    the command line speaks English (CLI.md), without Django; the text itself when not translated."""
    return _catalog().gettext(text) if text else text


def english_of(exc: BaseException) -> str:
    """An exception's message as the command line prints it (English; row errors with their place)."""
    if isinstance(exc, TableError):
        return exc.english(english)
    if isinstance(exc, HotlineError):
        return exc.render(english)
    return str(exc)


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
        print(f"  {e.english(english) if hasattr(e, 'english') else e}", file=sys.stderr)
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
        print(f"  left out: {e.english(english) if hasattr(e, 'english') else e}", file=sys.stderr)
    return 1 if result.errors else 0
