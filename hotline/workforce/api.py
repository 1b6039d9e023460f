"""Workforce REST API (§5, §10): what the workforce pages do, through the same services and the same
access rules (``access.py``). Mounted at ``/api/workforce``.

Planner, manager (their center) and admin: skills, events, forecasts, staffing plans, rosters,
attendance import and the settings (``?center=`` picks a center for an admin). Team leader: their
team's rosters, the swaps and requests of their team, intraday and the event log. Agent: their own
published shifts, requests and swaps. Times are ISO 8601; fractions in [0, 1]; durations seconds.
"""

import datetime as dt
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Body, File, Router, Schema, Status
from ninja.files import UploadedFile

from hotline.core.tabular import TableError
from hotline.org.access import has_role, person_of
from hotline.org.models import Person, Role, Team

from . import access, selectors, services, services_intraday, services_roster, services_settings
from .models import (
    EscalationLevel,
    EventLog,
    EventMultiplier,
    ForecastRun,
    RequestStatus,
    ShiftRequest,
    ShiftType,
    Skill,
    StaffingPlan,
    SwapRequest,
)

router = Router(tags=["workforce"])

FORECAST_METHODS = ("auto", "baseline", "profile", "blend")


class Problem(Schema):
    detail: str


class ErrorsOut(Schema):
    detail: str
    errors: list[dict]


def _bad(detail: str) -> Status:
    return Status(400, {"detail": detail})


def _planner_center(request, center: int | None):
    access.require_planner(request.user)
    return access.center_for(request.user, center)


def _me(request) -> Person:
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    return me


# ----------------------------------------------------------------------------------------- skills


class SkillOut(Schema):
    id: int
    name: str
    target_sl: float
    answer_time_s: int
    aht_override_s: float | None
    patience_s: float | None
    shrinkage: float
    max_occupancy: float | None
    interval_minutes: int


class SkillIn(Schema):
    name: str | None = None
    target_sl: float | None = None
    answer_time_s: int | None = None
    aht_override_s: float | None = None
    patience_s: float | None = None
    shrinkage: float | None = None
    max_occupancy: float | None = None
    interval_minutes: int | None = None


def _skill_fields(data: SkillIn) -> dict:
    d = data.dict(exclude_unset=True)
    if d.get("target_sl") is not None and not (0 < d["target_sl"] < 1):
        raise ValueError("target_sl: expected a fraction between 0 and 1")
    if d.get("shrinkage") is not None and not (0 <= d["shrinkage"] < 1):
        raise ValueError("shrinkage: expected a fraction in [0, 1)")
    if d.get("max_occupancy") is not None and not (0 < d["max_occupancy"] <= 1):
        raise ValueError("max_occupancy: expected a fraction in (0, 1]")
    if d.get("interval_minutes") is not None and d["interval_minutes"] not in (15, 30, 60):
        raise ValueError("interval_minutes: expected 15, 30 or 60")
    for k in ("target_sl", "answer_time_s", "shrinkage", "interval_minutes"):
        if k in d and d[k] is None:
            raise ValueError(f"{k}: may not be empty")
    return d


@router.get("/skills", response=list[SkillOut])
def list_skills(request, center: int | None = None):
    return Skill.objects.filter(center=_planner_center(request, center))


@router.post("/skills", response={200: SkillOut, 400: Problem})
def save_skill(request, data: SkillIn, center: int | None = None):
    """Create a skill, or change the targets of the skill with this name."""
    c = _planner_center(request, center)
    try:
        fields = _skill_fields(data)
    except ValueError as exc:
        return _bad(str(exc))
    name = (fields.pop("name", None) or "").strip()
    if not name:
        return _bad("name: required")
    return services.skill_save(center=c, name=name, **fields)


@router.patch("/skills/{skill_pk}", response={200: SkillOut, 400: Problem})
def update_skill(request, skill_pk: int, data: SkillIn, center: int | None = None):
    """Change a skill's targets (only the fields given)."""
    c = _planner_center(request, center)
    skill = get_object_or_404(Skill, pk=skill_pk, center=c)
    try:
        fields = _skill_fields(data)
    except ValueError as exc:
        return _bad(str(exc))
    name = (fields.get("name") or skill.name).strip()
    if Skill.objects.filter(center=c, name=name).exclude(pk=skill.pk).exists():
        return _bad("name: another skill has this name")
    fields["name"] = name
    return services.skill_update(skill=skill, **fields)


# ----------------------------------------------------------------------------------------- events


class EventOut(Schema):
    id: int
    skill: str | None
    first_day: dt.date
    last_day: dt.date
    factor: float
    note: str

    @staticmethod
    def resolve_skill(obj):
        return obj.skill.name if obj.skill_id else None


class EventIn(Schema):
    skill: int | None = None
    first_day: dt.date
    last_day: dt.date
    factor: float
    note: str = ""


@router.get("/events", response=list[EventOut])
def list_events(request, center: int | None = None):
    return EventMultiplier.objects.filter(center=_planner_center(request, center)).select_related("skill")


@router.post("/events", response={200: EventOut, 400: Problem})
def add_event(request, data: EventIn, center: int | None = None):
    """A planned event: the forecast of its dates × factor (one skill, or all when skill is empty)."""
    c = _planner_center(request, center)
    skill = get_object_or_404(Skill, pk=data.skill, center=c) if data.skill else None
    try:
        return services.event_add(
            center=c, skill=skill, first_day=data.first_day, last_day=data.last_day, factor=data.factor,
            note=data.note,
        )  # fmt: skip
    except services.PlanningError as exc:
        return _bad(str(exc))


@router.delete("/events/{event_pk}", response={204: None})
def delete_event(request, event_pk: int, center: int | None = None):
    c = _planner_center(request, center)
    services.event_delete(event=get_object_or_404(EventMultiplier, pk=event_pk, center=c))
    return Status(204, None)


# ----------------------------------------------------------------------------------------- forecasts


class ForecastOut(Schema):
    id: int
    skill: str
    interval_minutes: int
    method: str
    method_used: str
    first_day: dt.date
    horizon_days: int
    created_at: dt.datetime
    wape: float | None
    bias: float | None
    baseline_wape: float | None
    baseline_bias: float | None
    backtest_weeks: int
    total_calls: float

    @staticmethod
    def resolve_skill(obj):
        return obj.skill.name


class ForecastIn(Schema):
    skill: int
    first_day: dt.date
    horizon: int = 7
    method: str = "auto"


class IntervalOut(Schema):
    start: dt.datetime
    calls: float


class ForecastDetail(ForecastOut):
    intervals: list[IntervalOut]

    @staticmethod
    def resolve_intervals(obj):
        return list(obj.intervals.all())


@router.get("/forecasts", response=list[ForecastOut])
def list_forecasts(request, center: int | None = None, limit: int = 50):
    c = _planner_center(request, center)
    return ForecastRun.objects.filter(center=c).select_related("skill")[: max(1, min(limit, 500))]


@router.post("/forecasts", response={200: ForecastDetail, 400: Problem})
def run_forecast(request, data: ForecastIn, center: int | None = None):
    """Forecast a skill from its calls (with the event multipliers), backtested against the baseline."""
    c = _planner_center(request, center)
    skill = get_object_or_404(Skill, pk=data.skill, center=c)
    if data.method not in FORECAST_METHODS or not (1 <= data.horizon <= 62):
        return _bad(f"method: one of {', '.join(FORECAST_METHODS)}; horizon: 1–62 days")
    try:
        return services.forecast_run(
            skill=skill,
            first_day=data.first_day,
            horizon=data.horizon,
            method=data.method,
            actor=request.user,
        )
    except services.PlanningError as exc:
        return _bad(str(exc))


@router.get("/forecasts/{run_pk}", response=ForecastDetail)
def get_forecast(request, run_pk: int, center: int | None = None):
    c = _planner_center(request, center)
    return get_object_or_404(ForecastRun.objects.select_related("skill"), pk=run_pk, center=c)


# ----------------------------------------------------------------------------------------- staffing


class PlanOut(Schema):
    id: int
    skill: str
    forecast: int
    created_at: dt.datetime
    model: str
    aht_s: float
    target_sl: float
    answer_time_s: float
    patience_s: float | None
    shrinkage: float
    peak_agents: int
    peak_scheduled: int
    seats: int
    trunks: int
    trunk_load: float

    @staticmethod
    def resolve_skill(obj):
        return obj.skill.name

    @staticmethod
    def resolve_forecast(obj):
        return obj.forecast_id


class StaffingIntervalOut(Schema):
    start: dt.datetime
    calls: float
    aht_s: float
    agents: int
    scheduled: int
    service_level: float | None
    asa_s: float | None
    occupancy: float | None
    abandon_probability: float | None


class PlanDetail(PlanOut):
    intervals: list[StaffingIntervalOut]

    @staticmethod
    def resolve_intervals(obj):
        return list(obj.intervals.all())


class PlanIn(Schema):
    forecast: int


@router.get("/staffing", response=list[PlanOut])
def list_plans(request, center: int | None = None, limit: int = 50):
    c = _planner_center(request, center)
    return StaffingPlan.objects.filter(center=c).select_related("skill")[: max(1, min(limit, 500))]


@router.post("/staffing", response={200: PlanDetail, 400: Problem})
def build_plan(request, data: PlanIn, center: int | None = None):
    """Agents per interval for a forecast (Erlang C, or Erlang A with the skill's patience)."""
    c = _planner_center(request, center)
    run = get_object_or_404(ForecastRun, pk=data.forecast, center=c)
    try:
        return services.staffing_plan_build(run=run, actor=request.user)
    except services.PlanningError as exc:
        return _bad(str(exc))


@router.get("/staffing/{plan_pk}", response=PlanDetail)
def get_plan(request, plan_pk: int, center: int | None = None):
    c = _planner_center(request, center)
    return get_object_or_404(StaffingPlan.objects.select_related("skill"), pk=plan_pk, center=c)


# ----------------------------------------------------------------------------------------- rosters


class RosterOut(Schema):
    id: int
    team: str | None
    first_day: dt.date
    days: int
    status: str
    state: str
    solver_status: str
    wall_time: float | None
    violations: list[dict]
    uncovered: list[dict]
    error: str
    published_at: dt.datetime | None

    @staticmethod
    def resolve_team(obj):
        return obj.team.name if obj.team_id else None


class RosterRowOut(Schema):
    person: int
    work_number: str
    name: str
    shifts: list[str | None]


class RosterDetail(RosterOut):
    dates: list[dt.date]
    rows: list[RosterRowOut]


class RosterIn(Schema):
    team: int
    first_day: dt.date
    days: int = 28
    counts: dict[str, int] | None = None
    plan: int | None = None
    min_rest_per_week: int = 2
    time_limit_s: float = 20


@router.get("/rosters", response=list[RosterOut])
def list_rosters(request, limit: int = 50):
    """Rosters the caller may read: a planner/manager their center's, a team leader their team's."""
    if not (access.can_plan(request.user) or has_role(request.user, Role.TEAM_LEADER)):
        raise PermissionDenied
    return access.visible_rosters(request.user).select_related("team")[: max(1, min(limit, 500))]


@router.post("/rosters", response={200: RosterOut, 400: Problem})
def generate_roster(request, data: RosterIn, center: int | None = None):
    """Create a roster for a team and solve it (CP-SAT; in-process unless a worker is configured):
    ``counts`` {shift short name: minimum heads per day} or ``plan`` (a staffing plan's intervals)."""
    c = _planner_center(request, center)
    team = get_object_or_404(Team, pk=data.team, center=c)
    if (data.counts is None) == (data.plan is None):
        return _bad("give exactly one of counts and plan")
    if not (0 <= data.min_rest_per_week <= 3) or not (2 <= data.time_limit_s <= 300):
        return _bad("min_rest_per_week: 0–3; time_limit_s: 2–300")
    demand: dict = {"min_rest_per_week": data.min_rest_per_week}
    if data.plan is not None:
        plan = get_object_or_404(StaffingPlan, pk=data.plan, center=c)
        demand.update(mode="plan", plan=plan.pk)
    else:
        known = {s.short for s in services_roster.shift_types(c) if not s.is_rest}
        unknown = sorted(set(data.counts) - known)
        if unknown or any(v < 0 for v in data.counts.values()):
            return _bad(f"counts: unknown shift or negative count ({', '.join(unknown)})")
        demand.update(mode="counts", counts=data.counts)
    try:
        roster = services_roster.roster_create(
            center=c, team=team, first_day=data.first_day, days=data.days, demand=demand,
            time_limit_s=data.time_limit_s, actor=request.user,
        )  # fmt: skip
    except services_roster.RosterError as exc:
        return _bad(str(exc))
    from .tasks import solve_roster_task

    solve_roster_task.delay(roster.pk)
    roster.refresh_from_db()
    return roster


@router.get("/rosters/{roster_pk}", response=RosterDetail)
def get_roster(request, roster_pk: int):
    """The roster grid: one row per person, one shift short name per date."""
    roster = get_object_or_404(access.visible_rosters(request.user).select_related("team"), pk=roster_pk)
    grid, dates = services_roster.roster_grid(roster)
    roster.dates = dates
    roster.rows = [
        {
            "person": p.pk,
            "work_number": p.work_number,
            "name": p.name,
            "shifts": [c.short if c else None for c in cells],
        }
        for p, cells in grid
    ]
    return roster


@router.post("/rosters/{roster_pk}/publish", response={200: RosterOut, 400: Problem})
def publish_roster(request, roster_pk: int):
    roster = get_object_or_404(access.visible_rosters(request.user), pk=roster_pk)
    if not access.can_change_roster(request.user, roster):
        raise PermissionDenied
    try:
        return services_roster.roster_publish(roster=roster, actor=request.user)
    except services_roster.RosterError as exc:
        return _bad(str(exc))


# ----------------------------------------------------------------------------------------- my shifts


class ShiftOut(Schema):
    date: dt.date
    shift: str
    name: str
    start: dt.time | None
    end: dt.time | None
    breaks: list
    roster: int

    @staticmethod
    def resolve_shift(obj):
        return obj.shift.short

    @staticmethod
    def resolve_name(obj):
        return obj.shift.name

    @staticmethod
    def resolve_start(obj):
        return obj.shift.start

    @staticmethod
    def resolve_end(obj):
        return obj.shift.end

    @staticmethod
    def resolve_breaks(obj):
        return obj.shift.breaks or []

    @staticmethod
    def resolve_roster(obj):
        return obj.roster_id


@router.get("/my/shifts", response=list[ShiftOut])
def my_shifts(request, date_from: dt.date | None = None, date_to: dt.date | None = None):
    """The caller's own shifts from published rosters (default: the next 28 days from today)."""
    me = _me(request)
    first = date_from or timezone.now().astimezone(ZoneInfo(me.center.timezone)).date()
    last = date_to or first + dt.timedelta(days=27)
    return selectors.my_shifts(me, first, last)


# ----------------------------------------------------------------------------------------- requests


class ShiftRequestOut(Schema):
    id: int
    agent: str
    date: dt.date
    shift: str | None
    note: str
    status: str

    @staticmethod
    def resolve_agent(obj):
        return obj.agent.work_number

    @staticmethod
    def resolve_shift(obj):
        return obj.shift.short if obj.shift_id else None


class ShiftRequestIn(Schema):
    date: dt.date
    shift: str | None = None  # short name; empty = a day off
    note: str = ""


class SwapOut(Schema):
    id: int
    requester: str
    partner: str
    date: dt.date
    payback_date: dt.date
    note: str
    status: str

    @staticmethod
    def resolve_requester(obj):
        return obj.requester.work_number

    @staticmethod
    def resolve_partner(obj):
        return obj.partner.work_number


class SwapIn(Schema):
    partner: str  # work number
    date: dt.date
    payback_date: dt.date
    note: str = ""


class DecisionIn(Schema):
    approve: bool


@router.get("/shift-requests", response=list[ShiftRequestOut])
def list_my_requests(request):
    """The caller's own personal requests."""
    return ShiftRequest.objects.filter(agent=_me(request)).select_related("agent", "shift")


@router.post("/shift-requests", response={200: ShiftRequestOut, 400: Problem})
def create_request(request, data: ShiftRequestIn):
    """A personal request of the caller: a fixed shift on a date, or a day off (no shift)."""
    me = _me(request)
    shift = None
    if data.shift:
        shift = ShiftType.objects.filter(center=me.center, short=data.shift).first()
        if shift is None:
            return _bad(f"shift: no shift {data.shift!r} in {me.center.name}")
    try:
        return services_roster.shift_request_create(agent=me, date=data.date, shift=shift, note=data.note)
    except services_roster.RosterError as exc:
        return _bad(str(exc))


@router.get("/shift-requests/{request_pk}", response=ShiftRequestOut)
def get_request(request, request_pk: int):
    """One request: the caller's own, or one the caller may decide."""
    me = person_of(request.user)
    q = access.swap_approvable_filter(request.user)
    qs = ShiftRequest.objects.filter(agent=me) if me is not None else ShiftRequest.objects.none()
    if q is not None:
        qs = qs | ShiftRequest.objects.filter(_agent_q(q))
    return get_object_or_404(qs.select_related("agent", "shift"), pk=request_pk)


@router.get("/swaps", response=list[SwapOut])
def list_my_swaps(request):
    """Swaps the caller asked for or was asked for."""
    me = _me(request)
    return SwapRequest.objects.filter(Q(requester=me) | Q(partner=me)).select_related("requester", "partner")


@router.post("/swaps", response={200: SwapOut, 400: Problem})
def create_swap(request, data: SwapIn):
    """Ask a colleague to swap on ``date`` and swap back on ``payback_date`` (≤ 1 a month, paid back
    within a month — §5)."""
    me = _me(request)
    partner = access.colleagues_of(me).filter(work_number=data.partner).first()
    if partner is None:
        return _bad(f"partner: {data.partner!r} is not a colleague you may swap with")
    try:
        return services_roster.swap_request_create(
            requester=me, partner=partner, date=data.date, payback_date=data.payback_date, note=data.note
        )
    except services_roster.SwapRefused as exc:
        return _bad(str(exc))


@router.get("/swaps/{swap_pk}", response=SwapOut)
def get_swap(request, swap_pk: int):
    """One swap: the caller's own (as requester or partner), or one the caller may decide."""
    me = person_of(request.user)
    qs = access.approvable_swaps(request.user)
    if me is not None:
        qs = qs | SwapRequest.objects.filter(Q(requester=me) | Q(partner=me))
    return get_object_or_404(qs.select_related("requester", "partner"), pk=swap_pk)


def _agent_q(q):
    """The swap filter (over ``requester``) for shift requests (over ``agent``)."""
    out = Q()
    for key, value in q.children:
        out &= Q(**{key.replace("requester", "agent"): value})
    return out


def _require_approver(request):
    q = access.swap_approvable_filter(request.user)
    if q is None:
        raise PermissionDenied
    return q


@router.get("/approvals/swaps", response=list[SwapOut])
def pending_swaps(request):
    """Swaps waiting for the caller's decision (team leader: their team; planner: their center)."""
    _require_approver(request)
    return (
        access.approvable_swaps(request.user)
        .filter(status=RequestStatus.PENDING)
        .select_related("requester", "partner")
    )


@router.post("/approvals/swaps/{swap_pk}", response={200: SwapOut, 400: Problem})
def decide_swap(request, swap_pk: int, data: DecisionIn):
    """Approve (the limits are checked again; the published shifts are exchanged) or reject."""
    _require_approver(request)
    swap = get_object_or_404(access.approvable_swaps(request.user), pk=swap_pk)
    try:
        return services_roster.swap_request_decide(
            swap=swap, approve=data.approve, by=person_of(request.user), actor=request.user
        )
    except services_roster.SwapRefused as exc:
        return _bad(str(exc))


@router.get("/approvals/shift-requests", response=list[ShiftRequestOut])
def pending_requests(request):
    q = _require_approver(request)
    return ShiftRequest.objects.filter(_agent_q(q), status=RequestStatus.PENDING).select_related(
        "agent", "shift"
    )


@router.post("/approvals/shift-requests/{request_pk}", response={200: ShiftRequestOut, 400: Problem})
def decide_request(request, request_pk: int, data: DecisionIn):
    q = _require_approver(request)
    req = get_object_or_404(ShiftRequest.objects.filter(_agent_q(q)), pk=request_pk)
    if req.status != RequestStatus.PENDING:
        return _bad("already decided")
    return services_roster.shift_request_decide(request=req, approve=data.approve, by=person_of(request.user))


# ----------------------------------------------------------------------------------------- intraday


class AttendanceOut(Schema):
    batch: int
    rows: int


@router.post("/attendance", response={200: AttendanceOut, 400: ErrorsOut})
def import_attendance(request, file: File[UploadedFile], center: int | None = None):
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


def _watch_center(request, center: int | None):
    if not access.can_watch_intraday(request.user):
        raise PermissionDenied
    return access.center_for(request.user, center)


@router.get("/intraday", response=IntradayOut)
def intraday(request, date: dt.date | None = None, skill: int | None = None, center: int | None = None):
    """A day's intervals: actual vs forecast calls, staffed vs scheduled heads, and the §5 alerts
    with the escalation levels that must be told."""
    c = _watch_center(request, center)
    day = date or timezone.now().astimezone(ZoneInfo(c.timezone)).date()
    sk = get_object_or_404(Skill, pk=skill, center=c) if skill else None
    settings = services_intraday.settings_for(c)
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
def add_event_log(request, data: EventLogIn, center: int | None = None):
    """Log what happened and the actions taken (kind: volume, staff, system, business, other)."""
    c = _watch_center(request, center)
    try:
        return services_intraday.event_log_add(
            center=c, at=data.at or timezone.now(), kind=data.kind, text=data.text, actions=data.actions,
            by=person_of(request.user),
        )  # fmt: skip
    except ValueError as exc:
        return _bad(str(exc))


# ----------------------------------------------------------------------------------------- settings


class ShiftTypeOut(Schema):
    id: int
    name: str
    short: str
    start: dt.time | None
    end: dt.time | None
    breaks: list
    night: bool
    is_rest: bool
    colour: str
    order: int


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
def list_shift_types(request, center: int | None = None):
    return ShiftType.objects.filter(center=_planner_center(request, center))


@router.post("/shift-types", response={200: ShiftTypeOut, 400: Problem})
def create_shift_type(request, data: ShiftTypeIn, center: int | None = None):
    c = _planner_center(request, center)
    try:
        return services_settings.shift_type_save(center=c, actor=request.user, **data.dict())
    except (services_settings.SettingsError, ValueError) as exc:
        return _bad(str(exc))


@router.put("/shift-types/{shift_pk}", response={200: ShiftTypeOut, 400: Problem})
def update_shift_type(request, shift_pk: int, data: ShiftTypeIn, center: int | None = None):
    c = _planner_center(request, center)
    shift = get_object_or_404(ShiftType, pk=shift_pk, center=c)
    try:
        return services_settings.shift_type_save(center=c, shift=shift, actor=request.user, **data.dict())
    except (services_settings.SettingsError, ValueError) as exc:
        return _bad(str(exc))


@router.delete("/shift-types/{shift_pk}", response={204: None, 400: Problem})
def delete_shift_type(request, shift_pk: int, center: int | None = None):
    c = _planner_center(request, center)
    try:
        services_settings.shift_type_delete(
            shift=get_object_or_404(ShiftType, pk=shift_pk, center=c), actor=request.user
        )
    except services_settings.SettingsError as exc:
        return _bad(str(exc))
    return Status(204, None)


@router.get("/rules", response=dict[str, list[str]])
def get_rules(request, center: int | None = None):
    """Next-day rules {shift: [shifts allowed the next day]}; a shift not listed may be followed by any."""
    c = _planner_center(request, center)
    return services_settings._rules_text(c)


@router.put("/rules", response={200: dict[str, list[str]], 400: Problem})
def set_rules(request, data: Body[dict[str, list[str] | None]], center: int | None = None):
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


@router.get("/escalation-levels", response=list[EscalationOut])
def list_levels(request, center: int | None = None):
    return EscalationLevel.objects.filter(center=_planner_center(request, center)).select_related("person")


@router.post("/escalation-levels", response={200: EscalationOut, 400: Problem})
def set_level(request, data: EscalationIn, center: int | None = None):
    """Create or change a level (by its number)."""
    c = _planner_center(request, center)
    person = None
    if data.person:
        person = Person.objects.filter(center=c, work_number=data.person).first()
        if person is None:
            return _bad(f"person: no {data.person!r} in {c.name}")
    try:
        return services_settings.escalation_level_set(
            center=c, level=data.level, within_minutes=data.within_minutes, min_severity=data.min_severity,
            role=data.role, person=person, actor=request.user,
        )  # fmt: skip
    except services_settings.SettingsError as exc:
        return _bad(str(exc))


@router.delete("/escalation-levels/{level_pk}", response={204: None})
def delete_level(request, level_pk: int, center: int | None = None):
    c = _planner_center(request, center)
    services_settings.escalation_level_delete(
        level=get_object_or_404(EscalationLevel, pk=level_pk, center=c), actor=request.user
    )
    return Status(204, None)


class ThresholdsIO(Schema):
    volume_over: float
    staff_under: float


@router.get("/intraday-settings", response=ThresholdsIO)
def get_thresholds(request, center: int | None = None):
    return services_intraday.settings_for(_planner_center(request, center))


@router.put("/intraday-settings", response={200: ThresholdsIO, 400: Problem})
def set_thresholds(request, data: ThresholdsIO, center: int | None = None):
    c = _planner_center(request, center)
    try:
        return services_settings.intraday_thresholds_save(
            center=c, volume_over=data.volume_over, staff_under=data.staff_under, actor=request.user
        )
    except services_settings.SettingsError as exc:
        return _bad(str(exc))
