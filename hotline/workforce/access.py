"""Who may do what in workforce (§1, §5). Built on :mod:`hotline.org.access`.

- planner, manager (their center) and admin (every center): forecasts, staffing, rosters, intraday;
- team leader: reads their team's rosters, approves their team's swaps, watches intraday and logs
  events for their center;
- agent: only their own published shifts, requests and swaps.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from hotline.core.params import parse_id
from hotline.org.access import has_role, is_admin, person_of, require_agent
from hotline.org.models import Center, Person, Role

from .models import LeaveRequest, Roster, SwapRequest

PLANNERS = (Role.PLANNER, Role.MANAGER)


def can_plan(user) -> bool:
    return has_role(user, *PLANNERS)


def can_watch_intraday(user) -> bool:
    return has_role(user, *PLANNERS, Role.TEAM_LEADER)


def can_plan_center(user, center: Center | None) -> bool:
    """Planning settings of ``center`` (the intraday thresholds…): a planner or manager of that center,
    an administrator; there are no global rows."""
    return center is not None and can_plan(user) and centers_for(user).filter(pk=center.pk).exists()


def require_planner(user) -> None:
    if not can_plan(user):
        raise PermissionDenied


def centers_for(user) -> QuerySet[Center]:
    if is_admin(user):
        return Center.objects.all()
    me = person_of(user)
    if me is None:
        return Center.objects.none()
    return Center.objects.filter(pk=me.center_id)


def center_for(user, center_id=None) -> Center:
    """The center a planning page works on: the user's own, or for an admin the one asked (else
    the first). Raises 403 when the user plans nothing, 404 for a center they may not see."""
    qs = centers_for(user)
    center_id = parse_id(center_id, field="center")
    if center_id:
        c = qs.filter(pk=center_id).first()
        if c is None:
            raise Http404
        return c
    me = person_of(user)
    if me is not None:
        c = qs.filter(pk=me.center_id).first()
        if c is not None:
            return c
    c = qs.first()
    if c is None:
        raise PermissionDenied
    return c


def visible_rosters(user) -> QuerySet[Roster]:
    if is_admin(user):
        return Roster.objects.all()
    me = person_of(user)
    if me is None or not me.active:
        return Roster.objects.none()
    if me.role in PLANNERS:
        return Roster.objects.filter(center_id=me.center_id)
    if me.role == Role.TEAM_LEADER and me.team_id:
        return Roster.objects.filter(team_id=me.team_id)
    return Roster.objects.none()


def can_change_roster(user, roster: Roster) -> bool:
    return can_plan(user) and visible_rosters(user).filter(pk=roster.pk).exists()


def swap_approvable_filter(user) -> Q | None:
    """Swaps this user may decide: team leader — their team's; planner/manager — their center's."""
    if is_admin(user):
        return Q()
    me = person_of(user)
    if me is None or not me.active:
        return None
    if me.role in PLANNERS:
        return Q(requester__center_id=me.center_id)
    if me.role == Role.TEAM_LEADER and me.team_id:
        return Q(requester__team_id=me.team_id)
    return None


def approvable_swaps(user) -> QuerySet[SwapRequest]:
    q = swap_approvable_filter(user)
    return SwapRequest.objects.none() if q is None else SwapRequest.objects.filter(q)


def colleagues_of(person: Person) -> QuerySet[Person]:
    """Whom an agent may ask for a swap: active agents of the same team (else center), not themself."""
    qs = Person.objects.filter(active=True, role=Role.AGENT).exclude(pk=person.pk)
    return qs.filter(team_id=person.team_id) if person.team_id else qs.filter(center_id=person.center_id)


def can_read_contingency(user) -> bool:
    """Contingency plans and drills: planners, managers, administrators edit; team leaders read."""
    return has_role(user, *PLANNERS, Role.TEAM_LEADER)


def require_contingency_reader(user) -> None:
    if not can_read_contingency(user):
        raise PermissionDenied


# --- leave (§5) -----------------------------------------------------------------------------------


def leave_requester(user) -> Person:
    """The person asking for leave: only an active agent asks for their own (else 403)."""
    me = require_agent(user)
    if not me.active:
        raise PermissionDenied
    return me


def can_decide_leaves(user) -> bool:
    """Who has a queue of leave requests to decide: team leaders, managers, administrators."""
    me = person_of(user)
    return is_admin(user) or (me is not None and me.active and me.role in (Role.TEAM_LEADER, Role.MANAGER))


def can_decide_leave(user, req: LeaveRequest) -> bool:
    """The agent's team leader; a manager of the agent's center; an administrator."""
    if is_admin(user):
        return True
    me = person_of(user)
    if me is None or not me.active or me.pk == req.agent_id:
        return False
    if me.role == Role.TEAM_LEADER:
        return bool(me.team_id) and me.team_id == req.agent.team_id
    return me.role == Role.MANAGER and me.center_id == req.agent.center_id


def decidable_leave_requests(user):
    """Leave requests this user may decide (team leader: the team; manager: the center; admin: all)."""
    qs = LeaveRequest.objects.select_related("agent", "agent__team", "decided_by")
    if is_admin(user):
        return qs
    me = person_of(user)
    if me is None or not me.active:
        return qs.none()
    if me.role == Role.TEAM_LEADER and me.team_id:
        return qs.filter(agent__team_id=me.team_id).exclude(agent=me)
    if me.role == Role.MANAGER:
        return qs.filter(agent__center_id=me.center_id)
    return qs.none()
