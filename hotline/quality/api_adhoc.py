"""REST API of ad hoc sessions (§3.5 five methods asked for by problem management §9, §10), mounted on
the quality router: ``/api/quality/adhoc-sessions``. Same services and rules as the problems node page
(``access.can_start_adhoc``, ``services_adhoc.adhoc_session_start``); the wrong role 403, an agent or a
session one may not see 404, a refused session 400 with the service's message."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Router, Schema, Status

from hotline.apitypes import Id
from hotline.calls.models import Call
from hotline.calls.selectors import calls_on_node
from hotline.core.errors import InvalidInput, NotFound
from hotline.org.access import person_of, visible_people
from hotline.org.models import Person

from . import access
from .models import Purpose, Session
from .services import QualityError
from .services.adhoc import adhoc_session_start

router = Router(tags=["quality"])


class AdhocIn(Schema):
    agent: str  # work number
    calls: list[str]  # call ids (1–5 recorded calls of the agent)
    reason: str = ""
    node_path: str = ""


class AdhocEvaluationOut(Schema):
    id: int
    order: int
    call_id: str | None
    score: float | None
    strengths: str
    improvements: str
    version: int


class AdhocSessionOut(Schema):
    id: int
    purpose: str
    agent: str
    monitor: str
    node_path: str
    reason: str
    form: str
    date: dt.date
    status: str
    score: float | None
    evaluations: list[AdhocEvaluationOut]


def _out(s: Session) -> dict:
    return {
        "id": s.pk, "purpose": s.purpose, "agent": s.agent.work_number, "monitor": s.monitor.work_number,
        "node_path": s.node_path, "reason": s.note, "form": f"{s.form.key} v{s.form.version}", "date": s.date,
        "status": s.status, "score": s.score,
        "evaluations": [
            {"id": e.pk, "order": e.order, "call_id": e.call.call_id if e.call else None, "score": e.score,
             "strengths": e.strengths, "improvements": e.improvements, "version": e.version}
            for e in s.evaluations.select_related("call").order_by("order")
        ],
    }  # fmt: skip


def _visible(request):
    """Ad hoc sessions the caller may see: drafts only for who scores them (as ``get_session``)."""
    qs = access.visible_sessions(request.user).exclude(purpose=Purpose.REGIME)
    return qs.select_related("agent", "monitor", "form")


@router.get("/adhoc-sessions", response=list[AdhocSessionOut])
def list_adhoc(request, agent: str | None = None, node: str | None = None, purpose: str | None = None):
    """Ad hoc sessions (five methods, calibration) of the agents the caller may see, newest first;
    ``node`` keeps those asked for on a reason node or below it."""
    qs = _visible(request).order_by("-date", "-pk")
    if agent:
        qs = qs.filter(agent__work_number=agent)
    if purpose:
        qs = qs.filter(purpose=purpose)
    if node:
        qs = qs.filter(Q(node_path=node) | Q(node_path__startswith=node + "-"))
    return [_out(s) for s in qs[:500] if s.submitted or access.can_score(request.user, s)]


@router.get("/adhoc-sessions/{session_id}", response=AdhocSessionOut)
def get_adhoc(request, session_id: Id):
    s = get_object_or_404(_visible(request), pk=session_id)
    if not s.submitted and not access.can_score(request.user, s):
        raise Http404
    return _out(s)


@router.post("/adhoc-sessions", response={201: AdhocSessionOut})
def start_adhoc(request, payload: AdhocIn):
    """Open a five-methods session of ``agent`` held by the caller (a QA monitor over their center's or
    assigned agents, a manager over their center's, an administrator) on 1–5 of the agent's recorded
    calls; with ``node_path`` the calls must be archived on that node or below it (as on the node page)."""
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    agent = get_object_or_404(Person, work_number=payload.agent)
    if not access.can_start_adhoc(request.user, agent):
        if not visible_people(request.user).filter(pk=agent.pk).exists():
            raise Http404
        raise PermissionDenied
    ids = list(dict.fromkeys(payload.calls))
    calls = Call.objects.filter(agent=agent, call_id__in=ids)
    if calls.count() != len(ids):
        raise NotFound(gettext_lazy("该座席员没有这些通话"), field="calls")
    node = payload.node_path.strip()
    if node and calls.filter(calls_on_node(node)).count() != len(ids):
        raise InvalidInput(gettext_lazy("每个通话都必须归档在该节点或其下级节点"), field="node_path")
    try:
        s = adhoc_session_start(
            monitor=me, agent=agent, calls=list(calls), node_path=node, reason=payload.reason.strip() or node,
            actor=request.user,
        )  # fmt: skip
    except QualityError:
        raise  # a HotlineError: the API's handler answers 400 in the reader's language
    return Status(201, _out(Session.objects.select_related("agent", "monitor", "form").get(pk=s.pk)))
