import datetime as dt
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from hotline.apitypes import Id, LimitOffset
from hotline.core.tabular import TableError
from hotline.errors import row_errors
from hotline.org.access import has_role
from hotline.org.models import Role

from . import services
from .access import import_centers, visible_recordings
from .models import mask_number
from .selectors import CallSearch, search_calls
from .services_uploads import safe_upload_name
from .views import recording_audio

router = Router(tags=["calls"])


class CallOut(Schema):
    id: int
    call_id: str
    center: str
    skill: str
    direction: str
    agent: str | None
    customer: str
    queued_at: dt.datetime | None
    answered_at: dt.datetime | None
    ended_at: dt.datetime | None
    talk_seconds: float
    hold_seconds: float
    acw_seconds: float
    wait_seconds: float | None
    abandoned: bool
    reason: str
    has_recording: bool

    @staticmethod
    def resolve_center(obj):
        return obj.center.name

    @staticmethod
    def resolve_agent(obj):
        return obj.agent.work_number if obj.agent_id else None

    @staticmethod
    def resolve_customer(obj):
        return mask_number(obj.customer)

    @staticmethod
    def resolve_has_recording(obj):
        return hasattr(obj, "recording")


class RecordingOut(Schema):
    call_id: int
    duration_seconds: float | None
    channels: int
    audio_url: str


class ImportOut(Schema):
    batch: int
    created: int
    updated: int
    unchanged: int
    errors: list[dict]


class ImportErrorOut(Schema):
    detail: str
    errors: list[dict]


@router.post("/import", response={200: ImportOut, 400: ImportErrorOut})
def import_calls(
    request,
    file: File[UploadedFile],
    file_format: str = "auto",
    center: str = "",
    keep_good_rows: bool = False,
):
    """Import a call file (product layout, Asterisk Master.csv or FreeSWITCH CDR)."""
    if not has_role(request.user, Role.MANAGER, Role.PLANNER):
        raise PermissionDenied
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / safe_upload_name(file.name, "calls.csv")
        with path.open("wb") as fh:
            for chunk in file.chunks():
                fh.write(chunk)
        try:
            result = services.calls_import(
                path=path, file_format=file_format, center_name=center or None,
                keep_good_rows=keep_good_rows, actor=request.user,
                allowed_centers=import_centers(request.user),
            )  # fmt: skip
        except services.ImportFailed as exc:
            return 400, {
                "detail": gettext("文件中有错误行，未导入任何数据"),
                "errors": row_errors(exc.errors),
            }
        except TableError as exc:
            return 400, {"detail": gettext("文件无法读取"), "errors": row_errors(exc.errors)}
    return {
        "batch": result.batch.pk, "created": result.created, "updated": result.updated,
        "unchanged": result.unchanged, "errors": row_errors(result.errors),
    }  # fmt: skip


@router.get("", response=list[CallOut])
@paginate(LimitOffset)
def list_calls(
    request,
    agent: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    min_seconds: float | None = None,
    max_seconds: float | None = None,
    weekday: int | None = None,
    skill: str = "",
    direction: str = "",
    sort: str = "-start",
):
    f = CallSearch(
        agent=agent, date_from=date_from, date_to=date_to, min_seconds=min_seconds, max_seconds=max_seconds,
        weekday=weekday, skill=skill, direction=direction, sort=sort,
    )  # fmt: skip
    return search_calls(request.user, f)


@router.get("/{call_pk}", response=CallOut)
def get_call(request, call_pk: Id):
    return get_object_or_404(search_calls(request.user, CallSearch()), pk=call_pk)


@router.get("/{call_pk}/recording", response=RecordingOut)
def get_recording(request, call_pk: Id):
    rec = get_object_or_404(visible_recordings(request.user), call_id=call_pk)
    return {
        "call_id": rec.call_id,
        "duration_seconds": rec.duration_seconds,
        "channels": rec.channels,
        "audio_url": f"/api/calls/{call_pk}/recording/audio",
    }


@router.get("/{call_pk}/recording/audio")
def get_recording_audio(request, call_pk: Id):
    return recording_audio.__wrapped__(request, call_pk)
