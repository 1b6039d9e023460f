"""Inspection at scale (§8, §10): a run is planned once — only the calls whose inputs changed since
their last inspection (a fingerprint) — then inspected in chunks on any number of workers, each
chunk written in bulk, and closed after its last chunk.

Idempotent: a chunk run twice finds its calls' fingerprints current and writes nothing; a worker
killed mid-chunk leaves the chunk to be taken again (``hotline.jobs``), never a half-written call.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import F, JSONField, Value
from django.utils import timezone

from hotline.calls.models import Call
from hotline.core.inspection import rules as rules_core

from .models import CallInspection, InspectionRun, Transcript

INSPECTION_VERSION = "1"  # bump when call_inspect's output changes for the same inputs
_FIELDS = ("pk", "skill", "direction", "hold_seconds", "recording__path", "recording__indexed_at",
           "transcript__updated_at", "inspection__fingerprint", "local_date")  # fmt: skip


def rules_version(rules=None) -> str:
    rules = rules_core.DEFAULT_RULES if rules is None else rules
    return hashlib.sha1(repr(rules).encode()).hexdigest()[:12]


class _Packs:
    """The rule pack in force per day of a center (§8, versioned) and its version, read once a run."""

    def __init__(self, center):
        self.center, self._rules, self._versions = center, {}, {}

    def rules(self, day):
        from .services_rules import rules_in_force

        if day not in self._rules:
            self._rules[day] = rules_in_force(self.center, day)
        return self._rules[day]

    def version(self, day) -> str:
        if day not in self._versions:
            self._versions[day] = rules_version(self.rules(day))
        return self._versions[day]


def fingerprint(row: tuple, version: str) -> str:
    """What a call's inspection depends on: its CDR facts, recording file and transcript versions, and
    the rule pack in force on its day and the code of inspection. Equal fingerprints → the stored result is current."""
    _pk, skill, direction, hold, path, indexed, t_updated = row[:7]
    raw = f"{INSPECTION_VERSION}|{version}|{skill}|{direction}|{hold}|{path}|{indexed}|{t_updated}"
    return hashlib.sha1(raw.encode()).hexdigest()


def run_plan(*, run: InspectionRun, chunk_size: int = 500) -> list[list[int]]:
    """Start ``run``: count its calls, mark the unchanged ones done, return the others in chunks."""
    from .services import run_calls

    packs = _Packs(run.center)
    rows = list(run_calls(run).values_list(*_FIELDS))
    todo = [r[0] for r in rows if r[7] != fingerprint(r, packs.version(r[8]))]
    unchanged = len(rows) - len(todo)
    InspectionRun.objects.filter(pk=run.pk).update(
        status=InspectionRun.Status.RUNNING, total=len(rows), done=unchanged, unchanged=unchanged,
        failed=0, skipped=0, errors=[], finished_at=None,
    )  # fmt: skip
    run.refresh_from_db()
    return [todo[i : i + chunk_size] for i in range(0, len(todo), chunk_size)]


def run_chunk(*, run: InspectionRun, call_ids: list[int]) -> int:
    """Inspect these calls of ``run`` (those still out of date) and write their results in bulk;
    returns how many were inspected. The run's counters move by this chunk's numbers."""
    from .services import _recording_path, inspection_values

    packs = _Packs(run.center)
    rows = {r[0]: r for r in Call.objects.filter(pk__in=call_ids).values_list(*_FIELDS)}
    stale = [pk for pk, r in rows.items() if r[7] != fingerprint(r, packs.version(r[8]))]
    calls = Call.objects.filter(pk__in=stale).select_related("recording").order_by("started_at", "pk")
    segments = dict(Transcript.objects.filter(call_id__in=stale).values_list("call_id", "segments"))
    existing = {ci.call_id: ci for ci in CallInspection.objects.filter(call_id__in=stale)}
    new, changed, skipped, failed, errors = [], [], 0, 0, []
    now = timezone.now()
    for call in calls:
        if call.pk not in segments and _recording_path(call) is None:
            skipped += 1  # nothing to inspect: the file is elsewhere or missing, no transcript
            continue
        values = inspection_values(
            call=call, segments=segments.get(call.pk), rules=packs.rules(call.local_date)
        )
        values |= {"run_id": run.pk, "fingerprint": fingerprint(rows[call.pk], packs.version(call.local_date)),
                   "inspected_at": now}  # fmt: skip
        if values["error"]:
            failed += 1
            if len(errors) < 10:
                errors.append({"call": call.call_id, "reason": values["error"]})
        obj = existing.get(call.pk)
        if obj is None:
            new.append(CallInspection(call_id=call.pk, **values))
        else:
            for k, v in values.items():
                setattr(obj, k, v)
            changed.append(obj)
    for obj in new:
        _json_as_expressions(obj)
    with transaction.atomic():
        CallInspection.objects.bulk_create(new, batch_size=500)
        if changed:
            CallInspection.objects.bulk_update(changed, [*values_fields(), "run_id"], batch_size=500)
        locked = InspectionRun.objects.select_for_update().get(pk=run.pk)
        InspectionRun.objects.filter(pk=run.pk).update(
            done=F("done") + len(call_ids), skipped=F("skipped") + skipped, failed=F("failed") + failed,
            errors=(locked.errors + errors)[:50],
        )  # fmt: skip
    return len(new) + len(changed)


_JSON_FIELDS = ("audio", "rules", "risk_points")


def _json_as_expressions(obj: CallInspection) -> None:
    """Give the JSON values of a new result as expressions, so that ``bulk_create`` on PostgreSQL
    takes the plain multi-row VALUES insert: its UNNEST form sends them as one jsonb[] literal that
    psycopg escapes quote by quote in Python (≈ 5 ms a call, as long as the rules themselves; the
    scale bench). SQL NULL stays a plain None (a JSON null would be ``Value(None)``)."""
    for name in _JSON_FIELDS:
        v = getattr(obj, name)
        if v is not None:
            setattr(obj, name, Value(v, output_field=JSONField()))


def values_fields() -> list[str]:
    return ["audio", "rules", "risk", "risk_points", "failed_rules", "has_transcript", "error", "fingerprint",
            "inspected_at"]  # fmt: skip


def run_close(*, run: InspectionRun, failed: bool = False) -> InspectionRun:
    status = InspectionRun.Status.FAILED if failed else InspectionRun.Status.DONE
    InspectionRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now())
    run.refresh_from_db()
    return run
