"""Who may see what (§1). The only place such rules live; views and the API call these.

- agent: only themselves (their calls, evaluations, scores, messages, disputes);
- team leader: the members of their team;
- QA monitor: the agents assigned to them (``Person.monitors``, kept by the monitoring plan);
- manager, trainer, workforce planner: their center;
- administrator (role or Django superuser): everything.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import Center, Person, Role


def person_of(user) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def is_admin(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    p = person_of(user)
    return p is not None and p.role == Role.ADMIN


def role_of(user) -> str | None:
    if is_admin(user):
        return Role.ADMIN
    p = person_of(user)
    return p.role if p else None


def has_role(user, *roles: str) -> bool:
    r = role_of(user)
    return r is not None and (r in roles or r == Role.ADMIN)


CENTER_WIDE = (Role.MANAGER, Role.TRAINER, Role.PLANNER)


def is_agent(user) -> bool:
    """A person with the agent role: the pages about "my own" results (a departed agent's login, while
    it is active, still reads them; asking for leave needs an active agent: ``workforce.access``)."""
    me = person_of(user)
    return me is not None and me.role == Role.AGENT


def require_agent(user) -> Person:
    """The agent asking about their own results, shifts or requests; anyone else: 403."""
    if not is_agent(user):
        raise PermissionDenied
    return person_of(user)


def people_filter(user) -> Q | None:
    """A Q over Person for the people this user may see; None means nobody."""
    if is_admin(user):
        return Q()
    me = person_of(user)
    if me is None or not me.active:
        return None
    if me.role in CENTER_WIDE:
        return Q(center_id=me.center_id)
    if me.role == Role.TEAM_LEADER:
        return Q(pk=me.pk) | (Q(team_id=me.team_id) if me.team_id else Q(pk=me.pk))
    if me.role == Role.QA_MONITOR:
        return Q(pk=me.pk) | Q(monitors=me)
    return Q(pk=me.pk)


def visible_people(user) -> QuerySet[Person]:
    q = people_filter(user)
    if q is None:
        return Person.objects.none()
    return Person.objects.filter(q).distinct()


def agent_filter(user, field: str = "agent") -> Q | None:
    """A Q over a model with a Person foreign key named ``field`` (calls, evaluations …)."""
    if is_admin(user):
        return Q()
    me = person_of(user)
    if me is None or not me.active:
        return None
    if me.role in CENTER_WIDE:
        return Q(**{f"{field}__center_id": me.center_id})
    if me.role == Role.TEAM_LEADER:
        return Q(**{f"{field}_id": me.pk}) | (
            Q(**{f"{field}__team_id": me.team_id}) if me.team_id else Q(**{f"{field}_id": me.pk})
        )
    if me.role == Role.QA_MONITOR:
        # A subquery, not a join over the monitors table: no duplicate rows, so no DISTINCT over a large
        # table (a QA monitor's call list and counts, issue 16).
        monitored = Person.monitors.through.objects.filter(to_person_id=me.pk).values("from_person_id")
        return Q(**{f"{field}_id__in": monitored})
    return Q(**{f"{field}_id": me.pk})


# --- absences (leave, §3.4) ----------------------------------------------------------------------

ABSENCE_KEEPERS = (Role.MANAGER, Role.TEAM_LEADER, Role.PLANNER)


def can_manage_absences(user) -> bool:
    """Managers, team leaders, workforce planners and administrators record and delete leave."""
    return has_role(user, *ABSENCE_KEEPERS)


def absence_people(user) -> QuerySet[Person]:
    """Whose leave this user may see: keepers their people (team leader: the team; manager and
    planner: the center; admin: all), anyone else only themselves (read-only)."""
    if can_manage_absences(user):
        return visible_people(user)
    me = person_of(user)
    if me is None or not me.active:
        return Person.objects.none()
    return Person.objects.filter(pk=me.pk)


def absence_editable_people(user) -> QuerySet[Person]:
    """Whose leave this user may record or delete (nobody for a read-only role)."""
    return visible_people(user) if can_manage_absences(user) else Person.objects.none()


GLOBAL_SCOPE = "*"  # the rows that apply to every center (policy settings, targets)


def settings_scope(user, code: str | None) -> Center | None:
    """The scope of a policy-settings request: ``code`` a center code, ``*`` the global rows, omitted
    the caller's own center (an administrator: global). Another center than one's own is refused."""
    admin = is_admin(user)
    me = person_of(user)
    if code is None:
        return None if admin or me is None or not me.center_id else me.center
    if code == GLOBAL_SCOPE:
        return None
    center = Center.objects.filter(code=code).first()
    if center is None or not (admin or (me is not None and me.center_id == center.pk)):
        raise PermissionDenied
    return center


def settings_scope_choices(user) -> list[Center]:
    """The centers whose settings this user may look at (all for an administrator, else their own)."""
    if is_admin(user):
        return list(Center.objects.order_by("name"))
    me = person_of(user)
    return [me.center] if me is not None and me.center_id else []


def request_settings_scope(request) -> tuple[Center | None, list[Center]]:
    """``settings_scope`` for a page (``center`` from the form or the query) and the choices to offer."""
    code = request.POST.get("center") or request.GET.get("center")
    return settings_scope(request.user, code), settings_scope_choices(request.user)
