"""REST API of the monitoring regime (§3, §10): plans, sessions and monthly scores, same rules as the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from hotline.core.periods import Period
from hotline.org.access import visible_people
from hotline.org.models import Center, Role

from . import access, services
from .selectors import monthly_scores

router = Router(tags=["quality"])


class SlotOut(Schema):
    id: int
    agent: str
    monitor: str | None
    kind: str
    date: dt.date | None
    half: str
    status: str
    session: int | None


class PlanOut(Schema):
    center: str
    period: str
    generated_at: dt.datetime
    warnings: list[str]
    slots: list[SlotOut]


class EvaluationOut(Schema):
    order: int
    call_id: str | None
    criterion: str | None
    score: float | None
    critical_failed: list[str]
    strengths: str
    improvements: str
    version: int


class SessionOut(Schema):
    id: int
    kind: str
    agent: str
    monitor: str
    period: str
    date: dt.date
    status: str
    score: float | None
    evaluations: list[EvaluationOut]


class MonthOut(Schema):
    agent: str
    month: str
    score: float | None
    recording_mean: float | None
    live_mean: float | None
    incomplete: bool


def _plan_out(plan) -> dict:
    slots = plan.slots.select_related("agent", "monitor")
    return {
        "center": plan.center.code, "period": plan.period, "generated_at": plan.generated_at,
        "warnings": list(plan.warnings),
        "slots": [
            {"id": s.pk, "agent": s.agent.work_number, "monitor": s.monitor.work_number if s.monitor else None,
             "kind": s.kind, "date": s.date, "half": s.half, "status": s.status, "session": s.session_id}
            for s in slots
        ],
    }  # fmt: skip


def _center(request, code: str) -> Center:
    center = get_object_or_404(Center, code=code)
    if not access.can_view_plan(request.user, center):
        raise PermissionDenied
    return center


@router.get("/plans/{center}/{period}", response=PlanOut)
def get_plan(request, center: str, period: str):
    """A center's monitoring plan of a half-month (YYYY-MM-H1|H2)."""
    c = _center(request, center)
    return _plan_out(get_object_or_404(c.monitoring_plans, period=str(Period.parse(period))))


@router.post("/plans/{center}/{period}", response=PlanOut)
def generate_plan(request, center: str, period: str):
    """Generate or re-generate the plan (sessions already held keep their slots)."""
    c = _center(request, center)
    if not access.can_generate_plan(request.user, c):
        raise PermissionDenied
    return _plan_out(services.plan_generate(center=c, period=Period.parse(period), actor=request.user))


@router.get("/sessions/{session_id}", response=SessionOut)
def get_session(request, session_id: int):
    """One session with its evaluations (an agent: their own submitted sessions only)."""
    s = get_object_or_404(
        access.visible_sessions(request.user).select_related("agent", "monitor"), pk=session_id
    )
    if not s.submitted and not access.can_score(request.user, s):
        raise Http404
    picks = {p.call_id: p.criterion for p in s.picks.all()}
    return {
        "id": s.pk, "kind": s.kind, "agent": s.agent.work_number, "monitor": s.monitor.work_number,
        "period": s.period, "date": s.date, "status": s.status, "score": s.score,
        "evaluations": [
            {"order": e.order, "call_id": e.call.call_id if e.call else None, "criterion": picks.get(e.call_id),
             "score": e.score, "critical_failed": e.critical_failed, "strengths": e.strengths,
             "improvements": e.improvements, "version": e.version}
            for e in s.evaluations.select_related("call")
        ],
    }  # fmt: skip


@router.get("/scores/{month}", response=list[MonthOut])
def get_scores(request, month: str):
    """Monthly service-quality scores (YYYY-MM) of the agents the caller may see."""
    y, m = (int(x) for x in month.split("-"))
    agents = visible_people(request.user).filter(role=Role.AGENT, active=True)
    return [
        {"agent": r.agent.work_number, "month": r.month, "score": r.result.score,
         "recording_mean": r.result.recording_mean, "live_mean": r.result.live_mean,
         "incomplete": r.result.incomplete}
        for r in monthly_scores(list(agents), y, m)
    ]  # fmt: skip
