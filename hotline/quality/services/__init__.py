"""Every write of the monitoring regime (§3). Gather inputs → ``hotline.core`` → persist.

Forms, plans and sessions; evaluations are validated and scored by ``hotline.core.scoring``,
recording picks come from ``hotline.core.sampling``, the plan from ``hotline.core.plan``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotline.calls.models import Call
from hotline.core.errors import InvalidInput
from hotline.core.periods import Period
from hotline.core.sampling import eligible_call_ids, select_recordings
from hotline.core.scoring import (
    DEFAULT_FORM,
    FIVE_METHODS_FORM,
    Answer,
    EvaluationInvalid,
    Form,
    Problem,
    score_evaluation,
    session_score,
    validate_evaluation,
)
from hotline.org.models import Person
from hotline.org.services import audit_record

from .. import texts as quality_texts
from ..alerts import alert_send, major_error_alerts  # noqa: F401  (alert_send: a public service of quality)
from ..models import (
    BargeIn,
    Evaluation,
    EvaluationVersion,
    Kind,
    PlanSlot,
    Purpose,
    RecordingMark,
    ScoreForm,
    Session,
    SessionPick,
    TrainingFlag,
)
from ..rollups import score_rollups_deferred, score_rollups_mark
from ..selectors import evaluated_call_ids, period_call_records, settings_for
from ..services.plan import (  # noqa: F401  (the plan's names, re-exported for the callers of services)
    actor_user,
    center_agents,
    center_monitors,
    holiday_overrides,
    period_working_days,
    plan_days,
    plan_generate,
    recording_days,
)
from ..signals import barge_in_logged, recording_session_started

LIVE_CALLS = 4
DEFAULT_FORM_KEY = "regime"


class QualityError(InvalidInput):
    """A rule of the regime refused the action; ``problems`` lists core ``Problem`` s when any."""

    def __init__(self, message: str, problems=(), **kwargs):
        super().__init__(message, **kwargs)
        self.problems = tuple(problems)


# --- forms --------------------------------------------------------------------------------------


def active_form(key: str = DEFAULT_FORM_KEY) -> ScoreForm:
    form = ScoreForm.objects.filter(key=key, active=True).order_by("-version").first()
    if form is None:
        form = ScoreForm.objects.filter(key=key).order_by("-version").first()
    if form is None:
        shipped = {f.key: f for f in (DEFAULT_FORM, FIVE_METHODS_FORM)}.get(key)
        if shipped is None:
            raise QualityError(f"no score form {key!r}")
        form = ScoreForm.objects.create(
            key=key, name=shipped.title, version=shipped.version, definition=shipped.as_dict()
        )  # a database flushed after the data migration (tests) gets the shipped form back
    return form


@transaction.atomic
def form_save_version(*, key: str, definition: Mapping, actor=None) -> ScoreForm:
    """Save a form definition as the next version of ``key`` (versions are never edited in place).

    The definition is checked by the core (``Form.from_dict``); the new version becomes the active one.
    """
    last = ScoreForm.objects.select_for_update(of=("self",)).filter(key=key).order_by("-version").first()
    version = (last.version + 1) if last else 1
    data = dict(definition)
    data["key"] = key
    data["version"] = version
    try:
        form = Form.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise QualityError(str(exc)) from exc
    ScoreForm.objects.filter(key=key).update(active=False)
    row = ScoreForm.objects.create(
        key=key,
        name=form.title,
        version=version,
        definition=form.as_dict(),
        active=True,
        created_by=actor_user(actor),
    )
    audit_record(actor=actor, action="quality.form_version", obj=row, after={"key": key, "version": version})
    return row


# --- plans --------------------------------------------------------------------------------------


def _slot_session_period(slot: PlanSlot) -> str:
    if slot.status == PlanSlot.Status.CARRIED:
        return str(Period.parse(slot.plan.period).previous())
    return slot.plan.period


@transaction.atomic
def recording_session_start(*, slot: PlanSlot, actor=None, now: dt.datetime | None = None) -> Session:
    """Open the recording session of a plan slot (idempotent).

    §3.1/§3.2: the session samples **all** of its half-month, so it opens only once the half-month
    is over (in the center's time zone; refused before). The picks are §3.2 over the agent's calls of
    the period — those that had ended by the session's start ``now`` (default: the present; a session
    back-dated by the demo never sees calls that had not happened yet) — calls evaluated before
    excluded; one draft evaluation per pick. The session keeps what it sampled (``Session.sample``:
    period, minimum length, time zone, the eligible call ids and the evaluated ones left out), so
    its picks can be re-derived and shown to the agent.
    """
    slot = (
        PlanSlot.objects.select_for_update(of=("self",))
        .select_related("plan", "agent", "monitor", "agent__center")
        .get(pk=slot.pk)
    )
    if slot.kind != Kind.RECORDING:
        raise QualityError("not a recording slot")
    if slot.session_id:
        return slot.session
    period = Period.parse(_slot_session_period(slot))
    existing = Session.objects.filter(
        agent=slot.agent, period=str(period), kind=Kind.RECORDING, purpose=Purpose.REGIME
    ).first()
    if existing:
        slot.session = existing
        slot.save(update_fields=["session"])
        return existing
    if slot.monitor is None:
        raise QualityError("the slot has no QA monitor")
    center = slot.agent.center
    now = now or timezone.now()
    zone = ZoneInfo(center.timezone or "Asia/Shanghai")
    if now.astimezone(zone).date() <= period.end:
        raise QualityError(
            gettext("%(period)s 尚未结束：录音监听在半月结束后从全部录音中抽取（%(end)s 之后）")
            % {"period": period, "end": f"{period.end:%Y-%m-%d}"}
        )
    st = settings_for(center, period.start)
    records = [
        r
        for r in period_call_records(period, agent_ids=[slot.agent_id]).get(slot.agent_id, [])
        if (r.ended_at or r.answered_at) <= now
    ]
    evaluated = evaluated_call_ids([slot.agent_id])
    pool = eligible_call_ids(records, period, min_seconds=st.min_seconds, tz=zone)
    selection = select_recordings(
        records, period, min_seconds=st.min_seconds, tz=zone, already_evaluated=evaluated,
        agent=slot.agent.work_number,
    )  # fmt: skip
    sample = {
        "period": str(period),
        "min_seconds": st.min_seconds,
        "tz": str(zone),
        "calls_until": now.isoformat(),
        "eligible": [i for i in pool if i not in evaluated],
        "evaluated": [i for i in pool if i in evaluated],
    }
    form = active_form()
    session = Session.objects.create(
        kind=Kind.RECORDING, agent=slot.agent, monitor=slot.monitor, period=str(period),
        date=slot.date or timezone.localtime(now).date(), form=form, short_reason=selection.reason[:300],
        sample=sample,
    )  # fmt: skip
    calls = {c.call_id: c for c in Call.objects.filter(call_id__in=selection.call_ids)}
    for n, pick in enumerate(selection.picks, start=1):
        call = calls[pick.call_id]
        SessionPick.objects.create(session=session, call=call, criterion=pick.criterion, order=n)
        Evaluation.objects.create(session=session, order=n, call=call, form=form)
    slot.session = session
    slot.save(update_fields=["session"])
    recording_session_started.send(sender=Session, session=session, now=now)  # §8 risk offers, apart
    return session


@transaction.atomic
def live_session_start(*, slot: PlanSlot, actor=None) -> Session:
    """Open the live session of a plan slot: four draft evaluations, calls linked as they are heard."""
    slot = (
        PlanSlot.objects.select_for_update(of=("self",))
        .select_related("plan", "agent", "monitor")
        .get(pk=slot.pk)
    )
    if slot.kind != Kind.LIVE:
        raise QualityError("not a live slot")
    if slot.session_id:
        return slot.session
    period = _slot_session_period(slot)
    existing = Session.objects.filter(
        agent=slot.agent, period=period, kind=Kind.LIVE, purpose=Purpose.REGIME
    ).first()
    if existing is None:
        if slot.monitor is None:
            raise QualityError("the slot has no QA monitor")
        form = active_form()
        existing = Session.objects.create(
            kind=Kind.LIVE, agent=slot.agent, monitor=slot.monitor, period=period,
            date=slot.date or timezone.localdate(), form=form,
        )  # fmt: skip
        for n in range(1, LIVE_CALLS + 1):
            Evaluation.objects.create(session=existing, order=n, form=form)
    slot.session = existing
    slot.save(update_fields=["session"])
    return existing


def session_start(*, slot: PlanSlot, actor=None, now: dt.datetime | None = None) -> Session:
    if slot.kind == Kind.LIVE:
        return live_session_start(slot=slot, actor=actor)
    return recording_session_start(slot=slot, actor=actor, now=now)


# --- evaluations --------------------------------------------------------------------------------


def _to_answers(form: Form, answers: Mapping, comments: Mapping) -> dict[str, Answer]:
    """Stored answers ("yes" / "no" / "na" / a whole number) → core ``Answer`` s."""
    out = {}
    for item in form.items:
        raw = answers.get(item.key)
        note = str(comments.get(item.key, "") or "")
        if raw in (None, ""):
            out[item.key] = Answer(None, comment=note)
        elif raw == "na":
            out[item.key] = Answer.not_applicable(note)
        elif raw == "yes":
            out[item.key] = Answer.yes(note)
        elif raw == "no":
            out[item.key] = Answer.no(note)
        else:
            try:
                out[item.key] = Answer.scale(int(raw), note)
            except (TypeError, ValueError):
                out[item.key] = Answer(str(raw), comment=note)  # reported as bad_value
    return out


def _lines(text: str) -> list[str]:
    return [s.strip() for s in (text or "").splitlines() if s.strip()]


def _apply(ev: Evaluation, data: Mapping) -> None:
    for field in ("answers", "comments"):
        if field in data and data[field] is not None:
            setattr(ev, field, {str(k): v for k, v in dict(data[field]).items() if v not in (None, "")})
    for field in ("strengths", "improvements"):
        if field in data and data[field] is not None:
            setattr(ev, field, str(data[field]))
    for field in ("started_at", "ended_at"):
        if field in data:
            setattr(ev, field, data[field])
    if "call" in data and ev.session.kind == Kind.LIVE:
        call = data["call"]
        ev.call = call
        if call is not None:  # pre-fill from the telephony record
            ev.started_at = ev.started_at or call.answered_at or call.started_at
            ev.ended_at = ev.ended_at or call.ended_at


@transaction.atomic
def evaluation_save_draft(*, evaluation: Evaluation, data: Mapping, actor=None) -> Evaluation:
    """Keep what the monitor typed so far (no validation). A submitted evaluation is not a draft."""
    ev = Evaluation.objects.select_for_update(of=("self",)).select_related("session").get(pk=evaluation.pk)
    if ev.submitted:
        raise QualityError("already submitted: change it with a reason")
    _apply(ev, data)
    ev.save()
    return ev


def evaluation_problems(ev: Evaluation) -> list[Problem]:
    form = ev.form.core()
    return validate_evaluation(
        form, _to_answers(form, ev.answers, ev.comments), _lines(ev.strengths), _lines(ev.improvements)
    )


@transaction.atomic
def evaluation_submit(
    *, evaluation: Evaluation, data: Mapping | None = None, actor=None, reason: str = ""
) -> Evaluation:
    """Validate (core: answers, required comments, strengths and improvements), score (N.A. out of
    both sides, a failed critical item → 0) and store a new version. A change to a submitted
    evaluation needs a reason and is audited; a newly failed critical item alerts the agent."""
    ev = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("session", "session__agent", "form")
        .get(pk=evaluation.pk)
    )
    was_submitted = ev.submitted
    if was_submitted and not reason.strip():
        raise QualityError("a change to a submitted score needs a reason")
    before = _snapshot(ev) if was_submitted else None
    had_critical = bool(ev.critical_failed) if was_submitted else False
    if data:
        _apply(ev, data)
    form = ev.form.core()
    answers = _to_answers(form, ev.answers, ev.comments)
    problems = validate_evaluation(form, answers, _lines(ev.strengths), _lines(ev.improvements))
    if problems:
        raise QualityError("; ".join(str(p) for p in problems), problems)
    try:
        result = score_evaluation(form, answers)
    except EvaluationInvalid as exc:  # pragma: no cover - validated above
        raise QualityError(str(exc), exc.problems) from exc
    ev.score = result.score
    ev.critical_failed = list(result.critical_failed)
    ev.version += 1
    ev.submitted_at = timezone.now()
    ev.save()
    EvaluationVersion.objects.create(
        evaluation=ev, version=ev.version, answers=ev.answers, comments=ev.comments, strengths=ev.strengths,
        improvements=ev.improvements, score=ev.score, critical_failed=ev.critical_failed, by=actor_user(actor),
        reason=reason,
    )  # fmt: skip
    if was_submitted:
        audit_record(
            actor=actor,
            action="quality.evaluation_change",
            obj=ev,
            before=before,
            after=_snapshot(ev),
            reason=reason,
        )
        if ev.session.submitted:
            _rescore_session(ev.session)
    if ev.critical_failed and not had_critical:
        _alert_major_error(ev, form)
    return ev


def _snapshot(ev: Evaluation) -> dict:
    return {
        "version": ev.version,
        "score": ev.score,
        "answers": ev.answers,
        "critical_failed": ev.critical_failed,
    }


def _alert_major_error(ev: Evaluation, form: Form) -> None:
    """§3.6: the agent and their team leader learn of a major error (in their inbox, after commit);
    items already alerted from the live form (``services_live``) are not sent twice."""
    items = [k for k in ev.critical_failed if k not in (ev.alerted_items or [])]
    if items:
        major_error_alerts(ev, form, items)


def _rescore_session(session: Session) -> None:
    scores = [e.score for e in session.evaluations.all() if e.score is not None]
    session.score = session_score(scores)
    with score_rollups_deferred():
        session.save(update_fields=["score"])
        score_rollups_mark(session)


@transaction.atomic
def barge_in_log(
    *, evaluation: Evaluation, by: Person, note: str = "", training: bool = False, actor=None
) -> BargeIn:
    """强拆: the monitor took over the live call; logged on the evaluation and told to the agent.

    With ``training`` the monitor asks for focused training afterwards (the seed: 事后对该座席员在
    服务质量方面作重点培训): ``barge_in_logged`` lets the feedback app open a training-plan entry."""
    ev = Evaluation.objects.select_related("session").get(pk=evaluation.pk)
    if ev.session.kind != Kind.LIVE:
        raise QualityError("barge-in is only for live calls")
    row = BargeIn.objects.create(evaluation=ev, by=by, note=note)
    audit_record(
        actor=actor, action="quality.barge_in", obj=ev, after={"by": by.pk, "training": bool(training)}
    )
    barge_in_logged.send(sender=BargeIn, barge_in=row, training=bool(training))
    alert_send(
        agent_id=ev.session.agent_id, key=quality_texts.BARGE_IN, params={"at": row.at}, evaluation_id=ev.pk
    )
    return row


@transaction.atomic
def session_save_draft(*, session: Session, data: Mapping[int, Mapping], actor=None) -> Session:
    """Autosave: ``data`` maps evaluation id → fields; submitted evaluations are left alone."""
    for ev in session.evaluations.select_related("session"):
        if ev.pk in data and not ev.submitted:
            evaluation_save_draft(evaluation=ev, data=data[ev.pk], actor=actor)
    return session


@transaction.atomic
def session_submit(*, session: Session, data: Mapping[int, Mapping] | None = None, actor=None) -> Session:
    """Submit every evaluation of the session, then the session (§3.6 score = mean of its calls).

    A live session scores the calls that were heard (at least one; an untouched evaluation is
    dropped); a recording session needs every picked recording scored.
    """
    session = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
    if session.submitted:
        raise QualityError("the session is already submitted")
    data = data or {}
    evaluations = list(session.evaluations.select_related("session", "form"))
    problems: list[tuple[int, QualityError]] = []
    for ev in evaluations:
        if ev.submitted:
            continue
        d = data.get(ev.pk, {})
        if session.kind == Kind.LIVE and _untouched(ev, d):
            ev.delete()
            continue
        try:
            evaluation_submit(evaluation=ev, data=d, actor=actor)
        except QualityError as exc:
            problems.append((ev.order, exc))
    if problems:
        raise QualityError(
            "; ".join(f"#{order}: {exc}" for order, exc in problems),
            [p for _, exc in problems for p in exc.problems],
        )
    scores = list(session.evaluations.exclude(score=None).values_list("score", flat=True))
    if not scores:
        raise QualityError("nothing was scored")
    session.score = session_score(scores)
    session.status = Session.Status.SUBMITTED
    session.submitted_at = timezone.now()
    with score_rollups_deferred():
        session.save()
        score_rollups_mark(session)
    PlanSlot.objects.filter(session=session).update(status=PlanSlot.Status.DONE)
    audit_record(actor=actor, action="quality.session_submit", obj=session, after={"score": session.score})
    return session


def _untouched(ev: Evaluation, d: Mapping) -> bool:
    answers = d.get("answers", ev.answers) or {}
    return (
        not answers
        and ev.call_id is None
        and d.get("call") is None
        and not (d.get("strengths") or ev.strengths)
    )


# --- marks and flags ------------------------------------------------------------------------------


def recording_mark_add(
    *, evaluation: Evaluation, author: Person, at_seconds: float, text: str
) -> RecordingMark:
    text = (text or "").strip()
    if not text:
        raise QualityError("empty comment")
    if at_seconds < 0:
        raise QualityError("negative position")
    return RecordingMark.objects.create(
        evaluation=evaluation, author=author, at_seconds=at_seconds, text=text
    )


@transaction.atomic
def training_flag_set(
    *, evaluation: Evaluation, by: Person, kind: str, reason: str, marks=(), actor=None
) -> TrainingFlag:
    """Flag the evaluated recording excellent or poor for the training library, with a reason."""
    if kind not in TrainingFlag.Kind.values:
        raise QualityError(f"unknown flag {kind!r}")
    if not (reason or "").strip():
        raise QualityError("a reason is required")
    call = evaluation.call
    recording = getattr(call, "recording", None) if call else None
    if recording is None:
        raise QualityError("this call has no recording")
    flag = TrainingFlag.objects.create(
        recording=recording, kind=kind, reason=reason.strip(), marks=[float(m) for m in marks], by=by,
        evaluation=evaluation,
    )  # fmt: skip
    audit_record(
        actor=actor, action="quality.training_flag", obj=flag, after={"kind": kind, "call": call.call_id}
    )
    return flag


@transaction.atomic
def alert_mark_read(*, alert):
    """Mark an inbox alert (a ``feedback.Message`` of kind ``alert``; anything with ``read_at``) read."""
    if alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
    return alert
