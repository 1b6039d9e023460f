"""Reading tabular files the way Chinese call centers produce them (§2, §10).

Django-free. A table is read from CSV (UTF-8, UTF-8 with BOM, GB18030 — the superset of GBK that
Chinese Excel writes) or XLSX (first sheet). Rows are numbered as a spreadsheet shows them: the
header is row 1, the first data row is row 2, so an error message can send a person to the cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class RowError:
    """One bad cell or row: where it is and why it is refused."""

    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class TableError(ValueError):
    """A file that cannot be used as it is; carries every row error found."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        shown = "\n".join(str(e) for e in self.errors[:20])
        more = f"\n… and {len(self.errors) - 20} more" if len(self.errors) > 20 else ""
        super().__init__(shown + more)


@dataclass(frozen=True)
class Table:
    """Header (normalised: stripped, lower-case) and rows as lists of strings or cell values."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    encoding: str = "utf-8"
    first_row_number: int = 2
    raw_header: tuple[str, ...] = field(default=())

    def records(self) -> Iterator[tuple[int, dict[str, object]]]:
        """Yield (spreadsheet row number, {column: value}) for each non-empty row."""
        for i, row in enumerate(self.rows):
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            yield (
                self.first_row_number + i,
                {h: (row[j] if j < len(row) else None) for j, h in enumerate(self.header)},
            )


ENCODINGS = ("utf-8-sig", "gb18030")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM) first, then GB18030. Returns (text, encoding)."""
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "utf-8-sig":
            return text, "utf-8-bom" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return text, enc
    raise TableError([RowError("", 0, "", "the file is neither UTF-8 nor GB18030 text")])


def _normalise(h: object) -> str:
    return str(h or "").strip().lstrip("\ufeff").strip().lower()


def read_rows(path: str | Path, *, header: bool = True) -> Table:
    """Read a CSV or XLSX file into a Table. Without a header, the header is ('0', '1', …)."""
    p = Path(path)
    name = p.name
    if not p.exists():
        raise TableError([RowError(name, 0, "", f"file not found: {p}")])
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(p, header=header)
    text, enc = decode_bytes(p.read_bytes())
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return _table(name, rows, header=header, encoding=enc)


def read_text_rows(name: str, text: str, *, header: bool = True) -> Table:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return _table(name, rows, header=header, encoding="utf-8")


def _table(name: str, rows: list[list[object]], *, header: bool, encoding: str) -> Table:
    if header:
        if not rows:
            raise TableError([RowError(name, 1, "", "the file is empty: a header row is required")])
        raw = tuple(str(h or "").strip().lstrip("\ufeff") for h in rows[0])
        head = tuple(_normalise(h) for h in rows[0])
        return Table(name, head, tuple(tuple(r) for r in rows[1:]), encoding, 2, raw)
    width = max((len(r) for r in rows), default=0)
    head = tuple(str(i) for i in range(width))
    return Table(name, head, tuple(tuple(r) for r in rows), encoding, 1, head)


def _read_xlsx(p: Path, *, header: bool) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError([RowError(p.name, 0, "", f"not a readable XLSX workbook ({exc})")]) from exc
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return _table(p.name, rows, header=header, encoding="xlsx")


def require_columns(table: Table, required: Sequence[str]) -> None:
    missing = [c for c in required if c not in table.header]
    if missing:
        raise TableError(
            [
                RowError(
                    table.name,
                    1,
                    c,
                    f"required column '{c}' is missing (header: {', '.join(table.raw_header)})",
                )
                for c in missing
            ]
        )
