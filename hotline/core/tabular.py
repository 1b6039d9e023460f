"""Reading tabular files the way Chinese call centers produce them (§2, §10).

Django-free. A table is read from CSV (UTF-8, UTF-8 with BOM, GB18030 — the superset of GBK that
Chinese Excel writes) or XLSX (first sheet). Rows are numbered as a spreadsheet shows them: the
header is row 1, the first data row is row 2, so an error message can send a person to the cell.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hotline.core.errors import InvalidInput, gettext_noop


def cell_text(value: object) -> str:
    """A cell as text: empty for none, ``5.0`` from a spreadsheet as ``5``, surrounding blanks dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _same(text: str) -> str:
    return text


def cell_shown(value: object, limit: int = 40) -> str:
    """A cell's value as quoted back to the reader: one line, at most ``limit`` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class RowError:
    """One bad cell or row: where it is and why it is refused.

    ``reason`` is a source text (Chinese, marked with ``gettext_noop``) with ``%(name)s`` placeholders
    filled from ``params``, translated when read (:meth:`render` on a page, :meth:`english` on the
    command line), so a stored import report reads in each reader's language. A reason made elsewhere
    (an exception's text) is kept as it is."""

    file: str
    row: int
    column: str
    reason: str
    params: Mapping[str, object] | None = field(default=None, compare=False, hash=False)

    def reason_text(self, translate: Callable[[str], str] = _same) -> str:
        text = translate(self.reason)
        if not self.params:
            return text
        try:
            return text % self.params
        except (KeyError, ValueError, TypeError):
            return text

    def where(self) -> str:
        """The command line's place of the error (CLI.md: file, row, column)."""
        out = f"{self.file}, row {self.row}"
        return out + (f", column {self.column}" if self.column else "")

    def english(self, translate: Callable[[str], str] = _same) -> str:
        """The command line's line: the place in English, the reason through ``translate``."""
        return f"{self.where()}: {self.reason_text(translate)}"

    def render(self, translate: Callable[[str], str]) -> str:
        """A page's line: place and reason in the reader's language (``translate`` = gettext)."""
        if self.column:
            where = translate(gettext_noop("%(file)s 第 %(row)s 行 %(column)s 列"))
        else:
            where = translate(gettext_noop("%(file)s 第 %(row)s 行"))
        where = where % {"file": self.file, "row": self.row, "column": self.column}
        return translate(gettext_noop("%(where)s：%(reason)s")) % {
            "where": where,
            "reason": self.reason_text(translate),
        }

    def __str__(self) -> str:
        return self.english()


def _joined(lines: Sequence[str], total: int, more: str = "… (+%(n)s)") -> str:
    tail = "\n" + more % {"n": total - 20} if total > 20 else ""
    return "\n".join(lines[:20]) + tail


class TableError(InvalidInput):
    """A file that cannot be used as it is; carries every row error found (a refusal of the one root:
    ``code`` ``table``, still a ``ValueError``). A page shows it with :meth:`render` (each row in the
    reader's language), the command line with :meth:`english`."""

    code = "table"

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        super().__init__(self.english())

    def english(self, translate: Callable[[str], str] = _same) -> str:
        lines = [e.english(translate) for e in self.errors[:20]]
        return _joined(lines, len(self.errors), "… and %(n)s more")

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        if translate is None:
            return self.english()
        return _joined([e.render(translate) for e in self.errors[:20]], len(self.errors))


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
    raise TableError([RowError(p.name, 0, "", gettext_noop("文件既不是 UTF-8 也不是 GB18030 文本"))])


MAX_LINE = 4 * 1024 * 1024  # characters in one line of a CSV file (a million commas is not a row)


def _bounded_lines(fh, name: str) -> Iterator[str]:
    for n, line in enumerate(iter(lambda: fh.readline(MAX_LINE + 1), ""), start=1):
        if len(line) > MAX_LINE:
            raise TableError(
                [RowError(name, n, "", gettext_noop("有一行超过 %(n)s 个字符"), {"n": f"{MAX_LINE:,}"})]
            )
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
                if "field limit" in str(exc):
                    bad = RowError(
                        p.name,
                        line,
                        "",
                        gettext_noop("有一个单元格超过 %(n)s 个字符"),
                        {"n": f"{FIELD_LIMIT:,}"},
                    )
                else:
                    bad = RowError(
                        p.name, line, "", gettext_noop("无法按 CSV 读取（%(error)s）"), {"error": str(exc)}
                    )
                raise TableError([bad]) from None
            yield row


def _xlsx_rows(p: Path) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(
            [
                RowError(
                    p.name, 0, "", gettext_noop("不是可读的 XLSX 工作簿（%(error)s）"), {"error": str(exc)}
                )
            ]
        ) from None
    try:
        if not wb.worksheets:
            raise TableError([RowError(p.name, 0, "", gettext_noop("工作簿中没有工作表"))])
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
                [
                    RowError(
                        p.name,
                        n + 1,
                        "",
                        gettext_noop("不是可读的 XLSX 工作表（%(error)s）"),
                        {"error": str(exc)},
                    )
                ]
            ) from None
    finally:
        wb.close()


def open_rows(path: str | Path, *, header: bool = True) -> RowStream:
    """Open a CSV or XLSX file for streaming. Without a header, the header is ('0', '1', …)."""
    p = Path(path)
    name = p.name
    if not p.is_file():
        raise TableError([RowError(name, 0, "", gettext_noop("找不到文件：%(path)s"), {"path": str(p)})])
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
            raise TableError([RowError(name, 1, "", gettext_noop("文件为空：须有标题行"))])
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
            raise TableError([RowError(name, 1, "", gettext_noop("文件为空：须有标题行"))])
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
                    gettext_noop("缺少必需的列“%(column)s”（标题行：%(header)s）"),
                    {"column": c, "header": ", ".join(table.raw_header)},
                )
                for c in missing
            ]
        )
