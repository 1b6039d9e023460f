"""Writes of automatic inspection (§8): inspect a call, run over a date range, import transcripts.

Use case shape: gather the call's recording file and transcript → ``hotline.core.inspection``
(pure) → persist a ``CallInspection``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from hotline.calls.models import Call
from hotline.core.errors import InvalidInput
from hotline.core.inspection import audio as audio_core
from hotline.core.inspection import rules as rules_core
from hotline.core.inspection import vendors
from hotline.org.models import Center, Person
from hotline.org.services import audit_record

from .models import CallInspection, InspectionRun, Transcript
from .services_rules import rules_in_force

Progress = Callable[[int, int], None]


class InspectionError(InvalidInput):
    pass


def _recording_path(call: Call) -> Path | None:
    """The call's recording as a local file: on disk, or a cached copy of the S3 object (remote URLs or
    missing files: no audio)."""
    from hotline.calls import playback, storage

    rec = getattr(call, "recording", None)
    if rec is None or rec.is_remote:
        return None
    if storage.is_s3():
        try:
            return storage.local_copy(rec.path, playback.cache_dir() / "s3")
        except Exception:  # missing object, unreachable store: the call is inspected without audio
            return None
    try:
        path = storage.resolve(rec.path)
    except (storage.RecordingPathError, OSError):
        return None
    return path if path.is_file() else None


def inspection_values(*, call: Call, segments=None, rules=None, audio_metrics: dict | None = None) -> dict:
    """A call's inspection (audio if its file is on disk, rules over ``segments`` when it has a
    transcript — or one transcribed now by the local ASR engine when one is set) as the fields of its
    ``CallInspection``."""
    if rules is None:  # the center's pack in force on the call's date (§8, versioned)
        rules = rules_in_force(call.center, call.local_date)
    error = ""
    metrics = audio_metrics
    if metrics is None:
        path = _recording_path(call)
        if path is not None:
            try:
                metrics = audio_core.analyse_file(path, cdr_hold=call.hold_seconds or None).as_dict()
            except (audio_core.AudioError, OSError) as exc:
                error = str(exc)[:500]
    transcript = None
    if segments is None and settings.HOTLINE_ASR_ENGINE:
        t, asr_error = _transcribe(call)
        error = error or asr_error
        segments = t.segments if t is not None else None
    if segments is not None:
        try:
            transcript = rules_core.parse_transcript(segments)
        except rules_core.TranscriptError as exc:
            error = f"transcript: {exc}"[:500]
    facts = rules_core.CallFacts(skill=call.skill or "", direction=call.direction or "in")
    results = rules_core.evaluate(rules, transcript, metrics, facts)
    points = rules_core.risk_points(results, metrics, transcript)  # dialogue signals too (§8)
    return {
        "audio": metrics,
        "rules": [r.as_dict() for r in results],
        "risk": rules_core.risk_from_points(points),
        "risk_points": points,
        "failed_rules": sum(r.status == "fail" for r in results),
        "has_transcript": transcript is not None,
        "error": error,
    }


def call_inspect(
    *, call: Call, rules=None, run: InspectionRun | None = None, audio_metrics: dict | None = None
) -> CallInspection:
    """Inspect one call now (audio if its file is on disk, rules if it has a transcript) and save."""
    t = Transcript.objects.filter(call=call).first()
    values = inspection_values(call=call, segments=t.segments if t else None, rules=rules,
                               audio_metrics=audio_metrics)  # fmt: skip
    obj, _ = CallInspection.objects.update_or_create(
        call=call, defaults={"run": run, "fingerprint": "", **values}
    )
    return obj


_ENGINES: dict[tuple[str, str], object] = {}  # one loaded model per process (loading takes seconds)


def _transcribe(call: Call) -> tuple[Transcript | None, str]:
    """Transcribe the call's recording with the local engine of the settings (``HOTLINE_ASR_ENGINE``)
    and keep it as the call's transcript (source ``asr:<engine>``); (None, reason) when it cannot."""
    from hotline.core.inspection import asr

    path = _recording_path(call)
    if path is None:
        return None, ""
    key = (settings.HOTLINE_ASR_ENGINE, settings.HOTLINE_ASR_MODEL_DIR)
    try:
        if key not in _ENGINES:
            _ENGINES[key] = asr.load_engine(*key)
        sentences = asr.transcribe(path, _ENGINES[key])
    except asr.ASRUnavailable as exc:
        return None, f"asr: {exc}"[:500]
    except (audio_core.AudioError, OSError, ValueError) as exc:
        return None, f"asr: {exc}"[:500]
    segments = [{"speaker": s.speaker, "start": s.start, "end": s.end, "text": s.text} for s in sentences]
    return transcript_save(call=call, segments=segments, source=f"asr:{key[0]}"), ""


def run_calls(run: InspectionRun):
    """The answered calls of the run's center and date range (those with a recording or transcript)."""
    from django.db.models import Q

    return (
        Call.objects.filter(center=run.center, local_date__gte=run.date_from, local_date__lte=run.date_to,
                            answered_at__isnull=False)
        .filter(Q(recording__isnull=False) | Q(transcript__isnull=False))
        .select_related("recording", "agent")
        .order_by("started_at", "pk")
    )  # fmt: skip


def run_scope(center: Center, date_from: dt.date, date_to: dt.date) -> str:
    """The lock scope of a run: one run per center and date range at a time."""
    return f"center={center.pk}:{date_from}:{date_to}"


def inspection_run_create(*, center: Center, date_from: dt.date, date_to: dt.date, by: Person | None = None,
                          start: bool = True) -> InspectionRun:  # fmt: skip
    """A new run; ``start``: as a background job (``hotline.jobs``: a Celery worker, or a thread of
    this process without a broker). While a run of the same center and dates is queued or running,
    that run is returned instead of a second one."""
    from hotline.jobs.services import job_start

    if date_to < date_from:
        raise InspectionError(gettext("结束日期早于开始日期"))
    if (date_to - date_from).days > 92:
        raise InspectionError(gettext("一次最多质检 93 天"))
    with transaction.atomic():
        if not start:
            run = InspectionRun.objects.create(
                center=center, date_from=date_from, date_to=date_to, created_by=by
            )
        else:
            params = {
                "center": center.pk,
                "from": str(date_from),
                "to": str(date_to),
                "by": by.pk if by else None,
            }
            job, started = job_start(kind="inspection.run", scope=run_scope(center, date_from, date_to),
                                     params=params, center=center, actor=by.user if by else None)  # fmt: skip
            run = run_for_job(job)
            if not started:
                return run
        audit_record(actor=by.user if by else None, action="inspection.run", obj=run,
                     after={"center": center.code, "from": str(date_from), "to": str(date_to)})  # fmt: skip
    return run


def run_for_job(job) -> InspectionRun:
    """The run a job inspects (created with the job's parameters the first time)."""
    p = job.params
    run, _ = InspectionRun.objects.get_or_create(
        job=job, defaults={"center_id": p["center"], "date_from": dt.date.fromisoformat(p["from"]),
                           "date_to": dt.date.fromisoformat(p["to"]), "created_by_id": p.get("by")},
    )  # fmt: skip
    return run


def inspection_run_execute(
    *, run: InspectionRun, progress: Progress | None = None, every: int = 10
) -> InspectionRun:
    """Inspect the run's out-of-date calls here, chunk after chunk (the job path runs the same
    chunks on workers); ``progress(done, total)`` after each chunk of ``every`` calls."""
    from .services_runs import run_chunk, run_close, run_plan

    try:
        chunks = run_plan(run=run, chunk_size=max(1, every))
        if progress:
            progress(run.done, run.total)
        for ids in chunks:
            run_chunk(run=run, call_ids=ids)
            if progress:
                run.refresh_from_db(fields=["done"])
                progress(run.done, run.total)
    except Exception as exc:
        InspectionRun.objects.filter(pk=run.pk).update(errors=[{"call": "", "reason": str(exc)[:500]}])
        run_close(run=run, failed=True)
        raise
    return run_close(run=run)


# ---------------------------------------------------------------- transcripts


@dataclass
class TranscriptImport:
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)  # {file, row, column, reason}


def transcript_save(*, call: Call, segments: list, source: str) -> Transcript:
    """Validate and store a call's transcript (raises TranscriptError)."""
    sentences = rules_core.parse_transcript(segments)
    clean = [{"speaker": s.speaker, "start": s.start, "end": s.end, "text": s.text} for s in sentences]
    obj, _ = Transcript.objects.update_or_create(
        call=call, defaults={"segments": clean, "source": source[:200]}
    )
    return obj


# A zip of vendor results (one <call_id>.json per recording) is how transcripts leave the vendors'
# consoles; its members are read by name only (no paths), with bounds against zip bombs.
ZIP_MAX_MEMBERS = 20_000
ZIP_MAX_MEMBER_BYTES = 20 * 1024 * 1024
ZIP_MAX_TOTAL_BYTES = 512 * 1024 * 1024


def transcripts_import_upload(*, name: str, chunks: Iterable[bytes], calls=None, by: Person | None = None,
                              unit: str = "s", vendor: str = "auto", agent_channel: int = 0) -> TranscriptImport:  # fmt: skip
    """Import an uploaded transcript file: one JSON, or a zip of JSON files (``<call_id>.json``).

    Zip members are flattened to their file names (a member named ``../x.json`` is ``x.json``); members
    that are not ``.json``, larger than :data:`ZIP_MAX_MEMBER_BYTES` once inflated, or beyond
    :data:`ZIP_MAX_MEMBERS` are reported as row errors; a zip inflating beyond
    :data:`ZIP_MAX_TOTAL_BYTES` is refused whole. Then as :func:`transcripts_import`.
    """
    import tempfile
    import zipfile

    base = Path(name or "transcript.json").name or "transcript.json"
    with tempfile.TemporaryDirectory() as tmp:
        upload = Path(tmp) / ("upload.zip" if base.lower().endswith(".zip") else base)
        with upload.open("wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
        if not base.lower().endswith(".zip"):
            return transcripts_import(path=upload, calls=calls, by=by, unit=unit, vendor=vendor,
                                      agent_channel=agent_channel)  # fmt: skip
        folder = Path(tmp) / "files"
        folder.mkdir()
        skipped: list[dict] = []
        try:
            with zipfile.ZipFile(upload) as zf:
                members = [m for m in zf.infolist() if not m.is_dir()]
                if sum(m.file_size for m in members) > ZIP_MAX_TOTAL_BYTES:
                    raise InspectionError(gettext("压缩包解压后超过 %(mb)d MB，请分批上传")
                                          % {"mb": ZIP_MAX_TOTAL_BYTES // 2**20})  # fmt: skip
                seen: set[str] = set()
                for n, m in enumerate(members, start=1):
                    leaf = Path(m.filename.replace("\\", "/")).name
                    if n > ZIP_MAX_MEMBERS:
                        skipped.append({"file": leaf, "row": None, "column": None,
                                        "reason": gettext("超过 %(n)d 个文件，未导入") % {"n": ZIP_MAX_MEMBERS}})  # fmt: skip
                        continue
                    if not leaf.lower().endswith(".json") or leaf.startswith("."):
                        continue  # a readme, a folder marker, macOS metadata: not a transcript
                    if leaf in seen:
                        skipped.append({"file": leaf, "row": None, "column": None,
                                        "reason": gettext("压缩包中有同名文件，只导入了第一个")})  # fmt: skip
                        continue
                    seen.add(leaf)
                    with zf.open(m) as src:
                        data = src.read(ZIP_MAX_MEMBER_BYTES + 1)
                    if len(data) > ZIP_MAX_MEMBER_BYTES:
                        skipped.append({"file": leaf, "row": None, "column": None,
                                        "reason": gettext("文件超过 %(mb)d MB") % {"mb": ZIP_MAX_MEMBER_BYTES // 2**20}})  # fmt: skip
                        continue
                    (folder / leaf).write_bytes(data)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as exc:
            raise InspectionError(gettext("不是有效的 zip 压缩包：%(e)s") % {"e": exc}) from None
        out = transcripts_import(path=folder, calls=calls, by=by, unit=unit, vendor=vendor,
                                 agent_channel=agent_channel)  # fmt: skip
        out.errors = skipped + out.errors
        return out


def _files(path: Path) -> Iterable[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.json") if p.is_file())
    return [path]


def transcripts_import(*, path: str | Path, calls=None, by: Person | None = None, unit: str = "s",
                       progress: Progress | None = None, vendor: str = "auto",
                       agent_channel: int = 0) -> TranscriptImport:  # fmt: skip
    """Import transcripts from a JSON file or a folder of them.

    A file is either one call's transcript named ``<call_id>.json`` (a list of segments, a vendor's
    result — Alibaba, iFlytek or Tencent, see :mod:`hotline.core.inspection.vendors` — or
    ``{"call_id": …, "segments": […]}``), or a list of ``{"call_id": …, "segments": […]}``.
    ``vendor``: "auto" (recognised from the JSON) or a name of ``vendors.VENDORS``; ``agent_channel``:
    the agent's channel in per-channel vendor results (0 = left). ``unit`` applies to the generic
    format (vendors say milliseconds). ``calls`` limits which calls may be written (the importer's
    scope). Errors name the file, the entry (row) and the field; good files are kept.
    """
    path = Path(path)
    if not path.exists():
        raise InspectionError(f"{path}: no such file or folder")
    scope = calls if calls is not None else Call.objects.all()
    out = TranscriptImport()
    files = list(_files(path))
    for n, f in enumerate(files, start=1):
        try:
            data = json.loads(f.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            out.errors.append({"file": f.name, "row": None, "column": None, "reason": f"not JSON: {exc}"})
            continue
        items = (
            data
            if isinstance(data, list) and data and isinstance(data[0], dict) and "call_id" in data[0]
            else [data]
        )
        for row, item in enumerate(items, start=1):
            call_id = item.get("call_id") if isinstance(item, dict) and "call_id" in item else f.stem
            segs = item.get("segments") if isinstance(item, dict) and "segments" in item else item
            call = scope.filter(call_id=str(call_id)).first()
            if call is None:
                out.errors.append(
                    {"file": f.name, "row": row, "column": "call_id", "reason": f"unknown call {call_id}"}
                )
                continue
            try:
                existed = Transcript.objects.filter(call=call).exists()
                with transaction.atomic():
                    found = vendors.detect(segs) if vendor == "auto" else vendor
                    generic = vendors.to_segments(segs, vendor=found, agent_channel=agent_channel)
                    sentences = rules_core.parse_transcript(generic, unit=unit if found == "generic" else "s")
                    transcript_save(
                        call=call,
                        segments=[s.__dict__ for s in sentences],
                        source=f"import:{found}:{f.name}" if found != "generic" else f"import:{f.name}",
                    )
            except rules_core.TranscriptError as exc:
                out.errors.append({"file": f.name, "row": row, "column": "segments", "reason": str(exc)})
                continue
            if existed:
                out.updated += 1
            else:
                out.created += 1
        if progress:
            progress(n, len(files))
    return out
