"""Calibration sessions and certification on a gold set (§4), on top of ``hotline.core.calibration``.

Blind scoring: a participant sees only their own scores until every participant has scored every
recording, or the session is closed. Answers are stored like the quality app's ("yes" / "no" /
"na" / a whole number) and scored by ``hotline.core.scoring`` (N.A. out of both sides, a failed
critical item → 0). Results: per-item agreement (share of the modal answer), each evaluator's
deviation from the reference (the expert's totals when an expert is named and scored, else the
consensus = mean of the unit), the spread of totals per recording, Krippendorff's alpha (nominal on
item answers, interval on totals) and ICC(2,1) on totals.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotline.calls.models import Call
from hotline.core import calibration as cal
from hotline.core.scoring import Answer, EvaluationInvalid, Form, score_evaluation
from hotline.org.models import Center, Person, Role
from hotline.org.services import audit_record
from hotline.quality.models import Evaluation, ScoreForm

from ..models import CalibrationScore, CalibrationSession, CertificationAttempt, GoldItem, GoldSet
from ..services import FeedbackError, settings_for

NO_COMMENT = "-"  # calibration and certification compare answers; the form's comment rules do not apply


def core_answers(form: Form, answers: dict) -> dict[str, Answer]:
    out = {}
    for item in form.items:
        raw = answers.get(item.key)
        if raw in (None, ""):
            out[item.key] = Answer(None)
        elif raw == "na":
            out[item.key] = Answer.not_applicable(NO_COMMENT)
        elif raw in ("yes", "no"):
            out[item.key] = Answer(raw == "yes", comment=NO_COMMENT)
        else:
            try:
                out[item.key] = Answer.scale(int(raw), NO_COMMENT)
            except (TypeError, ValueError):
                out[item.key] = Answer(str(raw))
    return out


def score_answers(form: Form, answers: dict):
    try:
        return score_evaluation(form, core_answers(form, answers))
    except EvaluationInvalid as exc:
        raise FeedbackError(str(exc)) from exc


# --- calibration ------------------------------------------------------------------------------------


@transaction.atomic
def calibration_create(
    *, center: Center, title: str, form: ScoreForm, calls, participants, expert: Person | None = None,
    created_by: Person | None = None, actor=None,
) -> CalibrationSession:  # fmt: skip
    calls, participants = list(calls), list(participants)
    if not (title or "").strip():
        raise FeedbackError(gettext("请填写名称"))
    if not calls:
        raise FeedbackError(gettext("至少选择一条录音"))
    if len({p.pk for p in participants}) < 2:
        raise FeedbackError(gettext("至少需要两名评分人"))
    s = CalibrationSession.objects.create(center=center, title=title.strip(), form=form, expert=expert,
                                          created_by=created_by)  # fmt: skip
    s.calls.set(calls)
    s.participants.set(participants)
    audit_record(actor=actor, action="feedback.calibration_create", obj=s,
                 after={"calls": [c.call_id for c in calls], "participants": [p.pk for p in participants]})  # fmt: skip
    return s


def raters_of(session: CalibrationSession) -> list[Person]:
    people = list(session.participants.order_by("work_number"))
    if session.expert_id and session.expert_id not in {p.pk for p in people}:
        people.append(session.expert)
    return people


@transaction.atomic
def calibration_score(
    *, session: CalibrationSession, call: Call, evaluator: Person, answers: dict
) -> CalibrationScore:
    if session.status != CalibrationSession.Status.OPEN:
        raise FeedbackError(gettext("校准会已结束"))
    if evaluator.pk not in {p.pk for p in raters_of(session)}:
        raise FeedbackError(gettext("你不是该校准会的评分人"))
    if not session.calls.filter(pk=call.pk).exists():
        raise FeedbackError(gettext("该录音不在本次校准中"))
    result = score_answers(session.form.core(), answers)
    row, _ = CalibrationScore.objects.update_or_create(
        session=session, call=call, evaluator=evaluator,
        defaults={"answers": dict(answers), "score": result.score, "critical_failed": list(result.critical_failed)},
    )  # fmt: skip
    return row


def calibration_complete(session: CalibrationSession) -> bool:
    """Everyone scored every recording."""
    need = len(raters_of(session)) * session.calls.count()
    return need > 0 and session.scores.count() >= need


def results_visible(session: CalibrationSession) -> bool:
    return session.status == CalibrationSession.Status.CLOSED or calibration_complete(session)


@transaction.atomic
def calibration_close(*, session: CalibrationSession, actor=None) -> CalibrationSession:
    session.status = CalibrationSession.Status.CLOSED
    session.save(update_fields=["status"])
    audit_record(actor=actor, action="feedback.calibration_close", obj=session)
    return session


def _code(raw):
    """Item answer → a number for alpha (yes 1, no 0, a scale value); N.A. or missing → None."""
    if raw in (None, "", "na"):
        return None
    if raw in ("yes", "no"):
        return 1.0 if raw == "yes" else 0.0
    try:
        return float(int(raw))
    except (TypeError, ValueError):
        return None


def calibration_results(session: CalibrationSession) -> dict:
    form = session.form.core()
    scores = list(session.scores.select_related("call", "evaluator"))
    calls = list(session.calls.order_by("call_id"))
    raters = raters_of(session)
    name = {p.pk: p.name for p in raters}
    totals = cal.Ratings.from_ratings(
        cal.Rating(c.call_id, name[p.pk], next((s.score for s in scores if s.call_id == c.pk and s.evaluator_id == p.pk), None))
        for c in calls for p in raters
    )  # fmt: skip
    items = cal.Ratings.from_ratings(
        cal.Rating(f"{c.call_id}:{it.key}", name[p.pk],
                   _code(next((s.answers.get(it.key) for s in scores if s.call_id == c.pk and s.evaluator_id == p.pk), None)))
        for c in calls for it in form.items for p in raters
    )  # fmt: skip
    per_item = []
    for it in form.items:
        vals = []
        for c in calls:
            a = cal.item_agreement([s.answers.get(it.key) for s in scores if s.call_id == c.pk])
            if a is not None:
                vals.append(a)
        per_item.append({"key": it.key, "text": it.text, "critical": it.critical,
                         "agreement": sum(vals) / len(vals) if vals else None})  # fmt: skip
    reference = None
    reference_kind = "consensus"
    if session.expert_id:
        exp = {s.call.call_id: s.score for s in scores if s.evaluator_id == session.expert_id}
        if exp:
            reference, reference_kind = exp, "expert"
    dev = cal.rater_deviations(totals, reference)
    return {
        "raters": [name[p.pk] for p in raters],
        "calls": [c.call_id for c in calls],
        "matrix": [[None if v != v else float(v) for v in row] for row in totals.matrix.tolist()],
        "per_item": per_item,
        "deviation": {r: {"mean": d.mean_deviation, "abs": d.mean_abs_deviation, "n": d.n} for r, d in dev.items()},
        "reference_kind": reference_kind,
        "spread": cal.spread(totals),
        "alpha_nominal_items": cal.alpha_nominal(items),
        "alpha_interval_totals": cal.alpha_interval(totals),
        "icc2_1": cal.icc2_1(totals),
    }  # fmt: skip


# --- certification ----------------------------------------------------------------------------------


@transaction.atomic
def gold_set_create(
    *, center: Center, name: str, evaluations, created_by: Person | None = None, actor=None
) -> GoldSet:
    """A gold set from reference evaluations (an expert's submitted scores of recordings)."""
    evs = list(evaluations)
    if not (name or "").strip() or not evs:
        raise FeedbackError(gettext("请填写名称并选择参考评分"))
    forms = {e.form_id for e in evs}
    if len(forms) != 1:
        raise FeedbackError(gettext("参考评分须使用同一评分表"))
    if any(e.call_id is None or e.score is None for e in evs):
        raise FeedbackError(gettext("参考评分须已提交并关联录音"))
    g = GoldSet.objects.create(center=center, name=name.strip(), form_id=forms.pop(), created_by=created_by)
    for e in evs:
        GoldItem.objects.create(gold_set=g, call_id=e.call_id, answers=dict(e.answers), score=e.score)
    audit_record(actor=actor, action="feedback.gold_set_create", obj=g, after={"items": len(evs)})
    return g


def gold_from_evaluation_ids(ids) -> list[Evaluation]:
    return list(Evaluation.objects.filter(pk__in=list(ids), version__gt=0).select_related("form"))


@transaction.atomic
def certification_start(*, gold_set: GoldSet, candidate: Person) -> CertificationAttempt:
    if candidate.role != Role.QA_MONITOR:
        raise FeedbackError(gettext("只有质检员参加认证"))
    open_one = CertificationAttempt.objects.filter(
        gold_set=gold_set, candidate=candidate, finished_at__isnull=True
    ).first()
    return open_one or CertificationAttempt.objects.create(gold_set=gold_set, candidate=candidate)


@transaction.atomic
def certification_answer(
    *, attempt: CertificationAttempt, item: GoldItem, answers: dict
) -> CertificationAttempt:
    a = CertificationAttempt.objects.select_for_update(of=("self",)).get(pk=attempt.pk)
    if a.finished_at is not None:
        raise FeedbackError(gettext("认证已完成"))
    if item.gold_set_id != a.gold_set_id:
        raise FeedbackError(gettext("录音不属于该标准集"))
    score_answers(a.gold_set.form.core(), answers)  # validates
    a.answers = dict(a.answers) | {str(item.pk): dict(answers)}
    a.save(update_fields=["answers"])
    return a


@transaction.atomic
def certification_finish(*, attempt: CertificationAttempt, actor=None) -> CertificationAttempt:
    """Pass when the mean absolute deviation ≤ tolerance (default 5 points) and critical items match."""
    a = (
        CertificationAttempt.objects.select_for_update(of=("self",))
        .select_related("gold_set__form", "gold_set__center")
        .get(pk=attempt.pk)
    )
    if a.finished_at is not None:
        raise FeedbackError(gettext("认证已完成"))
    form = a.gold_set.form.core()
    critical = [i.key for i in form.items if i.critical]
    cand, ref, cand_crit, ref_crit, per = {}, {}, {}, {}, []
    for gi in a.gold_set.items.select_related("call"):
        unit = gi.call.call_id
        ref[unit] = gi.score
        for k in critical:
            ref_crit[(unit, k)] = gi.answers.get(k)
        mine = a.answers.get(str(gi.pk))
        if mine is not None:
            cand[unit] = score_answers(form, mine).score
            for k in critical:
                cand_crit[(unit, k)] = mine.get(k)
        per.append({"call": unit, "reference": gi.score, "candidate": cand.get(unit)})
    tol = settings_for(a.gold_set.center).certification_tolerance
    r = cal.certify(cand, ref, tolerance=tol, candidate_critical=cand_crit, reference_critical=ref_crit)
    a.finished_at = timezone.now()
    a.passed, a.mean_abs_deviation, a.tolerance = r.passed, r.mean_abs_deviation, tol
    a.details = {"per_call": per, "missing": list(r.missing_units),
                 "critical_mismatches": [list(m) for m in r.critical_mismatches]}  # fmt: skip
    a.save()
    audit_record(actor=actor, action="feedback.certification_finish", obj=a,
                 after={"passed": a.passed, "mad": a.mean_abs_deviation})  # fmt: skip
    return a
