"""REST API of the monitoring regime (§3, §10): plans, sessions and monthly scores, same rules as the pages."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from hotline.apitypes import Id
from hotline.core.errors import InvalidInput
from hotline.core.params import YEAR_MAX, YEAR_MIN, parse_month
from hotline.core.periods import parse_period
from hotline.org.access import settings_scope, visible_people
from hotline.org.models import Center, Role

from . import access, services
from .selectors import monthly_scores, settings_for
from .services.policies import (
    SettingsError,
    calendar_working_day,
    holiday_adjustments,
    holiday_toggle,
    quality_settings_create,
    settings_history,
)

router = Router(tags=["quality"])


class SlotOut(Schema):
    id: int
    agent: str
    monitor: str | None
    kind: str
    date: dt.date | None
    half: str
    status: str
    session: int | None


class PlanOut(Schema):
    id: int
    center: str
    period: str
    generated_at: dt.datetime
    warnings: list[str]
    slots: list[SlotOut]


class EvaluationOut(Schema):
    order: int
    call_id: str | None
    criterion: str | None
    score: float | None
    critical_failed: list[str]
    strengths: str
    improvements: str
    version: int


class SessionOut(Schema):
    id: int
    kind: str
    agent: str
    monitor: str
    period: str
    date: dt.date
    status: str
    score: float | None
    evaluations: list[EvaluationOut]


class MonthOut(Schema):
    agent: str
    month: str
    score: float | None
    recording_mean: float | None
    live_mean: float | None
    remainder: str = "live"
    remainder_value: float | None = None
    incomplete: bool


def _plan_out(plan) -> dict:
    slots = plan.slots.select_related("agent", "monitor")
    return {
        "id": plan.pk, "center": plan.center.code, "period": plan.period, "generated_at": plan.generated_at,
        "warnings": plan.warning_texts(),
        "slots": [
            {"id": s.pk, "agent": s.agent.work_number, "monitor": s.monitor.work_number if s.monitor else None,
             "kind": s.kind, "date": s.date, "half": s.half, "status": s.status, "session": s.session_id}
            for s in slots
        ],
    }  # fmt: skip


def _center(request, code: str) -> Center:
    center = get_object_or_404(Center, code=code)
    if not access.can_view_plan(request.user, center):
        raise PermissionDenied
    return center


@router.get("/plans/{center}/{period}", response=PlanOut)
def get_plan(request, center: str, period: str):
    """A center's monitoring plan of a half-month (YYYY-MM-H1|H2)."""
    c = _center(request, center)
    return _plan_out(get_object_or_404(c.monitoring_plans, period=str(parse_period(period))))


@router.post("/plans/{center}/{period}", response=PlanOut)
def generate_plan(request, center: str, period: str):
    """Generate or re-generate the plan (sessions already held keep their slots)."""
    c = _center(request, center)
    if not access.can_generate_plan(request.user, c):
        raise PermissionDenied
    return _plan_out(services.plan_generate(center=c, period=parse_period(period), actor=request.user))


@router.get("/sessions/{session_id}", response=SessionOut)
def get_session(request, session_id: Id):
    """One session with its evaluations (an agent: their own submitted sessions only)."""
    s = get_object_or_404(
        access.visible_sessions(request.user).select_related("agent", "monitor"), pk=session_id
    )
    if not s.submitted and not access.can_score(request.user, s):
        raise Http404
    picks = {p.call_id: p.criterion for p in s.picks.all()}
    return {
        "id": s.pk, "kind": s.kind, "agent": s.agent.work_number, "monitor": s.monitor.work_number,
        "period": s.period, "date": s.date, "status": s.status, "score": s.score,
        "evaluations": [
            {"order": e.order, "call_id": e.call.call_id if e.call else None, "criterion": picks.get(e.call_id),
             "score": e.score, "critical_failed": e.critical_failed, "strengths": e.strengths,
             "improvements": e.improvements, "version": e.version}
            for e in s.evaluations.select_related("call")
        ],
    }  # fmt: skip


@router.get("/scores/{month}", response=list[MonthOut])
def get_scores(request, month: str):
    """Monthly service-quality scores (YYYY-MM) of the agents the caller may see."""
    first = parse_month(month, field="month", default=None)
    if first is None:
        raise InvalidInput(field="month")
    y, m = first.year, first.month
    agents = visible_people(request.user).filter(role=Role.AGENT, active=True)
    return [
        {"agent": r.agent.work_number, "month": r.month, "score": r.result.score,
         "recording_mean": r.result.recording_mean, "live_mean": r.result.live_mean,
         "remainder": r.result.remainder, "remainder_value": r.result.remainder_value,
         "incomplete": r.result.incomplete}
        for r in monthly_scores(list(agents), y, m)
    ]  # fmt: skip


# --- policy settings (§3.2/§3.3/§3.6 versions, §3.4 holiday table): same rules as the pages ---------


class SettingsVersionOut(Schema):
    id: int | None
    center: str | None
    w_rec: float
    w_live: float
    min_seconds: float
    anchor_period: str
    recording_window_days: int
    remainder: str
    effective_from: dt.date
    effective_to: dt.date | None


class SettingsOut(Schema):
    center: str | None
    can_edit: bool
    in_force: SettingsVersionOut
    history: list[SettingsVersionOut]


class SettingsIn(Schema):
    center: str = "*"
    w_rec: float
    w_live: float
    min_seconds: float
    anchor_period: str
    effective_from: dt.date
    recording_window_days: int = 5
    remainder: str = "live"


class HolidayOut(Schema):
    date: dt.date
    is_working_day: bool
    note: str


class HolidayToggleIn(Schema):
    date: dt.date
    note: str = ""


class HolidayToggleOut(Schema):
    date: dt.date
    is_working_day: bool
    override: HolidayOut | None


def _version_out(row) -> dict:
    return {
        "id": row.pk, "center": row.center.code if row.center_id else None, "w_rec": row.w_rec,
        "w_live": row.w_live, "min_seconds": row.min_seconds, "anchor_period": row.anchor_period,
        "recording_window_days": row.recording_window_days, "remainder": row.remainder, "effective_from": row.effective_from, "effective_to": row.effective_to,
    }  # fmt: skip


def _settings_out(user, center: Center | None) -> dict:
    return {
        "center": center.code if center else None,
        "can_edit": access.can_edit_settings(user, center),
        "in_force": _version_out(settings_for(center, timezone.localdate())),
        "history": [_version_out(r) for r in settings_history(center)],
    }


@router.get("/settings", response=SettingsOut)
def get_settings(request, center: str | None = None):
    """The settings in force today for a scope (inherited from the global ones when it has none)
    and every version of that scope, newest first."""
    if not access.can_view_settings(request.user):
        raise PermissionDenied
    return _settings_out(request.user, settings_scope(request.user, center))


@router.post("/settings", response={201: SettingsOut})
def create_settings(request, payload: SettingsIn):
    """A new version from ``effective_from`` on (a manager: their center; the global rows: an
    administrator). Refused versions answer 400 with the reason."""
    if not access.can_view_settings(request.user):
        raise PermissionDenied
    center = settings_scope(request.user, payload.center)
    if not access.can_edit_settings(request.user, center):
        raise PermissionDenied
    data = payload.dict()
    data.pop("center")
    try:
        quality_settings_create(center=center, actor=request.user, **data)
    except SettingsError:
        raise  # a HotlineError: answered 400 in the reader's language
    return 201, _settings_out(request.user, center)


@router.get("/holidays", response=list[HolidayOut])
def list_holidays(request, year: Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)] | None = None):
    """The overrides of the §3.4 holiday table (the Chinese calendar applies on every other day)."""
    if not access.can_view_holidays(request.user):
        raise PermissionDenied
    return holiday_adjustments(year)


@router.post("/holidays/toggle", response=HolidayToggleOut)
def toggle_holiday(request, payload: HolidayToggleIn):
    """Flip a day between working day and rest day (administrators); ``override`` null means the
    day follows the Chinese calendar again."""
    if not access.can_edit_holidays(request.user):
        raise PermissionDenied
    row = holiday_toggle(day=payload.date, note=payload.note, actor=request.user)
    working = row.is_working_day if row else calendar_working_day(payload.date)
    return {"date": payload.date, "is_working_day": working, "override": row}


from .api_adhoc import router as _adhoc_router  # noqa: E402

router.add_router("", _adhoc_router)
