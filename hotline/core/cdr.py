"""Telephony call records (§2) turned into the product's ``CallRecord``s, Django-free.

- Asterisk ``cdr_csv`` ``Master.csv``: no header; 16 columns (accountcode, src, dst, dcontext, clid,
  channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec, disposition,
  amaflags), 18 with ``uniqueid`` and ``userfield``, 21 with ``peeraccount, linkedid, sequence``.
  Times ``%Y-%m-%d %H:%M:%S`` in local time (or GMT when the PBX sets ``usegmtime``: pass
  ``tz="UTC"``). An unanswered call has an empty ``answer``.
- FreeSWITCH ``mod_cdr_csv`` ``default`` template: caller_id_name, caller_id_number,
  destination_number, context, start_stamp, answer_stamp, end_stamp, duration, billsec,
  hangup_cause, uuid, bleg_uuid, accountcode (13 columns; the ``example`` template adds read_codec,
  write_codec: 15).

Agent attribution: Asterisk — the peer of ``dstchannel`` (``SIP/8007-0000a1b`` → ``8007``; with
``Agent/``, ``Local/`` or ``PJSIP/`` alike); FreeSWITCH — ``destination_number``. A recording file
name in ``userfield`` (Asterisk MixMonitor habit) becomes the call's recording.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from .calllog import CallRecord, cell_row_error, parse_seconds, parse_time
from .errors import gettext_noop
from .tabular import RowError, RowStream, Table, TableError

ASTERISK_16 = (
    "accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
    "start", "answer", "end", "duration", "billsec", "disposition", "amaflags",
)  # fmt: skip
ASTERISK_18 = ASTERISK_16 + ("uniqueid", "userfield")
ASTERISK_21 = ASTERISK_18 + ("peeraccount", "linkedid", "sequence")
FREESWITCH_13 = (
    "caller_id_name", "caller_id_number", "destination_number", "context", "start_stamp",
    "answer_stamp", "end_stamp", "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid",
    "accountcode",
)  # fmt: skip
FREESWITCH_15 = FREESWITCH_13 + ("read_codec", "write_codec")

_PEER = re.compile(r"^(?:[A-Za-z0-9]+)/(?P<peer>[^-@/;]+)")
_AUDIO = re.compile(r"\.(wav|mp3|gsm|ogg|opus|flac|wav49)$", re.IGNORECASE)
_OUT_CONTEXT = re.compile(r"(from-internal|outbound|outgoing|out-)", re.IGNORECASE)


def detect_format(table: Table) -> str:
    """``hotline`` when a header names ``call_id``; otherwise by column count (no header)."""
    if "call_id" in table.header:
        return "hotline"
    # Headerless files: the "header" a reader took is really the first record.
    head = (table.raw_header, *itertools.islice(table.rows, 50))
    widths = {len(r) for r in head if any(str(c).strip() for c in r if c is not None)}
    if widths and widths <= {16, 18, 21}:
        return "asterisk"
    if widths and widths <= {13, 15}:
        return "freeswitch"
    raise TableError(
        [
            RowError(
                table.name,
                1,
                "",
                gettext_noop(
                    "无法判断格式：没有 call_id 标题，且列数 %(widths)s 既不是 Asterisk Master.csv"
                    "（16/18/21）也不是 FreeSWITCH（13/15）"
                ),
                {"widths": str(sorted(widths))},
            )
        ]
    )


def peer_of(channel: str) -> str:
    m = _PEER.match(channel.strip())
    return m.group("peer") if m else ""


def _row_dict(names: tuple[str, ...], row: tuple[object, ...]) -> dict[str, str]:
    return {n: ("" if row[i] is None else str(row[i]).strip()) for i, n in enumerate(names)}


def repeated_id(file: str, row: int, call_id: str) -> RowError:
    """The row error of a call id already read from the same file (CDR files repeat legs)."""
    return RowError(file, row, "call_id", gettext_noop("呼叫编号“%(id)s”重复出现"), {"id": call_id})


def _cdr_rows(table: Table | RowStream, layouts: dict[int, tuple[str, ...]], widths: str):
    """``(row number, {column: text}, None)`` for each non-empty row of one of the ``layouts`` widths;
    ``(row number, None, error)`` for a row of another width (``widths`` names the expected ones)."""
    for i, row in enumerate(table.rows):
        n = table.first_row_number + i
        if not any(str(c).strip() for c in row if c is not None):
            continue
        names = layouts.get(len(row))
        if names is None:
            reason = gettext_noop("%(n)s 列；应为 %(widths)s 列")
            yield n, None, RowError(table.name, n, "", reason, {"n": len(row), "widths": widths})
            continue
        yield n, _row_dict(names, row), None


def _times(d: dict[str, str], keys: tuple[str, str, str], zone, file: str, row: int, errors: list[RowError]):
    out = []
    for key in keys:
        try:
            out.append(parse_time(d.get(key, ""), zone))
        except ValueError as exc:
            errors.append(cell_row_error(file, row, key, exc))
            out.append(None)
    return out


def _seconds(d: dict[str, str], key: str, file: str, row: int, errors: list[RowError]) -> float | None:
    try:
        return parse_seconds(d.get(key, ""))
    except ValueError as exc:
        errors.append(cell_row_error(file, row, key, exc))
        return None


def _collect(
    rows: Iterator[tuple[CallRecord | None, list[RowError]]],
) -> tuple[list[CallRecord], list[RowError]]:
    records: list[CallRecord] = []
    errors: list[RowError] = []
    for rec, errs in rows:
        if rec is None:
            errors.extend(errs)
        else:
            records.append(rec)
    return records, errors


def parse_asterisk(
    table: Table | RowStream, *, tz: str | dt.tzinfo = "Asia/Shanghai"
) -> tuple[list[CallRecord], list[RowError]]:
    return _collect(iter_asterisk(table, tz=tz))


def parse_freeswitch(
    table: Table | RowStream, *, tz: str | dt.tzinfo = "Asia/Shanghai"
) -> tuple[list[CallRecord], list[RowError]]:
    return _collect(iter_freeswitch(table, tz=tz))


def iter_asterisk(
    table: Table | RowStream, *, tz: str | dt.tzinfo = "Asia/Shanghai"
) -> Iterator[tuple[CallRecord | None, list[RowError]]]:
    """Row by row: ``(record, [])`` or ``(None, errors)`` (repeated ids are not checked here)."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    layouts = {16: ASTERISK_16, 18: ASTERISK_18, 21: ASTERISK_21}
    for n, d, bad in _cdr_rows(table, layouts, "Asterisk Master.csv 16/18/21"):
        if bad is not None:
            yield None, [bad]
            continue
        row_errors: list[RowError] = []
        start, answer, end = _times(d, ("start", "answer", "end"), zone, table.name, n, row_errors)
        billsec = _seconds(d, "billsec", table.name, n, row_errors)
        if start is None and not row_errors:
            row_errors.append(RowError(table.name, n, "start", gettext_noop("开始时间为空")))
        disposition = d["disposition"].upper()
        answered = disposition == "ANSWERED" and answer is not None
        agent = peer_of(d["dstchannel"]) if answered else ""
        if answered and not agent:
            row_errors.append(RowError(table.name, n, "dstchannel", gettext_noop("已接通的呼叫没有座席通道")))
        if row_errors:
            yield None, row_errors
            continue
        uid = d.get("uniqueid", "")
        call_id = (
            uid
            or "ast-"
            + hashlib.sha1("|".join((d["start"], d["src"], d["dst"], d["channel"])).encode()).hexdigest()[:16]
        )
        userfield = d.get("userfield", "")
        yield (
            CallRecord(
                call_id=call_id,
                agent=agent,
                answered_at=answer if answered else None,
                ended_at=end,
                queued_at=start,
                direction="out" if _OUT_CONTEXT.search(d["dcontext"]) else "in",
                customer=d["src"],
                talk_seconds=billsec if answered else 0.0,
                abandoned=not answered,
                recording=userfield if _AUDIO.search(userfield) else "",
                has_recording_column=True,
                row=n,
            ),
            [],
        )


def iter_freeswitch(
    table: Table | RowStream, *, tz: str | dt.tzinfo = "Asia/Shanghai"
) -> Iterator[tuple[CallRecord | None, list[RowError]]]:
    """Row by row: ``(record, [])`` or ``(None, errors)`` (repeated ids are not checked here)."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    for n, d, bad in _cdr_rows(table, {13: FREESWITCH_13, 15: FREESWITCH_15}, "FreeSWITCH 13/15"):
        if bad is not None:
            yield None, [bad]
            continue
        row_errors: list[RowError] = []
        start, answer, end = _times(
            d, ("start_stamp", "answer_stamp", "end_stamp"), zone, table.name, n, row_errors
        )
        billsec = _seconds(d, "billsec", table.name, n, row_errors)
        if not d["uuid"]:
            row_errors.append(RowError(table.name, n, "uuid", gettext_noop("呼叫 uuid 为空")))
        if start is None and not row_errors:
            row_errors.append(RowError(table.name, n, "start_stamp", gettext_noop("开始时间为空")))
        if end is not None and start is not None and end < start:
            row_errors.append(RowError(table.name, n, "end_stamp", gettext_noop("结束时间早于开始时间")))
        answered = answer is not None
        if answered and not d["destination_number"]:
            row_errors.append(
                RowError(table.name, n, "destination_number", gettext_noop("已接通的呼叫没有座席"))
            )
        if row_errors:
            yield None, row_errors
            continue
        yield (
            CallRecord(
                call_id=d["uuid"],
                agent=d["destination_number"] if answered else "",
                answered_at=answer,
                ended_at=end,
                queued_at=start,
                direction="in",
                customer=d["caller_id_number"],
                talk_seconds=billsec if answered else 0.0,
                abandoned=not answered,
                has_recording_column=True,
                row=n,
            ),
            [],
        )


def dedupe(records: list[CallRecord], file: str) -> tuple[list[CallRecord], list[RowError]]:
    """Keep the first of repeated call ids (CDR files repeat legs); report the repeats as errors."""
    seen: set[str] = set()
    out: list[CallRecord] = []
    errors: list[RowError] = []
    for r in records:
        if r.call_id in seen:
            errors.append(repeated_id(file, r.row, r.call_id))
            continue
        seen.add(r.call_id)
        out.append(r)
    return out, errors
