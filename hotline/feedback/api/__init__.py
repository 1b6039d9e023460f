"""REST API of the feedback loop (SPEC §3.7, §4, §10): what the feedback pages do, through the same
services and the same access rules (``access.py``). Mounted at ``/api/feedback``.

- inbox: your own messages and quality alerts, the unread count, acknowledgement; urgent pushes
  (QA monitors, team leaders, managers) to agents they may reach or to a team; webhook failures
  and retries (managers);
- disputes: an agent's own published evaluations with their deadline, open a dispute, list
  (``?box=mine|review``), read one with its score versions, assign a reviewer (manager), decide
  (the assigned reviewer only — never the evaluator); dispute rates and retaliation flags (managers);
- analyses (监听分析表): list, create/refresh, edit texts, submit, approve, return with a comment;
  XLSX and PDF of the analysis and of the record table (电话监控记录表);
- training-plan entries (list, one with the following periods' results, update) and the library;
- calibration sessions: list, create, one (your own scores), results only once everyone submitted,
  submit your scores, close; certification: gold sets, attempts (start, answer, finish);
- evaluator consistency per month (managers, trainers).

A refused rule of the workflow answers 400 with ``{"detail": "<the service's message>"}``; the wrong
role 403; someone else's object (or one you may not see) 404. People are named by work number.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from hotline.apitypes import Id
from hotline.core.errors import Forbidden, InvalidInput, gettext_noop
from hotline.org.access import is_admin, person_of, require_agent
from hotline.org.models import Person, Role
from hotline.quality import access as quality_access
from hotline.quality.models import Evaluation, EvaluationVersion

from .. import access, selectors, services
from ..api.common import Problem
from ..api.common import me_of as _me
from ..api.common import refused as _refused
from ..api.common import wn as _wn
from ..models import Dispute, WebhookDelivery
from ..services import FeedbackError
from ..services.disputes import (
    dispute_assign,
    dispute_deadlines,
    dispute_decide,
    dispute_open,
)

router = Router(tags=["feedback"])
PREFIX = "/api/feedback"


# ------------------------------------------------------------------------------------------- inbox


class InboxItemOut(Schema):
    id: int
    source: str  # "message" or "alert" (a quality alert of the agent)
    kind: str
    kind_label: str
    title: str
    body: str
    at: dt.datetime
    read: bool
    acknowledged: bool


class MessageOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    data: dict
    sender: str | None
    analysis: int | None
    created_at: dt.datetime
    read_at: dt.datetime | None
    acknowledged_at: dt.datetime | None


class UnreadOut(Schema):
    unread: int


class PushIn(Schema):
    title: str
    body: str = ""
    agents: list[str] = []  # work numbers
    team: Id | None = None


class PushOut(Schema):
    sent: int
    recipients: list[str]


def _message_out(m) -> dict:
    return {
        "id": m.pk, "kind": m.kind, "title": m.heading(), "body": m.text(), "data": m.data or {},
        "sender": _wn(m.sender), "analysis": m.analysis_id, "created_at": m.created_at,
        "read_at": m.read_at, "acknowledged_at": m.acknowledged_at,
    }  # fmt: skip


@router.get("/inbox", response=list[InboxItemOut])
def list_inbox(request):
    """Your own inbox: messages and quality alerts, newest first."""
    me = _me(request)
    return [
        {"id": i.message.pk, "source": "alert" if i.alert else "message", "kind": i.kind,
         "kind_label": str(i.kind_label), "title": i.title, "body": i.body, "at": i.at, "read": i.read,
         "acknowledged": i.acknowledged}
        for i in selectors.inbox_items(me, access.my_messages(request.user))
    ]  # fmt: skip


@router.get("/inbox/unread", response=UnreadOut)
def inbox_unread(request):
    return {"unread": selectors.unread_count(_me(request))}


@router.get("/inbox/messages/{message_pk}", response=MessageOut)
def get_message(request, message_pk: Id):
    """One of your messages (marked read, as on the page)."""
    m = get_object_or_404(access.my_messages(request.user).select_related("sender"), pk=message_pk)
    return _message_out(services.message_read(message=m))


@router.post("/inbox/messages/{message_pk}/ack", response=MessageOut)
def acknowledge_message(request, message_pk: Id):
    m = get_object_or_404(access.my_messages(request.user).select_related("sender"), pk=message_pk)
    return _message_out(services.message_acknowledge(message=m, actor=request.user))


@router.post("/inbox/alerts/{alert_pk}/ack", response=UnreadOut)
def acknowledge_alert(request, alert_pk: Id):
    me = _me(request)
    services.alert_acknowledge(alert=get_object_or_404(access.my_alerts(request.user), pk=alert_pk))
    return {"unread": selectors.unread_count(me)}


@router.post("/push", response={200: PushOut, 400: Problem})
def push(request, data: PushIn):
    """An urgent message to agents (work numbers) and/or a whole team, at once."""
    if not access.can_push(request.user):
        raise PermissionDenied
    me = _me(request)
    allowed = access.push_agents(request.user)
    chosen = list(allowed.filter(work_number__in=data.agents))
    missing = sorted(set(data.agents) - {a.work_number for a in chosen})
    if missing:
        raise Forbidden(
            gettext_noop("无权向这些座席员推送：%(agents)s"),
            field="agents",
            params={"agents": ", ".join(missing)},
        )
    team = None
    if data.team is not None:
        team = access.push_teams(request.user).filter(pk=data.team).first()
        if team is None:
            raise Forbidden(
                gettext_noop("无权向该班组推送：%(team)s"), field="team", params={"team": data.team}
            )
    try:
        rows = services.urgent_push(sender=me, title=data.title, body=data.body, agents=chosen, team=team,
                                    actor=request.user)  # fmt: skip
    except FeedbackError as exc:
        raise _refused(exc) from exc
    return {"sent": len(rows), "recipients": sorted(m.recipient.work_number for m in rows)}


class DeliveryOut(Schema):
    id: int
    message: int
    recipient: str
    url: str
    status: str
    attempts: int
    last_error: str
    next_attempt_at: dt.datetime | None
    delivered_at: dt.datetime | None


def _deliveries(request):
    if not access.can_see_webhooks(request.user):
        raise PermissionDenied
    qs = WebhookDelivery.objects.select_related("message__recipient")
    if not is_admin(request.user):
        qs = qs.filter(message__recipient__center_id=_me(request).center_id)
    return qs


def _delivery_out(d) -> dict:
    return {
        "id": d.pk, "message": d.message_id, "recipient": d.message.recipient.work_number, "url": d.url,
        "status": d.status, "attempts": d.attempts, "last_error": d.last_error,
        "next_attempt_at": d.next_attempt_at, "delivered_at": d.delivered_at,
    }  # fmt: skip


@router.get("/webhooks", response=list[DeliveryOut])
def list_webhooks(request, status: str = ""):
    """Outgoing webhook deliveries of your center (``?status=pending|sent|failed``)."""
    qs = _deliveries(request)
    if status:
        qs = qs.filter(status=status)
    return [_delivery_out(d) for d in qs[:500]]


@router.post("/webhooks/{delivery_pk}/retry", response=DeliveryOut)
def retry_webhook(request, delivery_pk: Id):
    d = get_object_or_404(_deliveries(request), pk=delivery_pk)
    services.webhook_retry(delivery=d, actor=request.user)
    d.refresh_from_db()
    return _delivery_out(d)


# ---------------------------------------------------------------------------------------- disputes


class MyEvaluationOut(Schema):
    evaluation: int
    session: int
    kind: str
    period: str
    date: dt.date
    call_id: str | None
    monitor: str
    score: float | None
    version: int
    deadline: dt.date | None
    disputed: bool


class DisputeIn(Schema):
    evaluation: Id
    reason: str
    items: list[str] = []  # item keys; empty = the whole evaluation


class VersionOut(Schema):
    version: int
    score: float
    answers: dict
    critical_failed: list[str]
    at: dt.datetime
    reason: str


class DisputeOut(Schema):
    id: int
    evaluation: int
    agent: str
    evaluator: str
    reviewer: str | None
    items: list[str]
    reason: str
    status: str
    explanation: str
    score_before: float | None
    score_after: float | None
    version_before: int | None
    version_after: int | None
    opened_at: dt.datetime
    deadline: dt.date | None
    decided_at: dt.datetime | None
    can_decide: bool
    versions: list[VersionOut] = []


class AssignIn(Schema):
    reviewer: str  # work number


class DecideIn(Schema):
    outcome: str  # "upheld" or "adjusted"
    explanation: str
    answers: dict[str, str] = {}  # item key → new answer (adjusted)
    comments: dict[str, str] = {}


class RateOut(Schema):
    id: int  # the evaluator's person id
    evaluator: str
    name: str
    evaluations: int
    disputes: int
    dispute_rate: float | None
    decided: int
    overturned: int
    overturn_rate: float | None


class FlagOut(Schema):
    dispute: int
    agent: str
    evaluator: str
    flagged: bool
    before: float | None
    after: float | None
    drop: float | None
    control_change: float


class RatesOut(Schema):
    rates: list[RateOut]
    flags: list[FlagOut]


def _dispute_out(request, d: Dispute, versions: bool = False) -> dict:
    out = {
        "id": d.pk, "evaluation": d.evaluation_id, "agent": d.agent.work_number,
        "evaluator": d.evaluator.work_number, "reviewer": _wn(d.reviewer), "items": list(d.items),
        "reason": d.reason, "status": d.status, "explanation": d.explanation, "score_before": d.score_before,
        "score_after": d.score_after, "version_before": d.version_before, "version_after": d.version_after,
        "opened_at": d.opened_at, "deadline": d.deadline, "decided_at": d.decided_at,
        "can_decide": access.can_decide_dispute(request.user, d) and d.status == Dispute.Status.OPEN,
    }  # fmt: skip
    if versions:
        out["versions"] = [
            {"version": v.version, "score": v.score, "answers": v.answers, "critical_failed": v.critical_failed,
             "at": v.at, "reason": v.reason}
            for v in EvaluationVersion.objects.filter(evaluation_id=d.evaluation_id).order_by("version")
        ]  # fmt: skip
    return out


def _disputes(request):
    return access.visible_disputes(request.user).select_related("agent", "evaluator", "reviewer")


@router.get("/evaluations", response=list[MyEvaluationOut])
def my_evaluations(request):
    """An agent's own published evaluations, each with its dispute deadline."""
    me = require_agent(request.user)
    disputed = set(Dispute.objects.filter(agent=me).values_list("evaluation_id", flat=True))
    evs = selectors.agent_evaluations(me)
    deadlines = dispute_deadlines(evs)
    return [
        {"evaluation": e.pk, "session": e.session_id, "kind": e.session.kind, "period": e.session.period,
         "date": e.session.date, "call_id": e.call.call_id if e.call else None,
         "monitor": e.session.monitor.work_number, "score": e.score, "version": e.version,
         "deadline": deadlines[e.pk], "disputed": e.pk in disputed}
        for e in evs
    ]  # fmt: skip


@router.post("/disputes", response={200: DisputeOut, 400: Problem})
def open_dispute(request, data: DisputeIn):
    """An agent disputes their own published evaluation (whole, or some items) within the window."""
    ev = get_object_or_404(quality_access.visible_sessions(request.user), evaluations__pk=data.evaluation)
    ev = Evaluation.objects.select_related("session").get(pk=data.evaluation, session=ev)
    if not access.can_open_dispute(request.user, ev):
        raise PermissionDenied
    try:
        d = dispute_open(evaluation=ev, agent=_me(request), reason=data.reason, items=data.items,
                         actor=request.user)  # fmt: skip
    except FeedbackError as exc:
        raise _refused(exc) from exc
    return _dispute_out(request, _disputes(request).get(pk=d.pk), versions=True)


@router.get("/disputes", response=list[DisputeOut])
def list_disputes(request, box: str = "", status: str = ""):
    """Disputes you may see; ``box=mine`` (opened by you) or ``box=review`` (assigned to you)."""
    qs = _disputes(request)
    me = person_of(request.user)
    if box == "mine":
        qs = qs.filter(agent=me)
    elif box == "review":
        qs = qs.filter(reviewer=me)
    elif box:
        raise InvalidInput(gettext_noop("参数 box 应为 mine 或 review"), field="box")
    if status:
        qs = qs.filter(status=status)
    return [_dispute_out(request, d) for d in qs[:500]]


@router.get("/disputes/rates", response=RatesOut)
def dispute_rates(request):
    """Per evaluator dispute and overturn rates, and the §4 retaliation flag per dispute (managers)."""
    if not access.can_see_rates(request.user):
        raise PermissionDenied
    people = Person.objects.filter(role__in=[Role.QA_MONITOR, Role.MANAGER])
    center_id = None
    if not is_admin(request.user):
        center_id = _me(request).center_id
        people = people.filter(center_id=center_id)
    rates = [
        {"id": r["person"].pk, "evaluator": r["person"].work_number, "name": r["person"].name,
         **{k: r[k] for k in ("evaluations", "disputes", "dispute_rate", "decided", "overturned", "overturn_rate")}}
        for r in selectors.evaluator_rates(people, center_id=center_id)
    ]  # fmt: skip
    flags = [
        {"dispute": f["dispute"].pk, "agent": f["dispute"].agent.work_number,
         "evaluator": f["dispute"].evaluator.work_number, "flagged": f["result"].flagged,
         "before": f["result"].before, "after": f["result"].after, "drop": f["result"].drop,
         "control_change": f["result"].control_change}
        for f in selectors.retaliation_flags(_disputes(request))
    ]  # fmt: skip
    return {"rates": rates, "flags": flags}


@router.get("/disputes/{dispute_pk}", response=DisputeOut)
def get_dispute(request, dispute_pk: Id):
    """One dispute with every score version of its evaluation (the old one stays visible)."""
    return _dispute_out(request, get_object_or_404(_disputes(request), pk=dispute_pk), versions=True)


@router.post("/disputes/{dispute_pk}/assign", response={200: DisputeOut, 400: Problem})
def assign_dispute(request, dispute_pk: Id, data: AssignIn):
    """A manager (re)assigns the reviewer — never the original evaluator."""
    d = get_object_or_404(_disputes(request), pk=dispute_pk)
    if not access.can_assign_reviewer(request.user, d):
        raise PermissionDenied
    reviewer = Person.objects.filter(work_number=data.reviewer, active=True).first()
    if reviewer is None:
        raise InvalidInput(
            gettext_noop("没有工号为 %(wn)s 的在职人员"), field="reviewer", params={"wn": data.reviewer}
        )
    try:
        dispute_assign(dispute=d, reviewer=reviewer, actor=request.user)
    except FeedbackError as exc:
        raise _refused(exc) from exc
    return _dispute_out(request, _disputes(request).get(pk=d.pk), versions=True)


@router.post("/disputes/{dispute_pk}/decide", response={200: DisputeOut, 400: Problem})
def decide_dispute(request, dispute_pk: Id, data: DecideIn):
    """The assigned reviewer upholds or adjusts (an adjustment is a new score version)."""
    d = get_object_or_404(_disputes(request), pk=dispute_pk)
    if not access.can_decide_dispute(request.user, d):
        raise PermissionDenied
    try:
        dispute_decide(dispute=d, reviewer=_me(request), outcome=data.outcome, explanation=data.explanation,
                       answers=data.answers, comments=data.comments, actor=request.user)  # fmt: skip
    except FeedbackError as exc:
        raise _refused(exc) from exc
    return _dispute_out(request, _disputes(request).get(pk=d.pk), versions=True)


# Analyses, training and consistency; calibration and certification (split by sub-domain).
from ..api.analysis import router as _analysis_router  # noqa: E402
from ..api.calibration import router as _calibration_router  # noqa: E402
from ..api.policies import router as _settings_router  # noqa: E402

router.add_router("", _analysis_router)
router.add_router("", _calibration_router)
router.add_router("", _settings_router)
