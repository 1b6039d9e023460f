"""Who may see which calls and recordings (§1, §2). Views and the API only go through these."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from hotline.org.access import agent_filter, has_role, is_admin, person_of
from hotline.org.models import Role

from .models import Call, ImportBatch, Recording


def calls_filter(user) -> Q | None:
    """The Q of the calls ``user`` may see (None: none), over any model with ``agent`` and ``center``
    (calls, and their rollups ``CallRollup``)."""
    q = agent_filter(user, "agent")
    if q is None:
        return None
    me = person_of(user)
    if me is not None and me.role in (Role.MANAGER, Role.TRAINER, Role.PLANNER) and not is_admin(user):
        # Center-wide roles also see the center's abandoned calls, which have no agent.
        q = q | Q(center_id=me.center_id)
    return q


def visible_calls(user) -> QuerySet[Call]:
    q = calls_filter(user)
    if q is None:
        return Call.objects.none()
    return Call.objects.filter(q)  # agent_filter never joins to many rows (no DISTINCT needed)


def can_hear_recordings(user) -> bool:
    """Planners work with volumes, not conversations; everyone else hears what they may see."""
    r = has_role(user, Role.AGENT, Role.TEAM_LEADER, Role.QA_MONITOR, Role.MANAGER, Role.TRAINER)
    return r


# Hearing grants: an app downstream of calls (feedback's calibration and certification) shares
# particular recordings with particular people. Calls must not import those apps (dependencies run
# org ← calls ← quality ← feedback), so they register a grant here from their AppConfig.ready().
# A grant maps a user to a queryset of Call primary keys (``values("pk")``-like) or None.
RecordingGrant = Callable[[object], "QuerySet | None"]
_RECORDING_GRANTS: dict[str, RecordingGrant] = {}


def register_recording_grant(name: str, grant: RecordingGrant) -> None:
    """Let ``grant(user)`` add calls whose recordings ``user`` may hear (not list, not open). Idempotent."""
    _RECORDING_GRANTS[name] = grant


def visible_recordings(user) -> QuerySet[Recording]:
    """Recordings of the calls ``user`` may see, plus those an app's registered grant shares with them
    (e.g. the calls of a calibration session its participants score). Granting hearing never widens
    :func:`visible_calls`: the search, the call page and the lists are unchanged."""
    if not can_hear_recordings(user):
        return Recording.objects.none()
    q = Q(call__in=visible_calls(user).values("pk"))
    for grant in _RECORDING_GRANTS.values():
        shared = grant(user)
        if shared is not None:
            q |= Q(call__in=shared)
    return Recording.objects.filter(q)


def can_comment(user) -> bool:
    return has_role(user, Role.QA_MONITOR, Role.TEAM_LEADER, Role.MANAGER, Role.TRAINER)


def can_import_calls(user) -> bool:
    """Import pages and call uploads: managers and planners of a center, administrators (§10)."""
    return has_role(user, Role.MANAGER, Role.PLANNER)


def can_import_people(user) -> bool:
    """A people file creates logins and sets roles (administrator included): administrators only."""
    return is_admin(user)


def can_index_folder(user) -> bool:
    """Indexing a recordings folder reads the server's disk: administrators only."""
    return is_admin(user)


def import_centers(user) -> set[int] | None:
    """Centers whose calls ``user`` may import (``None``: every center, an administrator)."""
    if is_admin(user):
        return None
    me = person_of(user)
    return {me.center_id} if me is not None and me.center_id else set()


def visible_batches(user) -> QuerySet[ImportBatch]:
    """Import records (§10): an administrator sees all; a manager or planner only the call imports
    started by a (non-administrator) person of their own center — never another center's file names,
    counts or row errors, nor people/recordings imports (administrators' work) or command-line runs."""
    if is_admin(user):
        return ImportBatch.objects.all()
    me = person_of(user)
    if me is None or not me.center_id or not can_import_calls(user):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(
        kind=ImportBatch.Kind.CALLS,
        created_by__person__center_id=me.center_id,
        created_by__is_superuser=False,
    ).exclude(created_by__person__role=Role.ADMIN)
