"""Spreadsheet exports that cannot carry formulas (CSV/formula injection, OWASP; issue 10 finding 4).

Django-free. Names, reasons, comments and call-log fields come from people and imported files; a cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their full-width forms,
which Chinese input methods produce) is read by Excel, WPS and LibreOffice as a formula —
``=HYPERLINK(…)`` leaks data, ``=cmd|' /C calc'!A0`` runs programs. Every export goes through this
module: such a text gets a leading apostrophe, the OWASP remedy, so it shows as the text it is.

Numbers stay numbers: ``int``/``float`` values are untouched, and so is a text that is a plain number
(``-3.5``, ``+8613800138000``: a sign and digits compute nothing). Only the first character matters
to a spreadsheet, so only it is looked at.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """``value`` safe for a spreadsheet cell: a text that a spreadsheet would run as a formula gets a
    leading ``'``; everything else is returned unchanged."""
    if not isinstance(value, str) or not value or value[0] not in FORMULA_STARTS:
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    return [neutralise(v) for v in row]


def xlsx_bytes(workbook) -> bytes:
    """Neutralise every cell of an openpyxl ``workbook`` and return the saved file.

    openpyxl stores a text that starts with ``=`` as a formula; after this no cell of the workbook is
    one (exports write values, never formulas)."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    safe = neutralise(cell.value)
                    if safe is not cell.value or cell.data_type == "f":
                        cell.value = safe
                        cell.data_type = "s"
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()
