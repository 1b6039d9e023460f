"""Disputes (申诉, SPEC §4): open within the window, a reviewer who is not the evaluator decides.

The window: ``dispute_working_days`` (default 5) working days of the Chinese calendar (with the
quality app's holiday overrides) after the evaluation was *published* — the later of the session's
submission and the approval of the analysis (监听分析表) that covers it, when there is one. The
deadline is the last day on which a dispute may be opened (local date of the center).

Adjusting creates a new score version through ``hotline.quality.services.evaluation_submit`` (new
``EvaluationVersion``, the previous one kept; audited with before/after; the session score is
re-computed, and the monthly composite — computed from the session scores — follows).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext

from hotline.core.workdays import working_days_after
from hotline.org.models import Person, Role
from hotline.org.services import audit_record
from hotline.quality.models import Evaluation
from hotline.quality.services import QualityError, evaluation_submit, holiday_overrides

from .. import texts as feedback_texts
from ..models import Analysis, Dispute, Message
from ..services import FeedbackError, message_send, settings_for


def _local_date(moment: dt.datetime, center) -> dt.date:
    tz = zoneinfo.ZoneInfo(getattr(center, "timezone", None) or "Asia/Shanghai")
    return moment.astimezone(tz).date()


def add_working_days(start: dt.date, n: int, overrides=None) -> dt.date:
    """The ``n``-th working day after ``start`` (``start`` itself not counted)."""
    if n <= 0:
        return start
    return working_days_after(start, n, overrides)[-1]  # warns only for a year of the days it counts


def published_at(ev: Evaluation) -> dt.datetime | None:
    """When the agent was given the result: session submission, or the covering analysis' approval."""
    session = ev.session
    if not session.submitted or session.submitted_at is None:
        return None
    month = session.period[:7]
    approval = (
        Analysis.objects.filter(
            monitor_id=session.monitor_id, status=Analysis.Status.APPROVED, period__in=[session.period, month]
        )
        .order_by("decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    return max(session.submitted_at, approval) if approval else session.submitted_at


def dispute_deadline(ev: Evaluation) -> dt.date | None:
    at = published_at(ev)
    if at is None:
        return None
    center = ev.session.agent.center
    day = _local_date(at, center)
    n = settings_for(center, day).dispute_working_days  # the window in force when it was published
    return add_working_days(day, n, holiday_overrides())


def dispute_deadlines(evs) -> dict[int, dt.date | None]:
    """:func:`dispute_deadline` of many evaluations (a list page) in three queries, whatever their
    number: the approvals of their monitors, the feedback settings of their centers, the holidays.
    Expects ``session`` and ``session.agent.center`` selected with the evaluations."""
    from ..models import FeedbackSettings

    sessions = {e.session_id: e.session for e in evs}
    if not sessions:
        return {}
    approvals: dict[tuple[int, str], dt.datetime] = {}
    for monitor_id, period, decided in (
        Analysis.objects.filter(
            monitor_id__in={s.monitor_id for s in sessions.values()}, status=Analysis.Status.APPROVED,
            period__in={p for s in sessions.values() for p in (s.period, s.period[:7])},
        )
        .order_by("decided_at")
        .values_list("monitor_id", "period", "decided_at")
    ):  # fmt: skip
        approvals.setdefault((monitor_id, period), decided)  # the earliest, as published_at's .first()
    centers = {s.agent.center_id for s in sessions.values()}
    versions = sorted(
        FeedbackSettings.objects.filter(Q(center_id__in=centers) | Q(center__isnull=True)),
        key=lambda v: (v.effective_from, v.id), reverse=True,
    )  # fmt: skip
    holidays = holiday_overrides()

    def in_force(center, day: dt.date):  # the rule of hotline.org.policies.in_force, over the rows above
        valid = [
            v
            for v in versions
            if v.effective_from <= day and (v.effective_to is None or v.effective_to >= day)
        ]
        own = next((v for v in valid if v.center_id == center.pk), None)
        return own or next((v for v in valid if v.center_id is None), None) or FeedbackSettings(center=center)

    per_session: dict[int, dt.date | None] = {}
    for sid, session in sessions.items():
        if not session.submitted or session.submitted_at is None:
            per_session[sid] = None
            continue
        found = [
            a
            for a in (approvals.get((session.monitor_id, p)) for p in (session.period, session.period[:7]))
            if a
        ]
        at = max(session.submitted_at, min(found)) if found else session.submitted_at
        center = session.agent.center
        day = _local_date(at, center)
        per_session[sid] = add_working_days(day, in_force(center, day).dispute_working_days, holidays)
    return {e.pk: per_session[e.session_id] for e in evs}


def default_reviewer(evaluator: Person, center) -> Person | None:
    """Another QA monitor of the center with the fewest open disputes, else the center's manager."""
    monitors = (
        Person.objects.filter(center=center, role=Role.QA_MONITOR, active=True)
        .exclude(pk=evaluator.pk)
        .annotate(load=Count("disputes_to_review", filter=Q(disputes_to_review__status=Dispute.Status.OPEN)))
        .order_by("load", "work_number")
    )
    first = monitors.first()
    if first is not None:
        return first
    return (
        Person.objects.filter(center=center, role=Role.MANAGER, active=True)
        .exclude(pk=evaluator.pk)
        .order_by("work_number")
        .first()
    )


@transaction.atomic
def dispute_open(
    *, evaluation: Evaluation, agent: Person, reason: str, items=(), today: dt.date | None = None, actor=None
) -> Dispute:
    """An agent disputes their own published evaluation (whole, or the listed item keys)."""
    ev = Evaluation.objects.select_related(
        "session", "session__agent__center", "session__monitor", "form"
    ).get(pk=evaluation.pk)
    if ev.session.agent_id != agent.pk:
        raise FeedbackError(gettext("只能对自己的评分提出申诉"))
    reason = (reason or "").strip()
    if not reason:
        raise FeedbackError(gettext("请填写申诉理由"))
    deadline = dispute_deadline(ev)
    if deadline is None or ev.score is None:
        raise FeedbackError(gettext("该评分尚未发布，不能申诉"))
    center = ev.session.agent.center
    today = today or _local_date(timezone.now(), center)
    if today > deadline:
        raise FeedbackError(gettext("申诉期已过（截止 %(deadline)s）") % {"deadline": f"{deadline:%Y-%m-%d}"})
    keys = [str(k) for k in items if str(k)]
    known = {i.key for i in ev.form.core().items}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise FeedbackError(gettext("评分表中没有这些项目：%(items)s") % {"items": ", ".join(unknown)})
    if Dispute.objects.filter(evaluation=ev, status=Dispute.Status.OPEN).exists():
        raise FeedbackError(gettext("该评分已有待复核的申诉"))
    evaluator = ev.session.monitor
    d = Dispute.objects.create(
        evaluation=ev, agent=agent, evaluator=evaluator, reviewer=default_reviewer(evaluator, center),
        items=keys, reason=reason, score_before=ev.score, version_before=ev.version, deadline=deadline,
    )  # fmt: skip
    audit_record(
        actor=actor, action="feedback.dispute_open", obj=d,
        after={"evaluation": ev.pk, "items": keys, "reviewer": d.reviewer_id}, reason=reason,
    )  # fmt: skip
    if d.reviewer is not None:
        message_send(
            recipients=[d.reviewer], kind=Message.Kind.NOTICE, key=feedback_texts.DISPUTE_NEW,
            params={"agent": agent.name, "reason": reason}, data={"dispute": d.pk}, sender=agent,
        )  # fmt: skip
    return d


@transaction.atomic
def dispute_assign(*, dispute: Dispute, reviewer: Person, actor=None) -> Dispute:
    """A manager (re)assigns the reviewer — never the original evaluator."""
    d = Dispute.objects.select_for_update(of=("self",)).get(pk=dispute.pk)
    if d.status != Dispute.Status.OPEN:
        raise FeedbackError(gettext("申诉已处理，不能再指派"))
    if reviewer.pk == d.evaluator_id:
        raise FeedbackError(gettext("复核人不能是原评分质检员"))
    if reviewer.pk == d.agent_id or reviewer.role not in (Role.QA_MONITOR, Role.MANAGER, Role.ADMIN):
        raise FeedbackError(gettext("复核人须为质检员或经理"))
    before = d.reviewer_id
    d.reviewer = reviewer
    d.save(update_fields=["reviewer"])
    audit_record(actor=actor, action="feedback.dispute_assign", obj=d, before={"reviewer": before},
                 after={"reviewer": reviewer.pk})  # fmt: skip
    return d


@transaction.atomic
def dispute_decide(
    *, dispute: Dispute, reviewer: Person, outcome: str, explanation: str, answers: dict | None = None,
    comments: dict | None = None, actor=None,
) -> Dispute:  # fmt: skip
    """Uphold, or adjust (``answers`` = the changed item answers). The agent is told in the inbox."""
    d = (
        Dispute.objects.select_for_update(of=("self",))
        .select_related("evaluation", "agent")
        .get(pk=dispute.pk)
    )
    if d.status != Dispute.Status.OPEN:
        raise FeedbackError(gettext("申诉已处理"))
    if reviewer.pk == d.evaluator_id:
        raise FeedbackError(gettext("原评分质检员不能复核自己的评分"))
    if reviewer.pk != d.reviewer_id:
        raise FeedbackError(gettext("只有指派的复核人可以处理该申诉"))
    explanation = (explanation or "").strip()
    if not explanation:
        raise FeedbackError(gettext("请填写复核说明"))
    ev = d.evaluation
    if outcome == Dispute.Status.UPHELD:
        d.status = Dispute.Status.UPHELD
        d.score_after, d.version_after = ev.score, ev.version
    elif outcome == Dispute.Status.ADJUSTED:
        changes = {str(k): v for k, v in (answers or {}).items() if v not in (None, "")}
        merged = dict(ev.answers) | changes
        if merged == ev.answers and not comments:
            raise FeedbackError(gettext("调整须至少改变一个项目的评分"))
        data = {"answers": merged}
        if comments:
            data["comments"] = dict(ev.comments) | {k: v for k, v in comments.items() if v}
        try:
            ev = evaluation_submit(evaluation=ev, data=data, actor=actor, reason=explanation)
        except QualityError as exc:
            raise FeedbackError(str(exc)) from exc
        d.status = Dispute.Status.ADJUSTED
        d.score_after, d.version_after = ev.score, ev.version
    else:
        raise FeedbackError(gettext("未知的处理结果 %(outcome)r") % {"outcome": outcome})
    d.explanation = explanation
    d.decided_at = timezone.now()
    d.save()
    audit_record(
        actor=actor, action="feedback.dispute_decide", obj=d,
        before={"score": d.score_before, "version": d.version_before},
        after={"status": d.status, "score": d.score_after, "version": d.version_after}, reason=explanation,
    )  # fmt: skip
    key = (
        feedback_texts.DISPUTE_UPHELD
        if d.status == Dispute.Status.UPHELD
        else feedback_texts.DISPUTE_ADJUSTED
    )
    message_send(recipients=[d.agent], kind=Message.Kind.DISPUTE, key=key,
                 params={"explanation": explanation, "before": d.score_before, "after": d.score_after},
                 data={"dispute": d.pk}, sender=reviewer)  # fmt: skip
    return d
