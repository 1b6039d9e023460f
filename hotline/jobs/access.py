"""Who may follow a job's progress: an administrator; the person who started it; and, in the job's
center, the roles its kind names (e.g. managers for an inspection run). Anyone else gets a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hotline.org.access import is_admin, person_of

from . import registry
from .models import Job


def visible_jobs(user) -> QuerySet[Job]:
    if user is None or not user.is_authenticated:
        return Job.objects.none()
    if is_admin(user):
        return Job.objects.all()
    me = person_of(user)
    if me is None or not me.active:
        return Job.objects.filter(created_by=user)
    kinds = registry.kinds_for_role(me.role)
    return Job.objects.filter(
        Q(created_by=user) | Q(kind__in=kinds, center_id=me.center_id, center__isnull=False)
    )
