"""REST API: analyses (监听分析表) and their approval workflow, downloads, training plan, library and
evaluator consistency (§3.7, §4). Part of the feedback router (see ``api.py``)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from hotline.apitypes import Id
from hotline.org.access import is_admin, person_of
from hotline.org.models import Person

from .. import access, selectors
from ..api.common import Problem, me_of, refused, wn
from ..models import Analysis
from ..services import FeedbackError
from ..services.analysis import analysis_create, analysis_edit, analysis_transition, training_update
from ..views import analysis as views_analysis

router = Router(tags=["feedback"])
BASE = "/api/feedback"


class AnalysisIn(Schema):
    scope: str = "half"  # "half" (YYYY-MM-H1|H2) or "month" (YYYY-MM)
    period: str


class AnalysisTextsIn(Schema):
    common_problems: str | None = None
    strengths: str | None = None
    proposed_training: str | None = None


class CommentIn(Schema):
    comment: str = ""


class AnalysisOut(Schema):
    id: int
    center: str
    monitor: str
    scope: str
    period: str
    status: str
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    overdue: bool
    decided_at: dt.datetime | None
    decided_by: str | None
    comment: str
    common_problems: str
    strengths: str
    proposed_training: str
    can_edit: bool
    can_decide: bool
    links: dict[str, str]


class AnalysisDetail(AnalysisOut):
    data: dict


def _analysis_out(request, a: Analysis, detail: bool = False) -> dict:
    from django.utils import timezone

    editable = a.status in (Analysis.Status.DRAFT, Analysis.Status.RETURNED)
    out = {
        "id": a.pk, "center": a.center.code, "monitor": a.monitor.work_number, "scope": a.scope,
        "period": a.period, "status": a.status, "submitted_at": a.submitted_at, "due_at": a.due_at,
        "overdue": bool(a.status == Analysis.Status.SUBMITTED and a.due_at and a.due_at < timezone.now()),
        "decided_at": a.decided_at, "decided_by": wn(a.decided_by), "comment": a.comment,
        "common_problems": a.common_problems, "strengths": a.strengths, "proposed_training": a.proposed_training,
        "can_edit": access.can_edit_analysis(request.user, a) and editable,
        "can_decide": access.can_decide_analysis(request.user, a) and a.status == Analysis.Status.SUBMITTED,
        "links": {k: f"{BASE}/analyses/{a.pk}/{k.replace('_', '/')}"
                  for k in ("xlsx", "pdf", "records_xlsx", "records_pdf")},
    }  # fmt: skip
    if detail:
        out["data"] = a.data or {}
    return out


def _analyses(request):
    return access.visible_analyses(request.user).select_related("monitor", "center", "decided_by")


def _may_list(request, qs) -> None:
    """As the page: writers, deciders, and whoever has an analysis to read."""
    if not (access.can_write_analysis(request.user) or access.sees_overdue(request.user) or qs.exists()):
        raise PermissionDenied


@router.get("/analyses", response=list[AnalysisOut])
def list_analyses(request, status: str = "", overdue: bool = False):
    """Analyses you may read (``?status=submitted``, ``?overdue=true`` for the late ones)."""
    qs = _analyses(request)
    _may_list(request, qs)
    if overdue:
        qs = selectors.overdue_analyses(qs)
    if status:
        qs = qs.filter(status=status)
    return [_analysis_out(request, a) for a in qs[:500]]


@router.post("/analyses", response={200: AnalysisDetail, 400: Problem})
def create_analysis(request, data: AnalysisIn):
    """A QA monitor creates (or, while a draft or returned, recomputes) their analysis of a period."""
    me = me_of(request)
    if not access.can_write_analysis(request.user):
        raise PermissionDenied
    try:
        a = analysis_create(
            center=me.center, monitor=me, scope=data.scope, period=data.period, actor=request.user
        )
    except FeedbackError as exc:
        raise refused(exc) from exc
    return _analysis_out(request, _analyses(request).get(pk=a.pk), detail=True)


@router.get("/analyses/{analysis_pk}", response=AnalysisDetail)
def get_analysis(request, analysis_pk: Id):
    """One analysis with its figures: per-agent scores and trend, item Pareto, records, training."""
    return _analysis_out(request, get_object_or_404(_analyses(request), pk=analysis_pk), detail=True)


@router.patch("/analyses/{analysis_pk}", response={200: AnalysisDetail, 400: Problem})
def edit_analysis(request, analysis_pk: Id, data: AnalysisTextsIn):
    """The writer edits the texts (common problems, strengths, proposed training) before submitting."""
    a = get_object_or_404(_analyses(request), pk=analysis_pk)
    if not access.can_edit_analysis(request.user, a):
        raise PermissionDenied
    try:
        analysis_edit(analysis=a, actor=request.user, **data.dict(exclude_unset=True))
    except FeedbackError as exc:
        raise refused(exc) from exc
    return _analysis_out(request, _analyses(request).get(pk=a.pk), detail=True)


def _transition(request, analysis_pk: Id, action: str, comment: str = "") -> dict:
    a = get_object_or_404(_analyses(request), pk=analysis_pk)
    allowed = access.can_edit_analysis if action == "submit" else access.can_decide_analysis
    if not allowed(request.user, a):
        raise PermissionDenied
    try:
        analysis_transition(analysis=a, action=action, by=me_of(request), comment=comment, actor=request.user)
    except FeedbackError as exc:
        raise refused(exc) from exc
    return _analysis_out(request, _analyses(request).get(pk=a.pk))


@router.post("/analyses/{analysis_pk}/submit", response={200: AnalysisOut, 400: Problem})
def submit_analysis(request, analysis_pk: Id):
    """The writer submits (a draft, or a returned one) for approval; the figures are frozen."""
    return _transition(request, analysis_pk, "submit")


@router.post("/analyses/{analysis_pk}/approve", response={200: AnalysisOut, 400: Problem})
def approve_analysis(request, analysis_pk: Id, data: CommentIn | None = None):
    """A manager of the center approves: each agent gets their results in the inbox."""
    return _transition(request, analysis_pk, "approve", data.comment if data else "")


@router.post("/analyses/{analysis_pk}/return", response={200: AnalysisOut, 400: Problem})
def return_analysis(request, analysis_pk: Id, data: CommentIn):
    """A manager of the center returns it to the writer; a comment is required."""
    return _transition(request, analysis_pk, "return", data.comment)


# The downloads are the pages' own responses (same file names and content types).
@router.get("/analyses/{analysis_pk}/xlsx")
def analysis_xlsx(request, analysis_pk: Id):
    return views_analysis.analysis_xlsx.__wrapped__(request, analysis_pk)


@router.get("/analyses/{analysis_pk}/pdf")
def analysis_pdf(request, analysis_pk: Id):
    return views_analysis.analysis_pdf.__wrapped__(request, analysis_pk)


@router.get("/analyses/{analysis_pk}/records/xlsx")
def records_xlsx(request, analysis_pk: Id):
    """电话监控记录表 as XLSX."""
    return views_analysis.records_xlsx.__wrapped__(request, analysis_pk)


@router.get("/analyses/{analysis_pk}/records/pdf")
def records_pdf(request, analysis_pk: Id):
    return views_analysis.records_pdf.__wrapped__(request, analysis_pk)


# ---------------------------------------------------------------------------------------- training


class TrainingOut(Schema):
    id: int
    period: str
    item_key: str
    topic: str
    agents: list[str]
    failure_rate: float
    due_date: dt.date
    trainer: str | None
    done: bool
    analysis: int | None


class ProgressRowOut(Schema):
    work_number: str
    name: str
    rates: list[float | None]
    improved: bool | None


class TrainingDetail(TrainingOut):
    periods: list[str]
    progress: list[ProgressRowOut]


class TrainingIn(Schema):
    trainer: str | None = None  # work number
    due_date: dt.date | None = None
    done: bool | None = None
    topic: str | None = None


def _training(request):
    if not access.can_see_training(request.user):
        raise PermissionDenied
    return access.visible_training(request.user).select_related("trainer").prefetch_related("agents")


def _training_out(e, detail: bool = False) -> dict:
    out = {
        "id": e.pk, "period": e.period, "item_key": e.item_key, "topic": e.topic,
        "agents": sorted(a.work_number for a in e.agents.all()), "failure_rate": e.failure_rate,
        "due_date": e.due_date, "trainer": wn(e.trainer), "done": e.done, "analysis": e.analysis_id,
    }  # fmt: skip
    if detail:
        prog = selectors.training_progress(e)
        out["periods"] = prog["periods"]
        out["progress"] = [dict(r, rates=list(r["rates"])) for r in prog["rows"]]
    return out


@router.get("/training", response=list[TrainingOut])
def list_training(request, done: bool | None = None):
    """Training-plan entries of your center (trainers, managers, QA monitors, team leaders)."""
    qs = _training(request)
    if done is not None:
        qs = qs.filter(done=done)
    return [_training_out(e) for e in qs[:500]]


@router.get("/training/{entry_pk}", response=TrainingDetail)
def get_training(request, entry_pk: Id):
    """One entry with its agents' failure rate on the item in the following half-months."""
    return _training_out(get_object_or_404(_training(request), pk=entry_pk), detail=True)


@router.patch("/training/{entry_pk}", response={200: TrainingDetail, 400: Problem})
def update_training(request, entry_pk: Id, data: TrainingIn):
    """Trainers and managers set the trainer, the due date, the topic or mark it done."""
    e = get_object_or_404(_training(request), pk=entry_pk)
    if not access.can_plan_training(request.user):
        raise PermissionDenied
    trainer = None
    if data.trainer:
        trainer = Person.objects.filter(work_number=data.trainer, center_id=e.center_id, active=True).first()
        if trainer is None:
            raise refused(FeedbackError(f"trainer: no active person {data.trainer} in this center"))
    try:
        training_update(entry=e, trainer=trainer, due_date=data.due_date, done=data.done, topic=data.topic,
                        actor=request.user)  # fmt: skip
    except FeedbackError as exc:
        raise refused(exc) from exc
    return _training_out(_training(request).get(pk=e.pk), detail=True)


class FlagOut(Schema):
    id: int
    kind: str
    reason: str
    marks: list
    call_id: str
    agent: str | None
    by: str
    evaluation: int | None
    created_at: dt.datetime


@router.get("/library", response=list[FlagOut])
def training_library(request, q: str = "", kind: str = ""):
    """The training library: recordings flagged excellent or poor, with reason and time marks."""
    if not access.can_see_training(request.user):
        raise PermissionDenied
    me = person_of(request.user)
    center = None if is_admin(request.user) or me is None else me.center
    return [
        {"id": f.pk, "kind": f.kind, "reason": f.reason, "marks": list(f.marks or []),
         "call_id": f.recording.call.call_id, "agent": wn(f.recording.call.agent), "by": f.by.work_number,
         "evaluation": f.evaluation_id, "created_at": f.created_at}
        for f in selectors.training_library(q.strip(), kind, center)[:200]
    ]  # fmt: skip


# ------------------------------------------------------------------------------------- consistency


class ConsistencyOut(Schema):
    evaluator: str  # name, as on the page
    month: str
    n: int
    mean: float
    sd: float
    leniency: float | None


@router.get("/consistency", response=list[ConsistencyOut])
def consistency(request):
    """Each evaluator's monthly mean, spread and leniency against peers (managers, trainers)."""
    if not access.can_see_consistency(request.user):
        raise PermissionDenied
    q = Q() if is_admin(request.user) else Q(session__agent__center_id=me_of(request).center_id)
    return [
        {"evaluator": r.evaluator, "month": r.month, "n": r.n, "mean": r.mean, "sd": r.sd, "leniency": r.leniency}
        for r in selectors.consistency_rows(q)
    ]  # fmt: skip
