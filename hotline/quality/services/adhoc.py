"""Ad hoc sessions outside the §3.1 regime: the five-methods rating (录音评定五法, §3.5) that problem
management (§9) asks for on the calls of teams that beat a difficult node's average.

An ad hoc session is a recording session with ``purpose`` other than ``regime``: it is scored on the
same recording session page (same services, same versioned evaluations), it never counts in the §3.6
monthly composite, never fills a plan slot and never takes a call out of the §3.2 sampling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from hotline.calls.models import Call
from hotline.core.periods import Period
from hotline.core.scoring import FIVE_METHODS_FORM
from hotline.org.models import Person, Role
from hotline.org.services import audit_record

from ..models import Evaluation, Kind, Purpose, ScoreForm, Session, SessionPick
from ..services import QualityError, active_form

MAX_CALLS = 5  # a recording session holds five recordings (§3.1)
HOLDERS = (Role.QA_MONITOR, Role.MANAGER, Role.ADMIN)
_FORM_ALIASES = {"five_methods": FIVE_METHODS_FORM.key}


def _form(form_key: str) -> ScoreForm:
    key = _FORM_ALIASES.get(form_key, form_key)
    return active_form(key)


@transaction.atomic
def adhoc_session_start(
    *,
    monitor: Person,
    agent: Person,
    calls: Iterable[Call],
    form_key: str = "five_methods",
    reason: str = "",
    node_path: str = "",
    purpose: str = Purpose.FIVE_METHODS,
    actor=None,
    today: dt.date | None = None,
) -> Session:
    """Open an ad hoc recording session of ``agent`` held by ``monitor`` (a QA monitor or a manager)
    over 1–5 of the agent's recorded calls, one draft evaluation per call on the ``form_key`` form
    (default: the five methods). ``node_path`` is the reason node it was asked for (§9); ``reason``
    says why. Audited."""
    if purpose == Purpose.REGIME:
        raise QualityError("an ad hoc session cannot be a regime session")
    if monitor.role not in HOLDERS or not monitor.active:
        raise QualityError("only an active QA monitor or manager holds an ad hoc session")
    calls = list(dict.fromkeys(calls))
    if not calls:
        raise QualityError("choose at least one call")
    if len(calls) > MAX_CALLS:
        raise QualityError(f"at most {MAX_CALLS} calls")
    ids = [c.pk for c in calls]
    ok = Call.objects.filter(pk__in=ids, agent=agent, recording__isnull=False).count()
    if ok != len(ids):
        raise QualityError("every call must be a recorded call of this agent")
    form = _form(form_key)
    day = today or timezone.localdate()
    session = Session.objects.create(
        kind=Kind.RECORDING, purpose=purpose, agent=agent, monitor=monitor, period=str(Period.of(day)),
        date=day, form=form, node_path=node_path[:200], note=(reason or "").strip()[:300],
    )  # fmt: skip
    for n, call in enumerate(sorted(calls, key=lambda c: (c.started_at or timezone.now(), c.pk)), start=1):
        SessionPick.objects.create(session=session, call=call, criterion=purpose, order=n)
        Evaluation.objects.create(session=session, order=n, call=call, form=form)
    audit_record(
        actor=actor, action="quality.adhoc_session_start", obj=session,
        after={"purpose": purpose, "agent": agent.work_number, "calls": [c.call_id for c in calls],
               "form": f"{form.key} v{form.version}", "node": node_path},
        reason=reason,
    )  # fmt: skip
    return session
