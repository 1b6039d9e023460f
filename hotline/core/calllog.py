"""The product's own call layout (§2) parsed into frozen call records, Django-free.

Columns, any order, only the first four required:
``call_id, agent, answered_at, ended_at, queued_at, center, skill, direction, customer,
talk_seconds, hold_seconds, acw_seconds, abandoned, recording, reason, resolved, satisfied``.

Times are ISO 8601 (``2026-10-08T09:15:02+08:00``, ``2026-10-08 09:15:02``; ``/`` date separators
as Chinese Excel writes them are accepted too). A time without an offset is in the center's time
zone (``tz``, Asia/Shanghai by default). Every time in a ``CallRecord`` is timezone-aware.
Booleans take 1/0, true/false, yes/no, 是/否, y/n.
Durations are seconds (float). ``duration`` is talk time: answer to hang-up (§3.2).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from .errors import HotlineError, InvalidInput, gettext_noop
from .tabular import RowError, RowStream, Table, TableError, cell_shown, cell_text, read_rows, require_columns

COLUMNS = (
    "call_id", "agent", "answered_at", "ended_at", "queued_at", "center", "skill", "direction",
    "customer", "talk_seconds", "hold_seconds", "acw_seconds", "abandoned", "recording", "reason",
    "resolved", "satisfied",
)  # fmt: skip
REQUIRED = COLUMNS[:4]
DEFAULT_TZ = "Asia/Shanghai"

_TRUE = {"1", "true", "t", "yes", "y", "是", "对", "√"}
_FALSE = {"0", "false", "f", "no", "n", "否", "×", "x"}


@dataclass(frozen=True)
class CallRecord:
    """One call as the product understands it (§2). Times are aware datetimes; seconds are floats."""

    call_id: str
    agent: str
    answered_at: dt.datetime | None
    ended_at: dt.datetime | None
    queued_at: dt.datetime | None = None
    center: str = ""
    skill: str = ""
    direction: str = "in"
    customer: str = ""
    talk_seconds: float | None = None
    hold_seconds: float = 0.0
    acw_seconds: float = 0.0
    abandoned: bool = False
    recording: str = ""
    reason: str = ""
    resolved: bool | None = None
    satisfied: bool | None = None
    has_recording_column: bool = True
    row: int = 0  # where it came from in its file (spreadsheet numbering), 0 when unknown

    @property
    def answered(self) -> bool:
        return not self.abandoned and self.answered_at is not None

    @property
    def duration(self) -> float:
        """Talk time in seconds: answer to hang-up; ``talk_seconds`` when times are missing."""
        if self.answered_at is not None and self.ended_at is not None:
            return _seconds_between(self.answered_at, self.ended_at)
        return float(self.talk_seconds or 0.0)

    @property
    def has_recording(self) -> bool:
        """A recording exists; a file without a ``recording`` column is taken as fully recorded."""
        return bool(self.recording) if self.has_recording_column else self.answered

    @property
    def wait_seconds(self) -> float | None:
        """Queue wait: answer (or end, if abandoned) minus queue entry; None without a queue time."""
        if self.queued_at is None:
            return None
        end = self.answered_at if self.answered_at is not None else self.ended_at
        return None if end is None else max(0.0, _seconds_between(self.queued_at, end))

    @property
    def handle_seconds(self) -> float:
        """Handling time: talk + hold + after-call work (§7)."""
        talk = self.talk_seconds if self.talk_seconds is not None else self.duration
        return talk + self.hold_seconds + self.acw_seconds

    @property
    def started_at(self) -> dt.datetime | None:
        """When the customer entered the system: queue time, else answer time, else end time."""
        return self.queued_at or self.answered_at or self.ended_at


def _seconds_between(start: dt.datetime, end: dt.datetime) -> float:
    """Elapsed seconds. Python subtracts two times of the same tzinfo as wall-clock times, which is
    wrong across a daylight-saving change; converting to UTC first gives the real elapsed time."""
    return (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds()


class CellError(InvalidInput):
    """One cell that cannot be read: a source text (Chinese, ``gettext_noop``) and its parameters,
    translated when read like every :class:`RowError` reason."""

    code = "cell_invalid"


def cell_row_error(file: str, row: int, column: str, exc: ValueError) -> RowError:
    """The row error for a cell a parser refused: a :class:`CellError` keeps its key and parameters
    (so each reader sees it in their language); any other ``ValueError`` keeps its text."""
    if isinstance(exc, HotlineError) and isinstance(exc.message, str):
        return RowError(file, row, column, exc.message, exc.params or None)
    return RowError(file, row, column, str(exc))


def parse_bool(value: object) -> bool | None:
    """1/0, true/false, yes/no, 是/否 → bool; empty → None; anything else raises ValueError."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    s = str(value).strip().lower()
    if s == "":
        return None
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise CellError(
        gettext_noop("“%(value)s”不是是/否值（可用 1/0、true/false 或 是/否）"),
        params={"value": cell_shown(value)},
    )


EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # times outside [EARLIEST, LATEST) are refused
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
MAX_OFFSET = dt.timedelta(hours=14)  # the widest real UTC offset (PostgreSQL refuses beyond ±15:59)
MAX_SECONDS = 10_000_000.0  # ~116 days: a longer duration is a broken export, not a call


def _in_range(moment: dt.datetime, shown: object) -> dt.datetime:
    """Refuse times a database or a time-zone conversion cannot hold (years 0001, 9999…)."""
    offset = moment.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise CellError(gettext_noop("“%(value)s”的时区偏移超出 ±14:00"), params={"value": cell_shown(shown)})
    try:
        utc = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        raise CellError(
            gettext_noop("“%(value)s”超出范围（1970–2099 年）"), params={"value": cell_shown(shown)}
        )
    return moment


def parse_time(value: object, tz: dt.tzinfo) -> dt.datetime | None:
    """ISO 8601 (with or without offset), or an XLSX datetime cell → aware datetime; empty → None.

    Raises ValueError for text that is not a time and for times outside 1970–2099 (UTC).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _in_range(value if value.tzinfo else value.replace(tzinfo=tz), value)
    s = str(value).strip()
    if not s:
        return None
    t = s.replace("/", "-")
    if t.endswith("Z") or t.endswith("z"):
        t = t[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(t)
    except ValueError:
        raise CellError(
            gettext_noop("“%(value)s”不是 ISO 8601 时间（如 2026-10-08T09:15:02+08:00）"),
            params={"value": cell_shown(s)},
        ) from None
    if len(t) <= 10:
        raise CellError(gettext_noop("“%(value)s”只有日期，没有时刻"), params={"value": cell_shown(s)})
    return _in_range(parsed if parsed.tzinfo else parsed.replace(tzinfo=tz), s)


def parse_seconds(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        s = str(value).strip()
        if not s:
            return None
        try:
            number = float(s)
        except ValueError:
            raise CellError(gettext_noop("“%(value)s”不是秒数"), params={"value": cell_shown(s)}) from None
    if not math.isfinite(number):
        raise CellError(gettext_noop("“%(value)s”不是有限的秒数"), params={"value": cell_shown(value)})
    if number < 0:
        raise CellError(gettext_noop("%(value)s 秒是负数"), params={"value": cell_shown(value)})
    if number > MAX_SECONDS:
        raise CellError(
            gettext_noop("%(value)s 秒过长，不合常理（超过 %(max)s）"),
            params={"value": cell_shown(value), "max": f"{MAX_SECONDS:,.0f}"},
        )
    return number


def record_from_row(
    values: dict[str, object], *, file: str, row: int, tz: dt.tzinfo, has_recording_column: bool
) -> tuple[CallRecord | None, list[RowError]]:
    """Parse one row of the call layout. Returns the record, or None with the row's errors."""
    errors: list[RowError] = []

    def field(name: str, parse):
        try:
            return parse(values.get(name))
        except ValueError as exc:
            errors.append(cell_row_error(file, row, name, exc))
            return None

    call_id = cell_text(values.get("call_id"))
    if not call_id:
        errors.append(RowError(file, row, "call_id", gettext_noop("通话编号为空")))
    answered_at = field("answered_at", lambda v: parse_time(v, tz))
    ended_at = field("ended_at", lambda v: parse_time(v, tz))
    queued_at = field("queued_at", lambda v: parse_time(v, tz))
    talk = field("talk_seconds", parse_seconds)
    hold = field("hold_seconds", parse_seconds)
    acw = field("acw_seconds", parse_seconds)
    abandoned = field("abandoned", parse_bool)
    resolved = field("resolved", parse_bool)
    satisfied = field("satisfied", parse_bool)
    agent = cell_text(values.get("agent"))
    direction = cell_text(values.get("direction")).lower() or "in"
    if direction in ("inbound", "呼入", "i"):
        direction = "in"
    elif direction in ("outbound", "呼出", "o"):
        direction = "out"
    if direction not in ("in", "out"):
        errors.append(
            RowError(
                file,
                row,
                "direction",
                gettext_noop("“%(value)s”不是 in/out"),
                {"value": cell_shown(direction)},
            )
        )
    if errors:
        return None, errors
    if abandoned is None:
        abandoned = answered_at is None
    if ended_at is None and not abandoned:
        errors.append(RowError(file, row, "ended_at", gettext_noop("已接通的通话需要结束时间")))
    if answered_at is None and not abandoned:
        errors.append(RowError(file, row, "answered_at", gettext_noop("为空，但通话未标记为放弃")))
    if abandoned and answered_at is not None:
        errors.append(RowError(file, row, "answered_at", gettext_noop("放弃的通话不能有接通时间")))
    if not abandoned and not agent:
        errors.append(RowError(file, row, "agent", gettext_noop("已接通的通话需要座席工号")))
    if answered_at is not None and ended_at is not None and ended_at < answered_at:
        errors.append(RowError(file, row, "ended_at", gettext_noop("结束时间早于接通时间")))
    first = queued_at or answered_at or ended_at
    last = ended_at or answered_at or queued_at
    if first is not None and last is not None and _seconds_between(first, last) > MAX_SECONDS:
        errors.append(RowError(file, row, "ended_at", gettext_noop("通话时长过长，不合常理")))
    # An answer stamped a moment before the queue entry is clock skew between two systems, not a
    # reason to refuse a file: the wait counts as zero (see ``CallRecord.wait_seconds``).
    if abandoned and ended_at is None and queued_at is None:
        errors.append(RowError(file, row, "ended_at", gettext_noop("放弃的通话需要排队时间或结束时间")))
    if errors:
        return None, errors
    return (
        CallRecord(
            call_id=call_id,
            agent=agent,
            answered_at=answered_at,
            ended_at=ended_at,
            queued_at=queued_at,
            center=cell_text(values.get("center")),
            skill=cell_text(values.get("skill")),
            direction=direction,
            customer=cell_text(values.get("customer")),
            talk_seconds=talk,
            hold_seconds=hold or 0.0,
            acw_seconds=acw or 0.0,
            abandoned=bool(abandoned),
            recording=cell_text(values.get("recording")),
            reason=cell_text(values.get("reason")),
            resolved=resolved,
            satisfied=satisfied,
            has_recording_column=has_recording_column,
            row=row,
        ),
        [],
    )


def iter_table(
    table: Table | RowStream, *, tz: dt.tzinfo | str = DEFAULT_TZ
) -> Iterator[tuple[CallRecord | None, list[RowError]]]:
    """Parse row by row (bounded memory but for the call ids seen): ``(record, [])`` for a good row,
    ``(None, errors)`` for a bad one. A repeated call id is an error naming the first row."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    require_columns(table, REQUIRED)
    has_rec = "recording" in table.header
    seen: dict[str, int] = {}
    for row, values in table.records():
        rec, errs = record_from_row(values, file=table.name, row=row, tz=zone, has_recording_column=has_rec)
        if errs:
            yield None, errs
            continue
        assert rec is not None
        first = seen.setdefault(rec.call_id, row)
        if first != row:
            yield (
                None,
                [
                    RowError(
                        table.name,
                        row,
                        "call_id",
                        gettext_noop("通话编号“%(id)s”已在第 %(first)s 行出现"),
                        {"id": cell_shown(rec.call_id), "first": first},
                    )
                ],
            )
            continue
        yield rec, []


def parse_table(
    table: Table | RowStream, *, tz: dt.tzinfo | str = DEFAULT_TZ, keep_good_rows: bool = False
) -> tuple[list[CallRecord], list[RowError]]:
    """Parse every row; duplicate call ids in one file are errors (the second one is named).

    Raises TableError listing every bad row unless ``keep_good_rows``; then returns the good
    records and the errors of the rows left out. Extra columns are allowed and ignored.
    """
    records: list[CallRecord] = []
    errors: list[RowError] = []
    for rec, errs in iter_table(table, tz=tz):
        if rec is None:
            errors.extend(errs)
        else:
            records.append(rec)
    if errors and not keep_good_rows:
        raise TableError(errors)
    return records, errors


def read_calls(
    path: str | Path, *, tz: dt.tzinfo | str = DEFAULT_TZ, keep_good_rows: bool = False
) -> tuple[list[CallRecord], list[RowError]]:
    """Read a call file in the product layout (CSV or XLSX)."""
    return parse_table(read_rows(path), tz=tz, keep_good_rows=keep_good_rows)


def local_date(moment: dt.datetime, tz: dt.tzinfo | str = DEFAULT_TZ) -> dt.date:
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return moment.astimezone(zone).date()


def by_agent(records: Iterable[CallRecord]) -> dict[str, list[CallRecord]]:
    out: dict[str, list[CallRecord]] = {}
    for r in records:
        out.setdefault(r.agent, []).append(r)
    return out


__all__: Sequence[str] = (
    "CallRecord", "COLUMNS", "REQUIRED", "parse_bool", "parse_time", "parse_seconds", "parse_table",
    "read_calls", "record_from_row", "CellError", "cell_row_error", "iter_table", "local_date", "by_agent",
    "TableError", "RowError",
)  # fmt: skip
