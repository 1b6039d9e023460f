"""Who may do what in the monitoring regime (§1, §3). Views and the API only go through these.

- plans: managers, QA monitors and administrators generate them; planners, trainers and team leaders
  may look (their center); agents never;
- sessions: the QA monitor who holds the session, or whose assigned agent it concerns, scores it;
  everyone else sees the sessions of the agents they may see (``agent_filter``), an agent only their
  own — someone else's session is a 404;
- form builder: managers and administrators.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hotline.org.access import agent_filter, has_role, is_admin, person_of
from hotline.org.models import Center, Person, Role

from .models import PlanSlot, Purpose, Session

PLAN_VIEWERS = (Role.MANAGER, Role.QA_MONITOR, Role.PLANNER, Role.TRAINER, Role.TEAM_LEADER)
PLAN_MAKERS = (Role.MANAGER, Role.QA_MONITOR)
SCORE_VIEWERS = (Role.MANAGER, Role.QA_MONITOR, Role.TRAINER, Role.TEAM_LEADER)


def can_view_plan(user, center: Center) -> bool:
    if is_admin(user):
        return True
    me = person_of(user)
    return me is not None and me.active and has_role(user, *PLAN_VIEWERS) and me.center_id == center.pk


def can_generate_plan(user, center: Center) -> bool:
    if is_admin(user):
        return True
    me = person_of(user)
    return me is not None and me.active and has_role(user, *PLAN_MAKERS) and me.center_id == center.pk


def visible_centers(user) -> QuerySet[Center]:
    if is_admin(user):
        return Center.objects.all()
    me = person_of(user)
    if me is None or not has_role(user, *PLAN_VIEWERS):
        return Center.objects.none()
    return Center.objects.filter(pk=me.center_id)


def visible_sessions(user) -> QuerySet[Session]:
    """Sessions (drafts included) this user may read: monitors their agents' and their own, managers,
    trainers and team leaders their people's, agents their own. Workforce planners none — they plan
    staff, not quality (issue 10 finding 5)."""
    q = agent_filter(user, "agent")
    me = person_of(user)
    if q is None or (me is not None and me.role == Role.PLANNER and not is_admin(user)):
        return Session.objects.none()
    if me is not None and me.role == Role.QA_MONITOR and not is_admin(user):
        q = q | Q(monitor=me)
        return Session.objects.filter(q).distinct()
    return Session.objects.filter(q)


def can_score(user, session: Session) -> bool:
    """The session's own monitor (or an administrator) scores it; a submitted session is read-only
    for everybody except through a versioned change."""
    if is_admin(user):
        return True
    me = person_of(user)
    if me is None or session.monitor_id != me.pk:
        return False
    if me.role == Role.QA_MONITOR:
        return True
    return me.role == Role.MANAGER and session.purpose != Purpose.REGIME  # a manager's five-methods session


def can_start_adhoc(user, agent: Person) -> bool:
    """Five-methods sessions (§9): a manager over an active agent of their own center, a QA monitor
    over the agents assigned to them (not the rest of the center); an administrator over anyone."""
    if is_admin(user):
        return True
    me = person_of(user)
    if me is None or not me.active or me.role not in (Role.QA_MONITOR, Role.MANAGER):
        return False
    if agent.role != Role.AGENT or not agent.active:
        return False
    if me.role == Role.MANAGER:
        return agent.center_id == me.center_id
    return agent.monitors.filter(pk=me.pk).exists()


def can_start_slot(user, slot: PlanSlot) -> bool:
    if is_admin(user):
        return True
    me = person_of(user)
    return me is not None and me.role == Role.QA_MONITOR and slot.monitor_id == me.pk


def can_build_forms(user) -> bool:
    return has_role(user, Role.MANAGER)


def can_view_scores(user) -> bool:
    """The score overview (many agents); agents use their own page."""
    return has_role(user, *SCORE_VIEWERS)


# --- policy settings (weights, shortest recording, rotation anchor, holiday table) ----------------


def can_view_settings(user) -> bool:
    """Managers (their center and the global rows) and administrators; holidays also planners."""
    return has_role(user, Role.MANAGER)


def can_edit_settings(user, center: Center | None) -> bool:
    """A manager edits their own center's settings; the global ones (``center`` None) only an
    administrator."""
    if is_admin(user):
        return True
    if center is None:
        return False
    me = person_of(user)
    return me is not None and me.active and me.role == Role.MANAGER and me.center_id == center.pk


def can_view_holidays(user) -> bool:
    return has_role(user, Role.MANAGER, Role.PLANNER)


def can_edit_holidays(user) -> bool:
    """The holiday table is shared by every center: administrators only."""
    return is_admin(user)
