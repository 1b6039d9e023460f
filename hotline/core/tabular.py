"""Reading tabular files the way Chinese call centers produce them (§2, §10).

Django-free. A table is read from CSV (UTF-8, UTF-8 with BOM, GB18030 — the superset of GBK that
Chinese Excel writes) or XLSX (first sheet). Rows are numbered as a spreadsheet shows them: the
header is row 1, the first data row is row 2, so an error message can send a person to the cell.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hotline.core.errors import InvalidInput


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


class TableError(InvalidInput):
    """A file that cannot be used as it is; carries every row error found (a refusal of the one root:
    ``code`` ``table``, still a ``ValueError``)."""

    code = "table"

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


FIELD_LIMIT = 131_072  # characters in one CSV cell (Python's csv default); longer refuses the file


@dataclass(frozen=True)
class RowStream:
    """A table read lazily: the header now, the rows each time ``rows`` is iterated (bounded memory).

    Iterating twice reads the file twice (a validating pass, then a writing pass). A file that turns
    out to be unreadable half-way raises ``TableError`` from the iteration.
    """

    name: str
    header: tuple[str, ...]
    raw_header: tuple[str, ...]
    encoding: str
    first_row_number: int
    _rows: Callable[[], Iterator[tuple[object, ...]]] = field(repr=False, compare=False)

    @property
    def rows(self) -> Iterator[tuple[object, ...]]:
        return self._rows()

    def records(self) -> Iterator[tuple[int, dict[str, object]]]:
        return Table.records(self)  # type: ignore[arg-type]  (same shape)


def _detect_encoding(p: Path) -> str:
    """UTF-8 (BOM or not) if every byte decodes, else GB18030; read in 1 MiB chunks."""
    for enc in ENCODINGS:
        decoder = codecs.getincrementaldecoder(enc)()
        try:
            with p.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if enc == "utf-8-sig":
            with p.open("rb") as fh:
                return "utf-8-bom" if fh.read(3) == b"\xef\xbb\xbf" else "utf-8"
        return enc
    raise TableError([RowError(p.name, 0, "", "the file is neither UTF-8 nor GB18030 text")])


MAX_LINE = 4 * 1024 * 1024  # characters in one line of a CSV file (a million commas is not a row)


def _bounded_lines(fh, name: str) -> Iterator[str]:
    for n, line in enumerate(iter(lambda: fh.readline(MAX_LINE + 1), ""), start=1):
        if len(line) > MAX_LINE:
            raise TableError([RowError(name, n, "", f"a line is longer than {MAX_LINE:,} characters")])
        yield line


def _csv_rows(p: Path, encoding: str) -> Iterator[list[str]]:
    enc = "gb18030" if encoding == "gb18030" else "utf-8-sig"
    with p.open(encoding=enc, newline="") as fh:
        reader = csv.reader(_bounded_lines(fh, p.name))
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                line = reader.line_num
                reason = (
                    f"a cell is longer than {FIELD_LIMIT:,} characters"
                    if "field limit" in str(exc)
                    else f"not readable as CSV ({exc})"
                )
                raise TableError([RowError(p.name, line, "", reason)]) from None
            yield row


def _xlsx_rows(p: Path) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError([RowError(p.name, 0, "", f"not a readable XLSX workbook ({exc})")]) from None
    try:
        if not wb.worksheets:
            raise TableError([RowError(p.name, 0, "", "the workbook has no worksheet")])
        n = 0
        try:
            ws = wb.worksheets[0]
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # a declared A1:XFD1048576 must not pad every row to 16,384 cells
            for r in ws.iter_rows(values_only=True):
                n += 1
                yield list(r)
        except TableError:
            raise
        except Exception as exc:  # a damaged sheet half-way through
            raise TableError(
                [RowError(p.name, n + 1, "", f"not a readable XLSX worksheet ({exc})")]
            ) from None
    finally:
        wb.close()


def open_rows(path: str | Path, *, header: bool = True) -> RowStream:
    """Open a CSV or XLSX file for streaming. Without a header, the header is ('0', '1', …)."""
    p = Path(path)
    name = p.name
    if not p.is_file():
        raise TableError([RowError(name, 0, "", f"file not found: {p}")])
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        encoding = "xlsx"

        def source() -> Iterator[list[object]]:
            return _xlsx_rows(p)
    else:
        encoding = _detect_encoding(p)

        def source() -> Iterator[list[object]]:
            return _csv_rows(p, encoding)

    if header:
        first = next(iter(source()), None)
        if first is None:
            raise TableError([RowError(name, 1, "", "the file is empty: a header row is required")])
        raw = tuple(str(h or "").strip().lstrip("\ufeff") for h in first)
        head = tuple(_normalise(h) for h in first)

        def rows() -> Iterator[tuple[object, ...]]:
            it = source()
            next(it, None)
            return (tuple(r) for r in it)

        return RowStream(name, head, raw, encoding, 2, rows)
    width = 0
    for r in source():
        width = max(width, len(r))
    head = tuple(str(i) for i in range(width))
    return RowStream(name, head, head, encoding, 1, lambda: (tuple(r) for r in source()))


def read_rows(path: str | Path, *, header: bool = True) -> Table:
    """Read a CSV or XLSX file into a Table (in memory). Without a header, the header is ('0', '1', …)."""
    s = open_rows(path, header=header)
    return Table(s.name, s.header, tuple(s.rows), s.encoding, s.first_row_number, s.raw_header)


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
