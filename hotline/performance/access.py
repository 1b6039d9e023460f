"""Who may see and do what with appraisals (§1, §6). Built on ``hotline.org.access``.

- an agent sees only their own appraisal (another agent's → 404);
- a team leader sees their team's table; a manager (and an administrator) the center's;
- only a manager or administrator signs a month off, re-opens it, or uploads appraisal inputs.
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
    """The rules as a policy scope: only the global scope exists, written by administrators."""
    return center is None and can_edit_rules(user)


def can_view_rules(user) -> bool:
    """The appraisal rule versions: managers read them, administrators also write (they are global)."""
    return has_role(user, Role.MANAGER)


def can_edit_rules(user) -> bool:
    return is_admin(user)
