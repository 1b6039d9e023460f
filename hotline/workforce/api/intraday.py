"""Workforce REST API (§5), intraday: attendance import, the day's actual vs forecast and staffed vs
scheduled with the alerts, and the event log (planners, managers, team leaders)."""

import datetime as dt
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from hotline.apitypes import Id
from hotline.core.tabular import TableError
from hotline.org.access import person_of

from .. import access, selectors
from ..api.common import ErrorsOut, Problem, _bad, _planner_center
from ..models import EventLog, Skill
from ..services import intraday as services_intraday

router = Router()

# ----------------------------------------------------------------------------------------- intraday


class AttendanceOut(Schema):
    batch: int
    rows: int


@router.post("/attendance", response={200: AttendanceOut, 400: ErrorsOut})
def import_attendance(request, file: File[UploadedFile], center: Id | None = None):
    """Import agent states (columns agent,start,end,state; CSV or XLSX); all or nothing."""
    c = _planner_center(request, center)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(file.name or "states.csv").name
        path.write_bytes(file.read())
        try:
            batch = services_intraday.attendance_import(center=c, path=path, actor=request.user)
        except TableError as exc:
            detail = "the file has bad rows; nothing was imported"
            return Status(400, {"detail": detail, "errors": [e.__dict__ for e in exc.errors]})
    return {"batch": batch.pk, "rows": batch.rows}


class EscalationOut(Schema):
    id: int
    level: int
    min_severity: float
    role: str
    person: str | None
    within_minutes: int
    effective_from: dt.date
    effective_to: dt.date | None

    @staticmethod
    def resolve_person(obj):
        return obj.person.work_number if obj.person_id else None


class AlertOut(Schema):
    kind: str
    start: dt.datetime
    actual: float
    expected: float
    severity: float
    levels: list[EscalationOut]


class IntradayRowOut(Schema):
    start: dt.datetime
    actual: float
    forecast: float | None
    scheduled: float
    staffed: float


class IntradayOut(Schema):
    date: dt.date
    interval_minutes: int
    volume_over: float
    staff_under: float
    rows: list[IntradayRowOut]
    alerts: list[AlertOut]


def _watch_center(request, center: Id | None):
    if not access.can_watch_intraday(request.user):
        raise PermissionDenied
    return access.center_for(request.user, center)


@router.get("/intraday", response=IntradayOut)
def intraday(request, date: dt.date | None = None, skill: Id | None = None, center: Id | None = None):
    """A day's intervals: actual vs forecast calls, staffed vs scheduled heads, and the §5 alerts
    with the escalation levels that must be told."""
    c = _watch_center(request, center)
    day = date or timezone.now().astimezone(ZoneInfo(c.timezone)).date()
    sk = get_object_or_404(Skill, pk=skill, center=c) if skill else None
    settings = services_intraday.settings_for(c, day)
    interval = sk.interval_minutes if sk else 30
    rows, alerts = selectors.intraday(c, day, skill=sk, interval=interval, settings=settings)
    return {
        "date": day, "interval_minutes": interval, "volume_over": settings.volume_over,
        "staff_under": settings.staff_under, "rows": rows, "alerts": alerts,
    }  # fmt: skip


class EventLogOut(Schema):
    id: int
    at: dt.datetime
    kind: str
    text: str
    actions: str
    by: str | None

    @staticmethod
    def resolve_by(obj):
        return obj.by.work_number if obj.by_id else None


class EventLogIn(Schema):
    at: dt.datetime | None = None
    kind: str
    text: str
    actions: str = ""


@router.get("/event-log", response=list[EventLogOut])
def list_event_log(
    request, date_from: dt.date | None = None, date_to: dt.date | None = None, center: int | None = None
):
    c = _watch_center(request, center)
    qs = EventLog.objects.filter(center=c).select_related("by")
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs[:500]


@router.post("/event-log", response={200: EventLogOut, 400: Problem})
def add_event_log(request, data: EventLogIn, center: Id | None = None):
    """Log what happened and the actions taken (kind: volume, staff, system, business, other)."""
    c = _watch_center(request, center)
    try:
        return services_intraday.event_log_add(
            center=c, at=data.at or timezone.now(), kind=data.kind, text=data.text, actions=data.actions,
            by=person_of(request.user),
        )  # fmt: skip
    except ValueError as exc:
        return _bad(str(exc))
