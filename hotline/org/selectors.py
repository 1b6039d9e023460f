"""Reads of the organisation that span relations."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .access import visible_people
from .models import Person, Role


def people_for(user, *, role: str = "", query: str = "") -> QuerySet[Person]:
    qs = visible_people(user).select_related("center", "company", "team")
    if role:
        qs = qs.filter(role=role)
    if query:
        qs = qs.filter(Q(name__contains=query) | Q(work_number__startswith=query))
    return qs.order_by("center__sort_key", "company__sort_key", "sort_key")


def role_counts(user) -> dict[str, int]:
    rows = visible_people(user).order_by().values("role").annotate(n=Count("id", distinct=True))
    labels = dict(Role.choices)
    return {labels.get(r["role"], r["role"]): r["n"] for r in rows}


def agents_of(user) -> QuerySet[Person]:
    return visible_people(user).filter(role=Role.AGENT, active=True)
