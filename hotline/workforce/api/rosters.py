"""Workforce REST API (§5), rosters: generate, read and publish rosters; the caller's own shifts;
personal requests and swaps, and their approval by team leaders and planners."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from hotline.apitypes import ClockTime, Id, clock
from hotline.org.access import has_role, person_of
from hotline.org.models import Role, Team

from .. import access, selectors
from ..api.common import Problem, _bad, _me, _planner_center
from ..models import RequestStatus, ShiftRequest, ShiftType, StaffingPlan, SwapRequest
from ..services import roster as services_roster

router = Router()

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
    team: Id
    first_day: dt.date
    days: int = 28
    counts: dict[str, int] | None = None
    plan: Id | None = None
    min_rest_per_week: int = 2
    time_limit_s: float = 20


@router.get("/rosters", response=list[RosterOut])
def list_rosters(request, limit: int = 50):
    """Rosters the caller may read: a planner/manager their center's, a team leader their team's."""
    if not (access.can_plan(request.user) or has_role(request.user, Role.TEAM_LEADER)):
        raise PermissionDenied
    return access.visible_rosters(request.user).select_related("team")[: max(1, min(limit, 500))]


@router.post("/rosters", response={200: RosterOut, 400: Problem})
def generate_roster(request, data: RosterIn, center: Id | None = None):
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
    from hotline.jobs.services import job_start

    job_start(
        kind="workforce.roster",
        scope=f"roster={roster.pk}",
        params={"roster": roster.pk},
        center=roster.center,
        actor=request.user,
    )
    roster.refresh_from_db()
    return roster


@router.get("/rosters/{roster_pk}", response=RosterDetail)
def get_roster(request, roster_pk: Id):
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
def publish_roster(request, roster_pk: Id):
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
    start: ClockTime | None
    end: ClockTime | None
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
        return clock(obj.shift.start)

    @staticmethod
    def resolve_end(obj):
        return clock(obj.shift.end)

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
    back_to_back: bool = False  # two consecutive shifts swapped together (≤ 2 a year, a month ahead)


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
def get_request(request, request_pk: Id):
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
            requester=me, partner=partner, date=data.date, payback_date=data.payback_date, note=data.note,
            back_to_back=data.back_to_back, actor=request.user,
        )  # fmt: skip
    except services_roster.SwapRefused as exc:
        return _bad(str(exc))


@router.get("/swaps/{swap_pk}", response=SwapOut)
def get_swap(request, swap_pk: Id):
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
def decide_swap(request, swap_pk: Id, data: DecisionIn):
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
def decide_request(request, request_pk: Id, data: DecisionIn):
    q = _require_approver(request)
    req = get_object_or_404(ShiftRequest.objects.filter(_agent_q(q)), pk=request_pk)
    if req.status != RequestStatus.PENDING:
        return _bad("already decided")
    return services_roster.shift_request_decide(request=req, approve=data.approve, by=person_of(request.user))
