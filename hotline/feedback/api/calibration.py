"""REST API: calibration sessions (blind scoring, results once everyone submitted) and certification
on a gold set (§4). Part of the feedback router (see ``api.py``).

Answers are the quality app's: per item key ``"yes"`` / ``"no"`` / ``"na"`` or a whole number."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Router, Schema, Status

from hotline.apitypes import Id
from hotline.calls.access import visible_calls
from hotline.core.errors import InvalidInput, gettext_noop
from hotline.org.models import Person, Role
from hotline.quality.services import active_form

from .. import access
from ..api.common import Problem, me_of, refused, wn
from ..models import CalibrationSession, CertificationAttempt, GoldItem
from ..services import FeedbackError
from ..services.calibration import (
    calibration_close,
    calibration_complete,
    calibration_create,
    calibration_results,
    calibration_score,
    certification_answer,
    certification_finish,
    certification_start,
    gold_from_evaluation_ids,
    gold_set_create,
    raters_of,
    results_visible,
)

router = Router(tags=["feedback"])

# Who may sit in a calibration session (as on the page).
CALIBRATORS = (Role.QA_MONITOR, Role.MANAGER, Role.TEAM_LEADER, Role.TRAINER)


class CalibrationIn(Schema):
    title: str
    calls: list[str]  # call ids
    participants: list[str]  # work numbers
    expert: str | None = None


class MyScoreOut(Schema):
    call_id: str
    score: float
    answers: dict
    critical_failed: list[str]


class CalibrationOut(Schema):
    id: int
    title: str
    status: str
    form: str
    calls: list[str]
    raters: list[str]
    expert: str | None
    created_at: dt.datetime
    complete: bool
    results_visible: bool
    submitted: dict[str, int]  # work number → recordings scored
    mine: list[MyScoreOut]


class ResultsOut(Schema):
    raters: list[str]
    calls: list[str]
    matrix: list[list[float | None]]
    per_item: list[dict]
    deviation: dict[str, dict]
    reference_kind: str
    spread: dict[str, dict]
    alpha_nominal_items: float | None
    alpha_interval_totals: float | None
    icc2_1: float | None


class ScoreIn(Schema):
    call: str  # call id
    answers: dict[str, str]


def _session_out(request, s: CalibrationSession) -> dict:
    me = me_of(request)
    raters = raters_of(s)
    counts = {p.work_number: s.scores.filter(evaluator=p).count() for p in raters}
    return {
        "id": s.pk, "title": s.title, "status": s.status, "form": str(s.form),
        "calls": sorted(s.calls.values_list("call_id", flat=True)), "raters": [p.work_number for p in raters],
        "expert": wn(s.expert), "created_at": s.created_at, "complete": calibration_complete(s),
        "results_visible": results_visible(s), "submitted": counts,
        "mine": [{"call_id": sc.call.call_id, "score": sc.score, "answers": sc.answers,
                  "critical_failed": sc.critical_failed}
                 for sc in s.scores.filter(evaluator=me).select_related("call")],
    }  # fmt: skip


def _sessions(request):
    return access.visible_calibrations(request.user).select_related("form", "expert")


@router.get("/calibrations", response=list[CalibrationOut])
def list_calibrations(request):
    """Calibration sessions you take part in, created, or (managers, trainers) of your center."""
    qs = _sessions(request)
    if not access.can_create_calibration(request.user) and not qs.exists():
        raise PermissionDenied
    return [_session_out(request, s) for s in qs[:100]]


@router.post("/calibrations", response={200: CalibrationOut, 400: Problem})
def create_calibration(request, data: CalibrationIn):
    """Managers and QA monitors: the same recordings, several evaluators (and optionally an expert)."""
    if not access.can_create_calibration(request.user):
        raise PermissionDenied
    me = me_of(request)
    calls = list(visible_calls(request.user).filter(call_id__in=data.calls))
    unknown = sorted(set(data.calls) - {c.call_id for c in calls})
    people = Person.objects.filter(center_id=me.center_id, active=True, role__in=CALIBRATORS)
    participants = list(people.filter(work_number__in=data.participants))
    unknown += sorted(set(data.participants) - {p.work_number for p in participants})
    expert = None
    if data.expert:
        expert = Person.objects.filter(work_number=data.expert, center_id=me.center_id, active=True).first()
        if expert is None:
            unknown.append(data.expert)
    if unknown:
        raise InvalidInput(
            gettext_noop("这些通话或人员不在您可选的范围内：%(items)s"), params={"items": ", ".join(unknown)}
        )
    try:
        s = calibration_create(center=me.center, title=data.title, form=active_form(), calls=calls,
                               participants=participants, expert=expert, created_by=me, actor=request.user)  # fmt: skip
    except FeedbackError as exc:
        raise refused(exc) from exc
    return _session_out(request, s)


@router.get("/calibrations/{session_pk}", response=CalibrationOut)
def get_calibration(request, session_pk: Id):
    """One session: who has scored how much, and your own scores (never the others' before the end)."""
    return _session_out(request, get_object_or_404(_sessions(request), pk=session_pk))


@router.get("/calibrations/{session_pk}/results", response={200: ResultsOut, 409: Problem})
def get_calibration_results(request, session_pk: Id):
    """Per-item agreement, deviations from the reference, spread, Krippendorff's alpha, ICC(2,1) —
    only once every rater has scored every recording (or the session is closed)."""
    s = get_object_or_404(_sessions(request), pk=session_pk)
    if not results_visible(s):
        return Status(409, {"detail": gettext("结果在所有评分人提交后公布")})
    return calibration_results(s)


@router.post("/calibrations/{session_pk}/scores", response={200: MyScoreOut, 400: Problem})
def score_calibration(request, session_pk: Id, data: ScoreIn):
    """A participant (or the expert) submits or replaces their scores of one recording."""
    s = get_object_or_404(_sessions(request), pk=session_pk)
    if not access.is_participant(request.user, s):
        raise PermissionDenied
    call = s.calls.filter(call_id=data.call).first()
    if call is None:
        raise InvalidInput(
            gettext_noop("通话 %(call)s 不在本次校准中"), field="call", params={"call": data.call}
        )
    try:
        row = calibration_score(session=s, call=call, evaluator=me_of(request), answers=data.answers)
    except FeedbackError as exc:
        raise refused(exc) from exc
    return {
        "call_id": call.call_id,
        "score": row.score,
        "answers": row.answers,
        "critical_failed": row.critical_failed,
    }


@router.post("/calibrations/{session_pk}/close", response=CalibrationOut)
def close_calibration(request, session_pk: Id):
    """Its creator or a manager of the center closes it (results become visible)."""
    s = get_object_or_404(_sessions(request), pk=session_pk)
    if not access.can_manage_calibration(request.user, s):
        raise PermissionDenied
    return _session_out(request, calibration_close(session=s, actor=request.user))


# ------------------------------------------------------------------------------------ certification


class GoldItemOut(Schema):
    id: int
    call_id: str


class GoldSetOut(Schema):
    id: int
    name: str
    form: str
    items: list[GoldItemOut]
    created_at: dt.datetime


class GoldSetIn(Schema):
    name: str
    evaluations: list[Id]  # reference evaluations (submitted, with a recording)


class AttemptOut(Schema):
    id: int
    gold_set: int
    candidate: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    answered: list[int]  # gold item ids answered so far
    passed: bool | None
    mean_abs_deviation: float | None
    tolerance: float | None
    details: dict


class StartIn(Schema):
    gold_set: Id


class AnswerIn(Schema):
    item: int  # gold item id
    answers: dict[str, str]


def _gold_out(g) -> dict:
    return {"id": g.pk, "name": g.name, "form": str(g.form), "created_at": g.created_at,
            "items": [{"id": i.pk, "call_id": i.call.call_id} for i in g.items.select_related("call")]}  # fmt: skip


def _attempt_out(a) -> dict:
    return {
        "id": a.pk, "gold_set": a.gold_set_id, "candidate": a.candidate.work_number, "started_at": a.started_at,
        "finished_at": a.finished_at, "answered": sorted(int(k) for k in a.answers), "passed": a.passed,
        "mean_abs_deviation": a.mean_abs_deviation, "tolerance": a.tolerance,
        # the reference scores are shown only once the attempt is finished
        "details": a.details if a.finished_at else {},
    }  # fmt: skip


def _gold_sets(request):
    if not (access.can_manage_gold(request.user) or access.can_take_certification(request.user)):
        raise PermissionDenied
    return access.visible_gold_sets(request.user).select_related("form")


@router.get("/certification/gold-sets", response=list[GoldSetOut])
def list_gold_sets(request):
    return [_gold_out(g) for g in _gold_sets(request)]


@router.post("/certification/gold-sets", response={200: GoldSetOut, 400: Problem})
def create_gold_set(request, data: GoldSetIn):
    """A manager builds a gold set from reference evaluations of their center."""
    if not access.can_manage_gold(request.user):
        raise PermissionDenied
    me = me_of(request)
    evs = [e for e in gold_from_evaluation_ids(data.evaluations) if e.session.agent.center_id == me.center_id]
    try:
        g = gold_set_create(
            center=me.center, name=data.name, evaluations=evs, created_by=me, actor=request.user
        )
    except FeedbackError as exc:
        raise refused(exc) from exc
    return _gold_out(g)


def _attempts(request):
    return access.visible_attempts(request.user).select_related("candidate", "gold_set")


@router.get("/certification/attempts", response=list[AttemptOut])
def list_attempts(request):
    """Your own attempts (a manager: every attempt of the center — the history)."""
    if not (access.can_manage_gold(request.user) or access.can_take_certification(request.user)):
        raise PermissionDenied
    return [_attempt_out(a) for a in _attempts(request)[:500]]


@router.post("/certification/attempts", response={200: AttemptOut, 400: Problem})
def start_attempt(request, data: StartIn):
    """A QA monitor starts (or resumes the open) attempt on a gold set."""
    if not access.can_take_certification(request.user):
        raise PermissionDenied
    g = get_object_or_404(_gold_sets(request), pk=data.gold_set)
    try:
        a = certification_start(gold_set=g, candidate=me_of(request))
    except FeedbackError as exc:
        raise refused(exc) from exc
    return _attempt_out(a)


@router.get("/certification/attempts/{attempt_pk}", response=AttemptOut)
def get_attempt(request, attempt_pk: Id):
    return _attempt_out(get_object_or_404(_attempts(request), pk=attempt_pk))


def _own_attempt(request, attempt_pk: Id) -> CertificationAttempt:
    a = get_object_or_404(_attempts(request), pk=attempt_pk)
    if a.candidate_id != me_of(request).pk:
        raise PermissionDenied
    return a


@router.post("/certification/attempts/{attempt_pk}/answers", response={200: AttemptOut, 400: Problem})
def answer_attempt(request, attempt_pk: Id, data: AnswerIn):
    """The candidate scores one recording of the gold set (may be replaced until finished)."""
    a = _own_attempt(request, attempt_pk)
    item = GoldItem.objects.filter(pk=data.item, gold_set_id=a.gold_set_id).first()
    if item is None:
        raise Http404
    try:
        a = certification_answer(attempt=a, item=item, answers=data.answers)
    except FeedbackError as exc:
        raise refused(exc) from exc
    return _attempt_out(_attempts(request).get(pk=a.pk))


@router.post("/certification/attempts/{attempt_pk}/finish", response={200: AttemptOut, 400: Problem})
def finish_attempt(request, attempt_pk: Id):
    """Submit: pass when the mean absolute deviation is within the tolerance and critical items match."""
    a = _own_attempt(request, attempt_pk)
    try:
        a = certification_finish(attempt=a, actor=request.user)
    except FeedbackError as exc:
        raise refused(exc) from exc
    return _attempt_out(_attempts(request).get(pk=a.pk))
