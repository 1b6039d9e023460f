"""Every write to calls and recordings: imports (transactional, idempotent on call id) and comments."""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from hotline.core import cdr
from hotline.core.calllog import CallRecord, iter_table
from hotline.core.errors import InvalidInput, gettext_noop
from hotline.core.tabular import RowError, TableError, open_rows
from hotline.org.models import Center, Person

from . import storage
from .models import Call, ImportBatch, Recording, RecordingComment
from .rollups import rollups_refresh

FORMATS = ("auto", "hotline", "asterisk", "freeswitch")
_FIELDS = (
    "center_id", "skill", "direction", "agent_id", "customer", "queued_at", "answered_at", "ended_at",
    "started_at", "local_date", "weekday", "talk_seconds", "hold_seconds", "acw_seconds", "wait_seconds",
    "abandoned", "reason", "resolved", "satisfied",
)  # fmt: skip


class ImportFailed(InvalidInput):
    """The file has bad rows and the user did not ask to keep the good ones: nothing was written."""

    code = "import_failed"

    def __init__(self, errors: list[RowError], batch: ImportBatch | None = None):
        self.errors = errors
        self.batch = batch
        self._table = TableError(errors)
        super().__init__(self._table.english())

    def render(self, translate=None) -> str:
        """Each bad row in the reader's language (``translate``: gettext) or, without, as the CLI says it."""
        return self._table.render(translate)


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


CHUNK = 1000  # rows checked together (one query for the call ids already on file)
WRITE_CHUNK = 200  # rows per write transaction: a small fraction of a second of SQLite write lock
ERRORS_KEPT = 1000  # row errors kept for the report (all are counted)
_LIMITS = {"call_id": 120, "agent": 40, "center": 100, "skill": 60, "customer": 40, "reason": 200}


def error_dicts(errors: Iterable[RowError]) -> list[dict]:
    """Row errors as stored in ``ImportBatch.errors``: NUL shown as ``\\0`` (PostgreSQL's JSON refuses
    it) and each text cut at 300 characters (a reason may quote a huge cell)."""

    def clean(v):
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        return v.replace("\x00", "\\0")[:300] if isinstance(v, str) else v

    return [{k: clean(v) for k, v in e.__dict__.items()} for e in errors]


class _Errors:
    """Row errors of one pass: counted all, the first ``ERRORS_KEPT`` kept (bounded memory)."""

    def __init__(self) -> None:
        self.kept: list[RowError] = []
        self.count = 0

    def add(self, errors: Iterable[RowError]) -> None:
        for e in errors:
            self.count += 1
            if len(self.kept) < ERRORS_KEPT:
                self.kept.append(e)

    def sorted(self) -> list[RowError]:
        return sorted(self.kept, key=lambda e: (e.row, e.column))


def _parsed_rows(path: Path, file_format: str, tz: str):
    """(format, encoding, a function giving a fresh iterator of ``(record | None, errors)``)."""
    if file_format not in FORMATS:
        raise TableError(
            [
                RowError(
                    path.name,
                    0,
                    "",
                    gettext_noop("未知的格式“%(format)s”（可用：%(choices)s）"),
                    {"format": file_format, "choices": ", ".join(FORMATS)},
                )
            ]
        )
    stream = open_rows(path)
    if file_format == "auto":
        file_format = cdr.detect_format(stream)
    if file_format == "hotline":
        return file_format, stream.encoding, lambda: iter_table(stream, tz=tz)
    stream = open_rows(path, header=False)
    parse = cdr.iter_asterisk if file_format == "asterisk" else cdr.iter_freeswitch

    def rows():
        seen: set[str] = set()  # CDR files repeat legs: the first is kept, repeats are row errors
        for rec, errs in parse(stream, tz=tz):
            if rec is not None and rec.call_id in seen:
                yield None, [cdr.repeated_id(path.name, rec.row, rec.call_id)]
                continue
            if rec is not None:
                seen.add(rec.call_id)
            yield rec, errs

    return file_format, stream.encoding, rows


@dataclass
class _Context:
    file: str
    default_center: Center | None
    centers: dict[str, Center]
    agents: dict[str, int]
    allowed_centers: set[int] | None


def _row_checks(r: CallRecord, ctx: _Context) -> tuple[tuple | None, list[RowError]]:
    """The database-side checks of one parsed row → ((record, center, agent id, recording), []) or errors."""
    errors: list[RowError] = []
    texts = {
        "call_id": r.call_id, "agent": r.agent, "center": r.center, "skill": r.skill,
        "customer": r.customer, "reason": r.reason,
    }  # fmt: skip
    for column, value in texts.items():
        if "\x00" in value:
            errors.append(RowError(ctx.file, r.row, column, gettext_noop("含有空字符（NUL）")))
        elif len(value) > _LIMITS[column]:
            errors.append(
                RowError(ctx.file, r.row, column, gettext_noop("超过 %(n)d 个字符"), {"n": _LIMITS[column]})
            )
    recording = ""
    if r.recording:
        try:
            recording = storage.check(r.recording)
        except storage.RecordingPathError as exc:
            errors.append(RowError(ctx.file, r.row, "recording", str(exc)))
    if r.started_at is None:
        errors.append(RowError(ctx.file, r.row, "", gettext_noop("没有任何时间")))
    if errors:
        return None, errors
    center = ctx.centers.get(r.center) if r.center else ctx.default_center
    if center is None:
        if r.center:
            return None, [
                RowError(
                    ctx.file, r.row, "center", gettext_noop("未知的中心“%(center)s”"), {"center": r.center}
                )
            ]
        return None, [
            RowError(ctx.file, r.row, "center", gettext_noop("没有中心：请选择中心或在文件中加中心列"))
        ]
    if ctx.allowed_centers is not None and center.id not in ctx.allowed_centers:
        return None, [
            RowError(
                ctx.file, r.row, "center", gettext_noop("不是您的中心：“%(center)s”"), {"center": center.name}
            )
        ]
    agent_id = ctx.agents.get(r.agent) if r.agent else None
    if r.agent and agent_id is None:
        reason = gettext_noop("未知的座席工号“%(agent)s”（请先导入人员）")
        return None, [RowError(ctx.file, r.row, "agent", reason, {"agent": r.agent})]
    return (r, center, agent_id, recording), []


def _other_center_error(file: str, row: int) -> RowError:
    # Deliberately says nothing about the other center or its call (§10: no leak across centers).
    return RowError(file, row, "call_id", gettext_noop("该呼叫编号属于其他中心"))


def _checked_chunks(rows, ctx: _Context, errors: _Errors):
    """Good rows in chunks of ``CHUNK`` (a call id already on file in another center is refused)."""
    chunk: list[tuple] = []

    def flush():
        owners = dict(
            Call.objects.filter(call_id__in=[g[0].call_id for g in chunk]).values_list("call_id", "center_id")
        )
        good = []
        for g in chunk:
            owner = owners.get(g[0].call_id)
            if owner is not None and owner != g[1].id:
                errors.add([_other_center_error(ctx.file, g[0].row)])
            else:
                good.append(g)
        return good

    for rec, errs in rows:
        if rec is None:
            errors.add(errs)
            continue
        good, errs = _row_checks(rec, ctx)
        if good is None:
            errors.add(errs)
            continue
        chunk.append(good)
        if len(chunk) >= CHUNK:
            yield flush()
            chunk = []
    if chunk:
        yield flush()


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
    center or an agent work number that is not on file, repeat a call id of the same file, reuse
    the call id of another center's call, name a recording outside the recordings folder, or hold
    text the database cannot store (too long, NUL).

    Streaming (§10): a first pass reads and checks every row in bounded memory and writes nothing;
    when it finds no error (or ``keep_good_rows``), a second pass writes in transactions of
    ``CHUNK`` rows, so no write lock is held for long. A concurrent import of the same calls is
    retried chunk by chunk (the loser updates what the winner created).
    """
    path = Path(path)
    default_center = _default_center(center_name, path)
    tz = default_center.timezone if default_center else settings.TIME_ZONE
    fmt, encoding, rows = _parsed_rows(path, file_format, tz)
    ctx = _Context(
        file=path.name, default_center=default_center, centers={c.name: c for c in Center.objects.all()},
        agents=dict(Person.objects.values_list("work_number", "id")), allowed_centers=allowed_centers,
    )  # fmt: skip
    checked = _Errors()
    total = 0
    for chunk in _checked_chunks(rows(), ctx, checked):
        total += len(chunk)
    common = {"kind": ImportBatch.Kind.CALLS, "source": str(path), "file_format": fmt, "encoding": encoding}
    if checked.count and not keep_good_rows:
        errors = checked.sorted()
        batch = _batch_open(
            batch, **common, sha256=_sha256(path), created_by=_user(actor), rows=total + checked.count,
            skipped=checked.count, errors=error_dicts(errors),
        )  # fmt: skip
        raise ImportFailed(errors, batch)
    batch = _batch_open(batch, **common, sha256=_sha256(path), created_by=_user(actor))
    result = ImportResult(batch=batch, file_format=fmt)
    written = _Errors()
    done = raced = reported = 0
    pause = _FairShare()
    for checked_chunk in _checked_chunks(rows(), ctx, written):
        while checked_chunk:
            chunk, checked_chunk = checked_chunk[: pause.size], checked_chunk[pause.size :]
            started = time.monotonic()
            counts = _write_chunk(chunk, batch, path.name)
            pause.after_write(time.monotonic() - started)
            result.created += counts[0]
            result.updated += counts[1]
            result.unchanged += counts[2]
            written.add(counts[3])
            raced += len(counts[3])
            done += len(chunk)
            if progress and (done - reported >= 2000 or done == total):
                progress(done, total)
                reported = done
    result.errors = written.sorted()
    batch.rows = done + written.count - raced
    batch.created, batch.updated, batch.unchanged = result.created, result.updated, result.unchanged
    batch.skipped = written.count
    batch.errors = error_dicts(result.errors)
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
        if "\x00" in center_name or len(center_name) > 100:
            raise TableError(
                [
                    RowError(
                        path.name,
                        0,
                        "",
                        gettext_noop("未知的中心“%(center)s”"),
                        {"center": repr(center_name[:100])},
                    )
                ]
            )
        center = (
            Center.objects.filter(name=center_name).first() or Center.objects.filter(code=center_name).first()
        )
        if center is None:
            raise TableError(
                [RowError(path.name, 0, "", gettext_noop("未知的中心“%(center)s”"), {"center": center_name})]
            )
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


class _FairShare:
    """Keep an import's write transactions short and let other writers in between them (SQLite).

    SQLite gives a waiting writer no turn: its busy handler polls (at most every 100 ms) while the
    import commits and begins again back to back, so a login could wait for the whole import. So:
    the rows per transaction adapt to keep each one near ``TARGET`` seconds (a busy machine gets
    smaller ones), and after every ``EVERY`` seconds of writing the import pauses longer than one
    poll and checkpoints the WAL itself (so a login's commit does not inherit that work). Any other
    writer then waits about ``EVERY`` + ``TARGET`` + ``PAUSE`` at most (issue 10: under a second).
    """

    EVERY = 0.3
    PAUSE = 0.12
    TARGET = 0.1

    def __init__(self) -> None:
        # Inside a caller's transaction (tests) the lock is held anyway: nothing to share.
        self.on = connection.vendor == "sqlite" and not connection.in_atomic_block
        self.since = time.monotonic()
        self.size = WRITE_CHUNK

    def after_write(self, seconds: float) -> None:
        if not self.on:
            return
        if seconds > self.TARGET * 1.5:
            self.size = max(20, self.size // 2)
        elif seconds < self.TARGET / 2:
            self.size = min(4 * WRITE_CHUNK, self.size * 2)
        if time.monotonic() - self.since >= self.EVERY:
            with connection.cursor() as cur:
                cur.execute("PRAGMA wal_checkpoint(PASSIVE)")
            time.sleep(self.PAUSE)
            self.since = time.monotonic()


def _write_chunk(chunk, batch: ImportBatch, file: str) -> tuple[int, int, int, list[RowError]]:
    """One short write transaction; retried when a concurrent import inserted some of its calls
    first (the retry sees them and updates instead of crashing on the unique call id)."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _upsert_chunk(chunk, batch, file)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _upsert_chunk(chunk, batch: ImportBatch, file: str) -> tuple[int, int, int, list[RowError]]:
    """Write one chunk (inside the caller's transaction) → created, updated, unchanged, refused rows."""
    existing = {c.call_id: c for c in Call.objects.filter(call_id__in=[g[0].call_id for g in chunk])}
    to_create, to_update, refused = [], [], []
    unchanged = 0
    recordings: list[tuple[str, str]] = []
    touched: set[tuple[int, object]] = set()  # (center, day) pairs whose rollups change
    for r, center, agent_id, recording in chunk:
        values = _values(r, center, agent_id)
        call = existing.get(r.call_id)
        if call is not None and call.center_id != center.id:  # created in another center meanwhile
            refused.append(_other_center_error(file, r.row))
            continue
        if call is None:
            to_create.append(Call(call_id=r.call_id, batch=batch, **values))
            touched.add((center.id, values["local_date"]))
        elif any(getattr(call, k) != v for k, v in values.items()):
            touched.update(((call.center_id, call.local_date), (center.id, values["local_date"])))
            for k, v in values.items():
                setattr(call, k, v)
            call.batch = batch
            to_update.append(call)
        else:
            unchanged += 1
        if recording:
            recordings.append((r.call_id, recording))
    Call.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Call.objects.bulk_update(to_update, [*_FIELDS, "batch"], batch_size=500)
    if recordings:
        _link_recordings(recordings)
    rollups_refresh(touched)
    return len(to_create), len(to_update), unchanged, refused


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
    refused: list[RowError] = field(default_factory=list)  # files outside the recordings folder


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
    The directory must lie inside the recordings folder; paths are stored relative to it, and a
    file (a symlink) whose real location is outside it is refused and listed in the batch.

    With recordings on S3 (``storage.is_s3()``), ``directory`` is a key prefix relative to
    ``HOTLINE_S3_PREFIX`` (``""`` or ``.`` for all) and the keys under it are listed (1,000 a page).
    """
    if storage.is_s3():
        return _recordings_index_s3(
            prefix=str(directory), pattern=pattern, actor=actor, progress=progress, batch=batch
        )
    try:
        root = Path(directory).resolve()
        is_dir = root.is_dir()
    except (OSError, RuntimeError, ValueError):  # NUL in the name, symlink loops
        is_dir = False
    if not is_dir:
        raise TableError(
            [RowError(str(directory).replace("\x00", "\\0")[:300], 0, "", gettext_noop("不是文件夹"))]
        )
    regex = _pattern(str(directory), pattern)
    base = storage.root()
    if not root.is_relative_to(base):
        raise TableError([RowError(str(directory), 0, "", gettext_noop("该目录不在录音目录之内"))])
    found: dict[str, str] = {}
    unmatched: list[str] = []
    refused: list[RowError] = []
    for f in sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink()):
        rel = f.relative_to(root).as_posix()
        m = regex.search(rel)
        if not m:
            continue
        try:
            stored = storage.reference_of(f)  # a symlink leading out of the folder is refused here
        except storage.RecordingPathError as exc:
            refused.append(RowError(rel, 0, "", str(exc)))
            continue
        found[m.group("call_id")] = stored
    return _recordings_link(
        found, unmatched, refused, source=str(root), actor=actor, progress=progress, batch=batch
    )


def _pattern(source: str, pattern: str) -> re.Pattern:
    try:
        regex = re.compile(pattern)
    except re.error as exc:
        reason = gettext_noop("不是正则表达式：%(error)s")
        raise TableError([RowError(source, 0, "pattern", reason, {"error": str(exc)})]) from None
    if "call_id" not in regex.groupindex:
        raise TableError([RowError(source, 0, "pattern", gettext_noop("模式须含命名组 (?P<call_id>…)"))])
    return regex


def _recordings_index_s3(*, prefix, pattern, actor, progress, batch) -> RecordingIndexResult:
    """``recordings_index`` over the keys of the S3 bucket under ``prefix``."""
    prefix = prefix.strip().strip("/")
    prefix = "" if prefix == "." else prefix
    try:
        keys = storage.s3_references(prefix)
        regex = _pattern(prefix or "/", pattern)
        found: dict[str, str] = {}
        refused: list[RowError] = []
        for ref in keys:
            rel = ref[len(prefix) + 1 :] if prefix else ref
            m = regex.search(rel)
            if not m:
                continue
            try:
                found[m.group("call_id")] = storage.check(ref)
            except storage.RecordingPathError as exc:
                refused.append(RowError(rel, 0, "", str(exc)))
    except storage.RecordingPathError as exc:
        raise TableError([RowError(prefix.replace("\x00", "\\0")[:300], 0, "", str(exc))]) from None
    source = f"s3:{prefix}"
    return _recordings_link(found, [], refused, source=source, actor=actor, progress=progress, batch=batch)


def _recordings_link(found, unmatched, refused, *, source, actor, progress, batch) -> RecordingIndexResult:
    """Link ``found`` ({call id: stored reference}) to calls, in chunks, recording the batch."""
    with transaction.atomic():
        batch = _batch_open(batch, kind=ImportBatch.Kind.RECORDINGS, source=source, created_by=_user(actor))
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
        result.refused = refused
        batch.rows, batch.created, batch.unchanged, batch.skipped = (
            len(items) + len(refused),
            result.linked,
            result.unchanged,
            len(unmatched) + len(refused),
        )
        batch.errors = error_dicts(refused[:500]) + [
            {"file": c, "row": 0, "column": "", "reason": "no call with this id"} for c in unmatched[:500]
        ]
        batch.save()
    return result


def recording_file(recording: Recording) -> Path:
    """The local file of a recording, always inside the recordings folder (``storage.resolve``).

    Raises ``storage.RecordingPathError`` for a reference that leads anywhere else.
    """
    return storage.resolve(recording.path)


def recording_comment_add(
    *, recording: Recording, author: Person, at_seconds: float, text: str
) -> RecordingComment:
    text = text.strip()
    if not text:
        raise ValueError("empty comment")
    if not (math.isfinite(at_seconds) and 0 <= at_seconds <= 86400):  # no NaN/∞ into the database
        raise ValueError("position outside the recording")
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
