"""Who may see KPIs and reports (§1, §7). Built on ``hotline.org.access``.

- dashboards: manager, trainer, planner (their center's calls), team leader (the calls of their
  team's agents), administrator (everything); agents and QA monitors are refused;
- the monthly report: manager, trainer, planner of the center and administrators; only the center's
  manager (or an administrator) writes the commentary;
- the national report (§7, seed 003): administrators and the national role (全国运营管理) see every
  center side by side; a center's manager, trainer or planner sees the same report with their own
  center only. Administrators and the national role write the national texts and define surveys; a
  manager writes their own center's paragraphs and imports survey results of their own center.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hotline.calls.models import Call, CallMonthRollup, CallRollup, CenterMonthRollup, CenterRollup
from hotline.org.access import is_admin, person_of
from hotline.org.models import Center, Role

CENTER_ROLES = (Role.MANAGER, Role.TRAINER, Role.PLANNER)


def kpi_calls(user, center: Center | None, model=Call) -> QuerySet | None:
    """The calls whose KPIs this user may see (None: no dashboards for this user).

    ``model``: ``Call``, or the rollups of those calls — ``CallRollup`` (per agent), or
    ``CenterRollup`` when no agent is needed (a team leader, whose scope is agents, gets
    ``CallRollup`` instead); the same for the month rollups (``CallMonthRollup``/``CenterMonthRollup``).
    """
    if is_admin(user):
        me = None
    else:
        me = person_of(user)
        if me is None or not me.active:
            return None
        if me.role not in (*CENTER_ROLES, Role.NATIONAL) and not (me.role == Role.TEAM_LEADER and me.team_id):
            return None
    if me is not None and me.role == Role.TEAM_LEADER:
        model = {CenterRollup: CallRollup, CenterMonthRollup: CallMonthRollup}.get(model, model)
    qs = model.objects.all() if center is None else model.objects.filter(center=center)
    if me is None or me.role == Role.NATIONAL:  # administrators and national operations: every center
        return qs
    if me.role in CENTER_ROLES:
        return qs.filter(center_id=me.center_id)
    return qs.filter(agent__team_id=me.team_id)


def home_center(user) -> Center | None:
    me = person_of(user)
    return me.center if me is not None else Center.objects.first()


def can_read_report(user, center: Center) -> bool:
    if is_admin(user):
        return True
    me = person_of(user)
    if me is not None and me.active and me.role == Role.NATIONAL:
        return True
    return me is not None and me.active and me.role in CENTER_ROLES and me.center_id == center.pk


def can_write_commentary(user, center: Center) -> bool:
    if is_admin(user):
        return True
    me = person_of(user)
    return me is not None and me.role == Role.MANAGER and me.center_id == center.pk


def can_view_targets(user) -> bool:
    """KPI targets: managers (their center's and the global ones) and administrators (§1: the manager
    owns targets)."""
    return is_admin(user) or (person_of(user) is not None and person_of(user).role == Role.MANAGER)


def can_edit_targets(user, center: Center | None) -> bool:
    """A manager sets their own center's targets; the global ones (``center`` None) only administrators."""
    if is_admin(user):
        return True
    me = person_of(user)
    return (
        center is not None
        and me is not None
        and me.active
        and me.role == Role.MANAGER
        and me.center_id == center.pk
    )


def sees_all_centers(user) -> bool:
    if is_admin(user):
        return True
    me = person_of(user)
    return me is not None and me.active and me.role == Role.NATIONAL


def national_centers(user) -> list[Center] | None:
    """The centers whose numbers this user sees in the national report (None: refused)."""
    if sees_all_centers(user):
        return list(Center.objects.all())
    me = person_of(user)
    if me is not None and me.active and me.role in CENTER_ROLES:
        return [me.center]
    return None


def can_write_national(user, center: Center | None) -> bool:
    """A national text: administrators and the national role any; a manager their center's paragraph
    (the same test as a center's own targets)."""
    return sees_all_centers(user) or (center is not None and can_edit_targets(user, center))


def can_define_surveys(user) -> bool:
    return sees_all_centers(user)


def survey_import_centers(user) -> list[Center] | None:
    """The centers whose survey results this user may import (None: refused)."""
    if sees_all_centers(user):
        return list(Center.objects.all())
    me = person_of(user)
    if me is not None and me.active and me.role == Role.MANAGER:
        return [me.center]
    return None
