"""Workforce REST API (§5, §10), settings: shift types, next-day rules, escalation levels and the
intraday thresholds (planner, manager of the center, admin)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Body, Router, Schema, Status

from hotline.apitypes import ClockTime, Id, clock
from hotline.errors import message_of
from hotline.org.models import Person

from .. import selectors
from ..api.common import Problem, _bad, _planner_center
from ..api.intraday import EscalationOut
from ..models import EscalationLevel, ShiftType
from ..services import intraday as services_intraday
from ..services import policies as services_settings

router = Router()

# ----------------------------------------------------------------------------------------- settings


class ShiftTypeOut(Schema):
    id: int
    name: str
    short: str
    start: ClockTime | None
    end: ClockTime | None
    breaks: list
    night: bool
    is_rest: bool
    colour: str
    order: int

    @staticmethod
    def resolve_start(obj):
        return clock(obj.start)

    @staticmethod
    def resolve_end(obj):
        return clock(obj.end)


class ShiftTypeIn(Schema):
    name: str
    short: str
    start: dt.time | None = None
    end: dt.time | None = None
    breaks: list[list[str]] = []
    night: bool = False
    is_rest: bool = False
    colour: str = "#e3f2fd"
    order: int = 0


@router.get("/shift-types", response=list[ShiftTypeOut])
def list_shift_types(request, center: Id | None = None):
    return ShiftType.objects.filter(center=_planner_center(request, center))


@router.post("/shift-types", response={200: ShiftTypeOut, 400: Problem})
def create_shift_type(request, data: ShiftTypeIn, center: Id | None = None):
    c = _planner_center(request, center)
    try:
        return services_settings.shift_type_save(center=c, actor=request.user, **data.dict())
    except (services_settings.SettingsError, ValueError) as exc:
        return _bad(str(exc))


@router.put("/shift-types/{shift_pk}", response={200: ShiftTypeOut, 400: Problem})
def update_shift_type(request, shift_pk: Id, data: ShiftTypeIn, center: Id | None = None):
    c = _planner_center(request, center)
    shift = get_object_or_404(ShiftType, pk=shift_pk, center=c)
    try:
        return services_settings.shift_type_save(center=c, shift=shift, actor=request.user, **data.dict())
    except (services_settings.SettingsError, ValueError) as exc:
        return _bad(str(exc))


@router.delete("/shift-types/{shift_pk}", response={204: None, 400: Problem})
def delete_shift_type(request, shift_pk: Id, center: Id | None = None):
    c = _planner_center(request, center)
    try:
        services_settings.shift_type_delete(
            shift=get_object_or_404(ShiftType, pk=shift_pk, center=c), actor=request.user
        )
    except services_settings.SettingsError as exc:
        return _bad(str(exc))
    return Status(204, None)


@router.get("/rules", response=dict[str, list[str]])
def get_rules(request, center: Id | None = None):
    """Next-day rules {shift: [shifts allowed the next day]}; a shift not listed may be followed by any."""
    c = _planner_center(request, center)
    return services_settings._rules_text(c)


@router.put("/rules", response={200: dict[str, list[str]], 400: Problem})
def set_rules(request, data: Body[dict[str, list[str] | None]], center: Id | None = None):
    """Set the rules of the shifts given (short names); ``null`` removes a shift's rule."""
    c = _planner_center(request, center)
    by_short = {s.short: s for s in ShiftType.objects.filter(center=c)}
    unknown = sorted((set(data) | {a for v in data.values() for a in v or ()}) - set(by_short))
    if unknown:
        return _bad(f"unknown shift(s): {', '.join(unknown)}")
    rules = {by_short[k]: None if v is None else [by_short[a] for a in v] for k, v in data.items()}
    try:
        return services_settings.roster_rules_save(center=c, rules=rules, actor=request.user)
    except services_settings.SettingsError as exc:
        return _bad(str(exc))


class EscalationIn(Schema):
    level: int
    within_minutes: int
    min_severity: float = 0.0
    role: str = ""
    person: str | None = None  # work number
    effective_from: dt.date | None = None  # the new version starts then (default: the first free day)


@router.get("/escalation-levels", response=list[EscalationOut])
def list_levels(request, center: Id | None = None, date: dt.date | None = None):
    """The levels in force on ``date`` (the center's today by default); withdrawn levels left out."""
    c = _planner_center(request, center)
    return selectors.escalation_levels(c, date or c.today())


@router.post("/escalation-levels", response={200: EscalationOut, 400: Problem})
def set_level(request, data: EscalationIn, center: Id | None = None):
    """A new version of a level (by its number) from ``effective_from`` (today or later)."""
    c = _planner_center(request, center)
    person = None
    if data.person:
        person = Person.objects.filter(center=c, work_number=data.person).first()
        if person is None:
            return _bad(f"person: no {data.person!r} in {c.name}")
    try:
        return services_settings.escalation_level_set(
            center=c, level=data.level, within_minutes=data.within_minutes, min_severity=data.min_severity,
            role=data.role, person=person, effective_from=data.effective_from, actor=request.user,
        )  # fmt: skip
    except services_settings.SettingsError as exc:
        return _bad(message_of(exc))


@router.delete("/escalation-levels/{level_pk}", response={204: None, 400: Problem})
def delete_level(request, level_pk: Id, center: Id | None = None, effective_from: dt.date | None = None):
    """Withdraw the level of version ``level_pk`` from ``effective_from`` (default: the first free day):
    a version marked removed; earlier days keep it."""
    c = _planner_center(request, center)
    lv = get_object_or_404(EscalationLevel, pk=level_pk, center=c)
    try:
        services_settings.escalation_level_remove(
            center=c, level=lv.level, effective_from=effective_from, actor=request.user
        )
    except services_settings.SettingsError as exc:
        return _bad(message_of(exc))
    return Status(204, None)


class ThresholdsIO(Schema):
    volume_over: float
    staff_under: float
    effective_from: dt.date | None = None  # a new version starts then (default: the first free day)


@router.get("/intraday-settings", response=ThresholdsIO)
def get_thresholds(request, center: Id | None = None):
    return services_intraday.settings_for(_planner_center(request, center))


@router.put("/intraday-settings", response={200: ThresholdsIO, 400: Problem})
def set_thresholds(request, data: ThresholdsIO, center: Id | None = None):
    c = _planner_center(request, center)
    try:
        return services_settings.intraday_thresholds_save(
            center=c,
            volume_over=data.volume_over,
            staff_under=data.staff_under,
            effective_from=data.effective_from,
            actor=request.user,
        )
    except services_settings.SettingsError as exc:
        return _bad(str(exc))
