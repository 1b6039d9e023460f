"""Who may use problem management (§9, §1).

- figures (tree counts, coverage, simple/difficult, teams): managers, trainers and administrators
  over their center (admin: all); QA monitors over their assigned agents' calls; team leaders over
  their own team's calls;
- knowledge base: those, plus agents, may read; managers, QA monitors, trainers and administrators
  write articles;
- the reason tree: managers and administrators save a new version.
Workforce planners have no part in it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hotline.calls.models import Call
from hotline.org.access import has_role, is_admin, person_of
from hotline.org.models import Role

ANALYSTS = (Role.MANAGER, Role.QA_MONITOR, Role.TRAINER, Role.TEAM_LEADER)
KB_EDITORS = (Role.MANAGER, Role.QA_MONITOR, Role.TRAINER)


def can_analyse(user) -> bool:
    return has_role(user, *ANALYSTS)


def can_read_kb(user) -> bool:
    return has_role(user, *ANALYSTS, Role.AGENT)


def can_edit_kb(user) -> bool:
    return has_role(user, *KB_EDITORS)


def can_edit_tree(user) -> bool:
    return has_role(user, Role.MANAGER)


def problem_calls(user) -> QuerySet[Call]:
    """The answered calls whose figures this user may see (none for a role outside ``ANALYSTS``)."""
    qs = Call.objects.filter(abandoned=False)
    if is_admin(user):
        return qs
    me = person_of(user)
    if me is None or not me.active or me.role not in ANALYSTS:
        return Call.objects.none()
    if me.role == Role.TEAM_LEADER:
        return qs.filter(agent__team_id=me.team_id) if me.team_id else Call.objects.none()
    if me.role == Role.QA_MONITOR:  # the agents assigned to them, not the whole center (§3.3)
        return qs.filter(agent__monitors=me)
    return qs.filter(center_id=me.center_id)


# --- knowledge-base links from evaluations and training entries (§9) --------------------------------


def can_link_evaluation(user, evaluation) -> bool:
    """The evaluation's scorer (``quality.access.can_score``) or a KB editor who may see the session."""
    from hotline.quality import access as qa

    if qa.can_score(user, evaluation.session):
        return True
    return can_edit_kb(user) and qa.visible_sessions(user).filter(pk=evaluation.session_id).exists()


def can_link_training(user, entry) -> bool:
    """Who plans training (trainers, managers) on an entry they may see; administrators."""
    from hotline.feedback import access as fa

    return fa.can_plan_training(user) and fa.visible_training(user).filter(pk=entry.pk).exists()


def can_start_five_methods(user) -> bool:
    """QA monitors and managers (and administrators) start five-methods sessions from a node (§9)."""
    return has_role(user, Role.QA_MONITOR, Role.MANAGER)


# --- difficult calls (疑难反馈单) and problem owners (§9) -------------------------------------------

CASE_REPORTERS = (Role.AGENT, Role.TEAM_LEADER, Role.QA_MONITOR)
CASE_HANDLERS = (Role.TEAM_LEADER, Role.QA_MONITOR, Role.MANAGER, Role.TRAINER)


def can_report_case(user) -> bool:
    """Fill in a difficult-call form: agents (the operations manual), team leaders and QA monitors."""
    return has_role(user, *CASE_REPORTERS)


def can_see_cases(user) -> bool:
    """The case list: who files cases and who handles them (not workforce planners)."""
    return has_role(user, *CASE_REPORTERS, *CASE_HANDLERS)


def visible_cases(user):
    """The cases this user may open: administrators all; managers their center's; team leaders their
    team's agents' and the ones they own; everyone else the ones they filed, own or once owned."""
    from django.db.models import Q

    from .models import DifficultCase

    qs = DifficultCase.objects.all()
    if is_admin(user):
        return qs
    me = person_of(user)
    if me is None or not me.active or me.role == Role.PLANNER:
        return qs.none()
    if me.role == Role.MANAGER:
        return qs.filter(center_id=me.center_id)
    mine = Q(reporter=me) | Q(owner=me) | Q(events__to_owner=me)
    if me.role == Role.TEAM_LEADER and me.team_id:
        mine |= Q(reporter__team_id=me.team_id)
    return qs.filter(mine, center_id=me.center_id).distinct()


def can_handle_case(user, case) -> bool:
    """Hand over, answer or note a case: its owner, a manager of its center, an administrator."""
    if is_admin(user):
        return True
    me = person_of(user)
    if me is None or not me.active:
        return False
    return case.owner_id == me.pk or (me.role == Role.MANAGER and me.center_id == case.center_id)


def can_close_case(user, case) -> bool:
    """Close or reopen: who may handle it, and the agent who filed it (the customer was answered)."""
    me = person_of(user)
    return can_handle_case(user, case) or (me is not None and me.pk == case.reporter_id)


def can_set_problem_owners(user, center) -> bool:
    """Name the owners of a center's levels: its managers and administrators."""
    if is_admin(user):
        return True
    me = person_of(user)
    return me is not None and me.active and me.role == Role.MANAGER and me.center_id == center.pk
