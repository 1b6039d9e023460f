"""Every write to calls and recordings: imports (transactional, idempotent on call id) and comments."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from hotline.core import cdr
from hotline.core.calllog import CallRecord, parse_table
from hotline.core.tabular import RowError, TableError, read_rows
from hotline.org.models import Center, Person

from .models import Call, ImportBatch, Recording, RecordingComment

FORMATS = ("auto", "hotline", "asterisk", "freeswitch")
_FIELDS = (
    "center_id", "skill", "direction", "agent_id", "customer", "queued_at", "answered_at", "ended_at",
    "started_at", "local_date", "weekday", "talk_seconds", "hold_seconds", "acw_seconds", "wait_seconds",
    "abandoned", "reason", "resolved", "satisfied",
)  # fmt: skip


class ImportFailed(Exception):
    """The file has bad rows and the user did not ask to keep the good ones: nothing was written."""

    def __init__(self, errors: list[RowError], batch: ImportBatch | None = None):
        self.errors = errors
        self.batch = batch
        super().__init__(str(TableError(errors)))


@dataclass
class ImportResult:
    batch: ImportBatch
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_format: str = ""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_call_file(
    path: Path, *, file_format: str, tz: str
) -> tuple[list[CallRecord], list[RowError], str, str]:
    """Parse a call file of any supported format into records and row errors (no database)."""
    if file_format not in FORMATS:
        raise TableError(
            [RowError(path.name, 0, "", f"unknown format '{file_format}' (use {', '.join(FORMATS)})")]
        )
    table = read_rows(path)
    if file_format == "auto":
        file_format = cdr.detect_format(table)
    if file_format == "hotline":
        records, errors = parse_table(table, tz=tz, keep_good_rows=True)
        return records, errors, file_format, table.encoding
    table = read_rows(path, header=False)
    parser = cdr.parse_asterisk if file_format == "asterisk" else cdr.parse_freeswitch
    records, errors = parser(table, tz=tz)
    records, dup_errors = cdr.dedupe(records, path.name)
    return records, errors + dup_errors, file_format, table.encoding


def calls_import(
    *,
    path: str | Path,
    file_format: str = "auto",
    center_name: str | None = None,
    keep_good_rows: bool = False,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
    batch: ImportBatch | None = None,
    allowed_centers: set[int] | None = None,
) -> ImportResult:
    """Import a call file. All or nothing unless ``keep_good_rows``; re-running updates, never duplicates.

    ``batch``: an existing (queued) batch to fill in instead of creating one — the browser upload's.
    ``allowed_centers``: center ids the importer may write to (a manager's own); other rows are refused.

    Rows are refused (with file, row, column, reason) when they do not parse, name an unknown
    center or an agent work number that is not on file, or repeat a call id of the same file.
    """
    path = Path(path)
    default_center = _default_center(center_name, path)
    tz = default_center.timezone if default_center else settings.TIME_ZONE
    records, errors, fmt, encoding = read_call_file(path, file_format=file_format, tz=tz)
    centers = {c.name: c for c in Center.objects.all()}
    agents = dict(
        Person.objects.filter(work_number__in={r.agent for r in records if r.agent}).values_list(
            "work_number", "id"
        )
    )
    good: list[tuple[CallRecord, Center, int | None]] = []
    for r in records:
        center = centers.get(r.center) if r.center else default_center
        if center is None:
            reason = (
                f"unknown center '{r.center}'" if r.center else "no center: give --center or a center column"
            )
            errors.append(RowError(path.name, r.row, "center", reason))
            continue
        if allowed_centers is not None and center.id not in allowed_centers:
            errors.append(RowError(path.name, r.row, "center", f"not your center: '{center.name}'"))
            continue
        agent_id = agents.get(r.agent) if r.agent else None
        if r.agent and agent_id is None:
            errors.append(
                RowError(
                    path.name, r.row, "agent", f"unknown agent work number '{r.agent}' (import people first)"
                )
            )
            continue
        good.append((r, center, agent_id))
    errors.sort(key=lambda e: (e.row, e.column))
    common = {"kind": ImportBatch.Kind.CALLS, "source": str(path), "file_format": fmt, "encoding": encoding}
    if errors and not keep_good_rows:
        batch = _batch_open(
            batch, **common, sha256=_sha256(path), created_by=_user(actor), rows=len(records) + len(errors),
            skipped=len(errors), errors=[e.__dict__ for e in errors],
        )  # fmt: skip
        raise ImportFailed(errors, batch)
    with transaction.atomic():
        batch = _batch_open(batch, **common, sha256=_sha256(path), created_by=_user(actor))
        result = ImportResult(batch=batch, errors=errors, file_format=fmt)
        _upsert_calls(good, batch, result, progress)
        batch.rows = len(good) + len(errors)
        batch.created, batch.updated, batch.unchanged = result.created, result.updated, result.unchanged
        batch.skipped = len(errors)
        batch.errors = [e.__dict__ for e in errors]
        batch.save()
    return result


def _batch_open(batch: ImportBatch | None, **fields) -> ImportBatch:
    """Create the batch, or fill in the one the caller queued (keeping its display name)."""
    if batch is None:
        return ImportBatch.objects.create(**fields)
    for k, v in fields.items():
        if k == "source" and batch.source:
            continue
        if k == "created_by" and v is None:
            continue
        setattr(batch, k, v)
    batch.save()
    return batch


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _default_center(center_name: str | None, path: Path) -> Center | None:
    if center_name:
        center = (
            Center.objects.filter(name=center_name).first() or Center.objects.filter(code=center_name).first()
        )
        if center is None:
            raise TableError([RowError(path.name, 0, "", f"unknown center '{center_name}' (--center)")])
        return center
    only = list(Center.objects.all()[:2])
    return only[0] if len(only) == 1 else None


def _values(r: CallRecord, center: Center, agent_id: int | None) -> dict:
    zone = ZoneInfo(center.timezone)
    started = r.started_at
    local = started.astimezone(zone)
    talk = r.talk_seconds if r.talk_seconds is not None else r.duration
    return {
        "center_id": center.id,
        "skill": r.skill,
        "direction": r.direction,
        "agent_id": agent_id,
        "customer": r.customer,
        "queued_at": r.queued_at,
        "answered_at": r.answered_at,
        "ended_at": r.ended_at,
        "started_at": started,
        "local_date": local.date(),
        "weekday": local.weekday(),
        "talk_seconds": float(talk or 0.0),
        "hold_seconds": float(r.hold_seconds),
        "acw_seconds": float(r.acw_seconds),
        "wait_seconds": r.wait_seconds,
        "abandoned": r.abandoned,
        "reason": r.reason,
        "resolved": r.resolved,
        "satisfied": r.satisfied,
    }


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _upsert_calls(good, batch: ImportBatch, result: ImportResult, progress) -> None:
    total = len(good)
    done = 0
    for chunk in _chunks(good, 2000):
        existing = {c.call_id: c for c in Call.objects.filter(call_id__in=[r.call_id for r, _, _ in chunk])}
        to_create, to_update = [], []
        recordings: list[tuple[str, str]] = []
        for r, center, agent_id in chunk:
            values = _values(r, center, agent_id)
            call = existing.get(r.call_id)
            if call is None:
                to_create.append(Call(call_id=r.call_id, batch=batch, **values))
            elif any(getattr(call, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(call, k, v)
                call.batch = batch
                to_update.append(call)
            else:
                result.unchanged += 1
            if r.recording:
                recordings.append((r.call_id, r.recording))
        Call.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Call.objects.bulk_update(to_update, [*_FIELDS, "batch"], batch_size=500)
        result.created += len(to_create)
        result.updated += len(to_update)
        if recordings:
            _link_recordings(recordings)
        done += len(chunk)
        if progress:
            progress(done, total)


def _link_recordings(pairs: list[tuple[str, str]]) -> None:
    ids = dict(Call.objects.filter(call_id__in=[c for c, _ in pairs]).values_list("call_id", "id"))
    existing = {r.call_id: r for r in Recording.objects.filter(call_id__in=ids.values())}
    new = []
    for call_id, ref in pairs:
        pk = ids[call_id]
        rec = existing.get(pk)
        if rec is None:
            new.append(Recording(call_id=pk, path=ref))
        elif rec.path != ref:
            rec.path = ref
            rec.save(update_fields=["path"])
    Recording.objects.bulk_create(new, batch_size=500)


DEFAULT_RECORDING_PATTERN = r"(?P<call_id>[^/\\]+)\.(?:wav|mp3|ogg|opus|flac)$"


@dataclass
class RecordingIndexResult:
    batch: ImportBatch
    linked: int = 0
    unchanged: int = 0
    unmatched: list[str] = field(default_factory=list)


def recordings_index(
    *,
    directory: str | Path,
    pattern: str = DEFAULT_RECORDING_PATTERN,
    actor=None,
    progress=None,
    batch: ImportBatch | None = None,
) -> RecordingIndexResult:
    """Link the audio files under ``directory`` to calls by a file-name pattern.

    The pattern is a regular expression searched in the path relative to ``directory``; it must
    have a named group ``call_id``. Files whose call id is unknown are listed, not guessed.
    Paths are stored relative to the recordings folder when the directory is inside it.
    """
    root = Path(directory).resolve()
    if not root.is_dir():
        raise TableError([RowError(str(directory), 0, "", "not a folder")])
    try:
        regex = re.compile(pattern)
    except re.error as exc:
        raise TableError(
            [RowError(str(directory), 0, "--pattern", f"not a regular expression: {exc}")]
        ) from None
    if "call_id" not in regex.groupindex:
        raise TableError(
            [RowError(str(directory), 0, "--pattern", "the pattern needs a named group (?P<call_id>…)")]
        )
    base = Path(settings.RECORDINGS_DIR).resolve()
    found: dict[str, str] = {}
    unmatched: list[str] = []
    for f in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = f.relative_to(root).as_posix()
        m = regex.search(rel)
        if not m:
            continue
        stored = f.relative_to(base).as_posix() if f.is_relative_to(base) else str(f)
        found[m.group("call_id")] = stored
    with transaction.atomic():
        batch = _batch_open(
            batch, kind=ImportBatch.Kind.RECORDINGS, source=str(root), created_by=_user(actor)
        )
        result = RecordingIndexResult(batch=batch)
        items = sorted(found.items())
        for i, chunk in enumerate(_chunks(items, 2000)):
            ids = dict(Call.objects.filter(call_id__in=[c for c, _ in chunk]).values_list("call_id", "id"))
            existing = {r.call_id: r for r in Recording.objects.filter(call_id__in=ids.values())}
            new = []
            for call_id, stored in chunk:
                pk = ids.get(call_id)
                if pk is None:
                    unmatched.append(call_id)
                    continue
                rec = existing.get(pk)
                if rec is None:
                    new.append(Recording(call_id=pk, path=stored))
                    result.linked += 1
                elif rec.path != stored:
                    rec.path = stored
                    rec.save(update_fields=["path"])
                    result.linked += 1
                else:
                    result.unchanged += 1
            Recording.objects.bulk_create(new, batch_size=500)
            if progress:
                progress(min((i + 1) * 2000, len(items)), len(items))
        result.unmatched = unmatched
        batch.rows, batch.created, batch.unchanged, batch.skipped = (
            len(items),
            result.linked,
            result.unchanged,
            len(unmatched),
        )
        batch.errors = [
            {"file": c, "row": 0, "column": "", "reason": "no call with this id"} for c in unmatched[:500]
        ]
        batch.save()
    return result


def recording_file(recording: Recording) -> Path:
    """The local file of a recording (inside the recordings folder unless stored absolute)."""
    p = Path(recording.path)
    return p if p.is_absolute() else Path(settings.RECORDINGS_DIR) / p


def recording_comment_add(
    *, recording: Recording, author: Person, at_seconds: float, text: str
) -> RecordingComment:
    text = text.strip()
    if not text:
        raise ValueError("empty comment")
    if at_seconds < 0:
        raise ValueError("negative position")
    return RecordingComment.objects.create(
        recording=recording, author=author, at_seconds=at_seconds, text=text
    )


def calls_export_rows(calls) -> Iterable[list[str]]:
    """Calls in the product layout (§2), header first: what the offline commands read back."""
    from hotline.core.calllog import COLUMNS

    zones: dict[str, ZoneInfo] = {}

    def t(v):
        return v.astimezone(zone).isoformat() if v is not None else ""

    def b(v):
        return "" if v is None else ("1" if v else "0")

    yield list(COLUMNS)
    for c in calls.select_related("agent", "center", "recording").iterator(chunk_size=5000):
        rec = getattr(c, "recording", None)
        zone = zones.setdefault(c.center.timezone, ZoneInfo(c.center.timezone))
        yield [
            c.call_id, c.agent.work_number if c.agent_id else "", t(c.answered_at), t(c.ended_at), t(c.queued_at),
            c.center.name, c.skill, c.direction, c.customer, f"{c.talk_seconds:g}", f"{c.hold_seconds:g}",
            f"{c.acw_seconds:g}", b(c.abandoned), rec.path if rec else "", c.reason, b(c.resolved), b(c.satisfied),
        ]  # fmt: skip
