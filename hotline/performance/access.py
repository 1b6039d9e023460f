"""Who may see and do what with appraisals (§1, §6). Built on ``hotline.org.access``.

- an agent sees only their own appraisal (another agent's → 404);
- a team leader sees their team's table; a manager (and an administrator) the center's;
- only a manager or administrator signs a month off, re-opens it, or uploads appraisal inputs;
- the rules: a manager adds versions for their own center, an administrator for any center or all;
- "other work": the agent's team leader, a manager of the agent's center, or an administrator enters it;
- dismissal flags: a manager of the center or an administrator sees them (never an automatic action).
"""

from __future__ import annotations

from django.db.models import QuerySet

from hotline.org.access import has_role, is_admin, person_of, visible_people
from hotline.org.models import Person, Role


def appraisable_people(user) -> QuerySet[Person]:
    """The agents whose appraisal this user may read (QA monitors, trainers, planners: none)."""
    me = person_of(user)
    if not is_admin(user) and (me is None or me.role not in (Role.AGENT, Role.TEAM_LEADER, Role.MANAGER)):
        return Person.objects.none()
    return visible_people(user).filter(role=Role.AGENT)


def can_see_tables(user) -> bool:
    return has_role(user, Role.TEAM_LEADER, Role.MANAGER)


def can_sign_off(user, center) -> bool:
    if is_admin(user):
        return True
    me = person_of(user)
    return me is not None and me.role == Role.MANAGER and me.center_id == center.pk


def can_import(user) -> bool:
    return has_role(user, Role.MANAGER)


def can_edit_rules_of(user, center) -> bool:
    """The rules as a policy scope: a center's versions by its manager (or an administrator); the
    global scope (``center`` None) by administrators only."""
    if is_admin(user):
        return True
    me = person_of(user)
    return center is not None and me is not None and me.role == Role.MANAGER and me.center_id == center.pk


def can_view_rules(user) -> bool:
    """The appraisal rule versions: managers (their center's and the global ones) and administrators."""
    return has_role(user, Role.MANAGER)


def can_enter_other_work(user, agent: Person) -> bool:
    if is_admin(user):
        return True
    me = person_of(user)
    if me is None or me.center_id != agent.center_id:
        return False
    if me.role == Role.MANAGER:
        return True
    return me.role == Role.TEAM_LEADER and me.team_id is not None and me.team_id == agent.team_id


def can_see_dismissal_flags(user, center) -> bool:
    return can_sign_off(user, center)
