"""Who may use automatic inspection (§8, §1): QA monitors (their agents' calls), managers (their
center), administrators (all). Agents and everyone else never see inspection results."""

from __future__ import annotations

from django.db.models import QuerySet

from hotline.calls.access import visible_calls
from hotline.org.access import has_role, is_admin, person_of
from hotline.org.models import Center, Role

from .models import CallInspection, InspectionRun

READERS = (Role.QA_MONITOR, Role.MANAGER)


def can_view_inspection(user) -> bool:
    return has_role(user, *READERS)


def can_run_inspection(user) -> bool:
    """Start runs and import transcripts: managers and administrators."""
    return has_role(user, Role.MANAGER)


def can_set_risk_policy(user, center: Center | None) -> bool:
    """A center's risk-based sampling policy: its managers and administrators (no global rows)."""
    return (
        center is not None
        and can_run_inspection(user)
        and inspection_centers(user).filter(pk=center.pk).exists()
    )


def can_edit_rule_pack(user, center: Center | None) -> bool:
    """A center's inspection rule pack: the same people as its risk policy (its managers, admins)."""
    return can_set_risk_policy(user, center)


def inspection_centers(user) -> QuerySet[Center]:
    if is_admin(user):
        return Center.objects.all()
    me = person_of(user)
    if me is None or not can_view_inspection(user):
        return Center.objects.none()
    return Center.objects.filter(pk=me.center_id)


def visible_runs(user) -> QuerySet[InspectionRun]:
    return InspectionRun.objects.filter(center__in=inspection_centers(user))


def inspectable_calls(user):
    """The calls whose inspection results this user may see."""
    if not can_view_inspection(user):
        return visible_calls(None)
    return visible_calls(user)


def visible_inspections(user) -> QuerySet[CallInspection]:
    if not can_view_inspection(user):
        return CallInspection.objects.none()
    return CallInspection.objects.filter(call__in=visible_calls(user).values("pk"))
