"""REST API of automatic inspection (§8): runs (list, start, progress), per-call results ranked by
risk (metrics, rule results, evidence), transcript upload, suggestions for the evaluation form.

Same rules as the pages (``access.py``): QA monitors read their agents' calls, managers their
center, administrators all; runs are started and transcripts uploaded by managers and
administrators; agents and the other roles never see inspection results (403 on lists, 404 on
one object).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from hotline.apitypes import Id, LimitOffset
from hotline.core.errors import InvalidInput
from hotline.core.inspection.vendors import VENDORS
from hotline.org.access import person_of

from . import services
from .access import (
    can_run_inspection,
    can_view_inspection,
    inspectable_calls,
    inspection_centers,
    visible_inspections,
    visible_runs,
)
from .selectors import suggestions_for_call

router = Router(tags=["inspection"])


def _require_view(request) -> None:
    if not can_view_inspection(request.user):
        raise PermissionDenied


class RunOut(Schema):
    id: int
    center: str
    date_from: dt.date
    date_to: dt.date
    status: str
    total: int
    done: int
    failed: int
    skipped: int
    percent: int
    errors: list[dict]
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_center(obj):
        return obj.center.code


class RunIn(Schema):
    center: str  # the center's code
    date_from: dt.date
    date_to: dt.date


class ErrorOut(Schema):
    detail: str


class ResultOut(Schema):
    call_pk: int
    call_id: str
    agent: str | None
    local_date: dt.date | None
    talk_seconds: float
    risk: int
    failed_rules: int
    has_transcript: bool
    has_audio: bool
    error: str
    inspected_at: dt.datetime

    @staticmethod
    def resolve_call_pk(obj):
        return obj.call_id

    @staticmethod
    def resolve_call_id(obj):
        return obj.call.call_id

    @staticmethod
    def resolve_agent(obj):
        return obj.call.agent.work_number if obj.call.agent_id else None

    @staticmethod
    def resolve_local_date(obj):
        return obj.call.local_date

    @staticmethod
    def resolve_talk_seconds(obj):
        return obj.call.talk_seconds

    @staticmethod
    def resolve_has_audio(obj):
        return obj.audio is not None


class ResultDetailOut(ResultOut):
    run: int | None
    audio: dict | None  # seconds: talk per party, silences, overtalks, holds, talk ratio, speech rate
    rules: list[dict]  # {key, title, item, status, weight, note, evidence: [{text, start, end, speaker}]}
    risk_points: dict

    @staticmethod
    def resolve_run(obj):
        return obj.run_id


class TranscriptImportOut(Schema):
    created: int
    updated: int
    errors: list[dict]


class SuggestionOut(Schema):
    item: str
    answer: str  # "yes" | "no": a hint the evaluator confirms or overrides
    evidence: str


@router.get("/runs", response=list[RunOut])
@paginate(LimitOffset)
def list_runs(request):
    """Inspection runs of the centers the user may see, newest first."""
    _require_view(request)
    return visible_runs(request.user).select_related("center")


@router.post("/runs", response={201: RunOut, 400: ErrorOut})
def start_run(request, payload: RunIn):
    """Start a run over a center's answered calls of a date range (managers, administrators)."""
    if not can_run_inspection(request.user):
        raise PermissionDenied
    center = get_object_or_404(inspection_centers(request.user), code=payload.center)
    try:
        run = services.inspection_run_create(
            center=center, date_from=payload.date_from, date_to=payload.date_to, by=person_of(request.user)
        )
    except services.InspectionError as exc:
        return Status(400, {"detail": str(exc)})
    run.refresh_from_db()
    return Status(201, run)


@router.get("/runs/{run_pk}", response=RunOut)
def get_run(request, run_pk: Id):
    """One run with its progress (``done`` of ``total``, ``percent``) and errors."""
    _require_view(request)
    return get_object_or_404(visible_runs(request.user).select_related("center"), pk=run_pk)


@router.get("/results", response=list[ResultOut])
@paginate(LimitOffset)
def list_results(
    request,
    run: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    min_risk: int | None = None,
    agent: str = "",
):
    """Per-call results the user may see, riskiest first (ties: later call first)."""
    _require_view(request)
    qs = visible_inspections(request.user).select_related("call", "call__agent")
    if run is not None:
        qs = qs.filter(run_id=run)
    if date_from:
        qs = qs.filter(call__local_date__gte=date_from)
    if date_to:
        qs = qs.filter(call__local_date__lte=date_to)
    if min_risk is not None:
        qs = qs.filter(risk__gte=min_risk)
    if agent.strip():
        qs = qs.filter(
            Q(call__agent__work_number=agent.strip()) | Q(call__agent__name__icontains=agent.strip())
        )
    return qs.order_by("-risk", "-call__started_at", "pk")


@router.get("/results/{call_pk}", response=ResultDetailOut)
def get_result(request, call_pk: Id):
    """One call's result (``call_pk`` is the call's id): audio metrics, rule results with evidence."""
    _require_view(request)
    return get_object_or_404(
        visible_inspections(request.user).select_related("call", "call__agent"), call_id=call_pk
    )


@router.get("/calls/{call_pk}/suggestions", response=list[SuggestionOut])
def call_suggestions(request, call_pk: Id):
    """Suggested answers per scorecard item (empty when the call was not inspected)."""
    _require_view(request)
    call = get_object_or_404(inspectable_calls(request.user), pk=call_pk)
    return [{"item": k, **v} for k, v in sorted(suggestions_for_call(call).items())]


@router.post("/transcripts", response=TranscriptImportOut)
def upload_transcripts(request, file: File[UploadedFile], unit: str = "s", vendor: str = "auto",
                       agent_channel: int = 0):  # fmt: skip
    """Upload transcripts: one JSON file (one call's ``<call_id>.json`` in the generic format or as an
    ASR vendor returned it — Alibaba, iFlytek, Tencent — or a list of ``{call_id, segments}``), or a zip
    of such files. ``unit``: "s" or "ms" for the generic format's times; ``vendor``: "auto", "generic",
    "alibaba", "iflytek" or "tencent"; ``agent_channel``: 0 or 1, the agent's channel in per-channel
    vendor results. Managers and administrators, calls they may see only."""
    if not can_run_inspection(request.user):
        raise PermissionDenied
    if unit not in ("s", "ms"):
        unit = "s"
    if vendor != "auto" and vendor not in VENDORS:
        raise InvalidInput(gettext("未知的转写格式：%(v)s") % {"v": vendor[:40]}, field="vendor")
    if agent_channel not in (0, 1):
        raise InvalidInput(gettext("坐席声道只能是 0 或 1"), field="agent_channel")
    result = services.transcripts_import_upload(
        name=file.name or "transcript.json", chunks=file.chunks(), calls=inspectable_calls(request.user),
        by=person_of(request.user), unit=unit, vendor=vendor, agent_channel=agent_channel,
    )  # fmt: skip
    return {"created": result.created, "updated": result.updated, "errors": result.errors}
