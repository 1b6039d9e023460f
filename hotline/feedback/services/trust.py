"""Trust between QA and agents (§4, seed 001 消除质监与话务员之间的对立): agents rated excellent in the
calibration room, interviews (面谈) and the monitor's phone feedback after a live session, and the
focused training a barge-in asks for (§3.6).

The knowledge test of the certification is in ``services_knowledge``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings as dj_settings
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone, translation
from django.utils.translation import gettext

from hotline.core.errors import Conflict, Forbidden
from hotline.org.models import Center, Person, Role
from hotline.org.services import audit_record
from hotline.quality.models import BargeIn, Kind, Purpose, Session, TrainingFlag

from .. import access
from ..models import CalibrationGuest, CalibrationSession, Interview
from ..services import FeedbackError, settings_for
from ..services.analysis import training_create

RATING_DAYS = 92  # "rated excellent": the regime sessions of about the last three months


# --- barge-in → focused training (§3.6; receiver of quality.signals.barge_in_logged) ------------------


def training_on_barge_in(sender, *, barge_in: BargeIn, training: bool, **kwargs):
    """The seed: after a barge-in the agent gets focused training (事后重点培训). One training-plan
    entry per barge-in (its key names the barge-in), the call attached, due after the center's
    training period; nothing when the monitor unticked the box."""
    if not training:
        return None
    ev = barge_in.evaluation
    session = ev.session
    agent = session.agent
    day = timezone.localdate(barge_in.at)
    with translation.override(dj_settings.LANGUAGE_CODE):
        topic = gettext("强拆后重点培训：%(agent)s（%(date)s 实时监听 第 %(n)s 通）") % {
            "agent": agent.name, "date": f"{session.date:%Y-%m-%d}", "n": ev.order,
        }  # fmt: skip
    due = day + dt.timedelta(days=settings_for(agent.center, day).training_due_days)
    return training_create(
        center=agent.center, topic=topic, agents=[agent], due_date=due, calls=[ev.call] if ev.call_id else [],
        item_key=f"barge-in-{barge_in.pk}", created_by=barge_in.by, today=day,
    )  # fmt: skip


# --- agents rated excellent in the calibration room ---------------------------------------------------


@dataclass(frozen=True)
class Excellent:
    agent: Person
    rating: float | None  # mean of the regime sessions of the last months (None: flagged only)
    flagged: int  # recordings flagged excellent for the training library


def excellent_agents(center: Center, today: dt.date) -> list[Excellent]:
    """§4: the agents "rated excellent" — the mean of their submitted regime sessions of the last
    ``RATING_DAYS`` days reaches the center's ``excellent_score`` (setting, default 90), or a recording
    of theirs was flagged excellent in that time. Best first."""
    since = today - dt.timedelta(days=RATING_DAYS)
    bar = settings_for(center, today).excellent_score
    means = dict(
        Session.objects.filter(
            agent__center=center, agent__active=True, status=Session.Status.SUBMITTED, purpose=Purpose.REGIME,
            score__isnull=False, date__gte=since, date__lte=today,
        ).values_list("agent_id").annotate(m=Avg("score")).values_list("agent_id", "m")
    )  # fmt: skip
    flags = dict(
        TrainingFlag.objects.filter(
            kind=TrainingFlag.Kind.EXCELLENT, recording__call__agent__center=center,
            created_at__date__gte=since,
        ).values_list("recording__call__agent_id").annotate(n=Count("id")).values_list("recording__call__agent_id", "n")
    )  # fmt: skip
    ids = {a for a, m in means.items() if m >= bar} | set(flags)
    people = Person.objects.filter(pk__in=ids, role=Role.AGENT, active=True, center=center)
    out = [Excellent(p, means.get(p.pk), flags.get(p.pk, 0)) for p in people]
    return sorted(out, key=lambda e: (-(e.rating or 0), -e.flagged, e.agent.sort_key))


@transaction.atomic
def calibration_invite(
    *,
    session: CalibrationSession,
    agents,
    invited_by: Person | None,
    actor=None,
    today: dt.date | None = None,
) -> list[CalibrationGuest]:
    """Invite agents rated excellent to the calibration meeting (idempotent per agent). Only the
    center's agents on the excellent list may be invited, and only while the session is open."""
    if session.status != CalibrationSession.Status.OPEN:
        raise Conflict(gettext("校准会已结束"))
    today = today or timezone.localdate()
    rated = {e.agent.pk: e for e in excellent_agents(session.center, today)}
    agents = list(agents)
    if not agents:
        raise FeedbackError(gettext("请选择座席员"))
    refused = [a.name for a in agents if a.pk not in rated]
    if refused:
        raise FeedbackError(gettext("只能邀请评定为优秀的座席员：%(names)s") % {"names": "、".join(refused)})
    out = []
    for a in agents:
        guest, created = CalibrationGuest.objects.get_or_create(
            session=session, agent=a, defaults={"rating": rated[a.pk].rating, "invited_by": invited_by}
        )
        out.append(guest)
        if created:
            audit_record(actor=actor, action="feedback.calibration_invite", obj=session,
                         after={"agent": a.pk, "rating": guest.rating})  # fmt: skip
    return out


@transaction.atomic
def calibration_view_record(
    *, guest: CalibrationGuest, view: str, by: Person, actor=None
) -> CalibrationGuest:
    """The guest's view, recorded with the session: by the agent, or by the organiser for them (the
    minutes of the meeting). The first time it is given after the results are shown; later changes
    are kept in the audit trail."""
    from ..services.calibration import results_visible

    view = (view or "").strip()
    if not view:
        raise FeedbackError(gettext("请填写意见"), field="view")
    g = CalibrationGuest.objects.select_for_update(of=("self",)).select_related("session").get(pk=guest.pk)
    if not results_visible(g.session):
        raise Conflict(gettext("全部评分人完成评分后才能记录意见"))
    before = {"view": g.view} if g.view else None
    g.view, g.view_at, g.view_by = view[:4000], timezone.now(), by
    g.save(update_fields=["view", "view_at", "view_by"])
    audit_record(actor=actor, action="feedback.calibration_view", obj=g.session, before=before,
                 after={"agent": g.agent_id, "view": g.view, "by": by.pk})  # fmt: skip
    return g


# --- interviews and phone feedback ---------------------------------------------------------------------


def _text(value, field: str, *, required: bool = False, limit: int = 4000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise FeedbackError(gettext("请填写必填项"), field=field)
    if len(value) > limit:
        raise FeedbackError(gettext("内容过长（最多 %(n)s 字）") % {"n": limit}, field=field)
    return value


@transaction.atomic
def interview_plan(
    *, agent: Person, interviewer: Person, topic: str, planned_for: dt.datetime | None, actor=None
) -> Interview:
    """Plan a one-to-one interview (§4): the agent sees it on their page."""
    if not access.may_interview(interviewer, agent):
        raise Forbidden(gettext("只能与自己负责的座席员面谈"))
    topic = _text(topic, "topic", required=True, limit=200)
    if planned_for is None:
        raise FeedbackError(gettext("请填写计划时间"), field="planned_for")
    row = Interview.objects.create(center=agent.center, agent=agent, interviewer=interviewer, topic=topic,
                                   planned_for=planned_for, created_by=interviewer)  # fmt: skip
    audit_record(actor=actor, action="feedback.interview_plan", obj=row,
                 after={"agent": agent.pk, "topic": topic, "planned_for": planned_for.isoformat()})  # fmt: skip
    return row


@transaction.atomic
def interview_record(
    *, interview: Interview, held_at: dt.datetime | None, said: str, actions: str, agent_response: str = "",
    follow_up: dt.date | None = None, by: Person, actor=None,
) -> Interview:  # fmt: skip
    """Record what was said, the agreed actions, the agent's response and the follow-up date. The
    interviewer records it; a correction later is audited with the previous text."""
    row = Interview.objects.select_for_update(of=("self",)).get(pk=interview.pk)
    if row.interviewer_id != by.pk:
        raise Forbidden(gettext("只有面谈人可以记录面谈"))
    if row.status == Interview.Status.CANCELLED:
        raise Conflict(gettext("面谈已取消"))
    if held_at is None:
        raise FeedbackError(gettext("请填写面谈时间"), field="held_at")
    if held_at > timezone.now() + dt.timedelta(minutes=5):
        raise FeedbackError(gettext("面谈时间不能晚于现在"), field="held_at")
    said = _text(said, "said", required=True)
    actions = _text(actions, "actions", required=row.kind == Interview.Kind.INTERVIEW)
    agent_response = _text(agent_response, "agent_response")
    if follow_up is not None and follow_up < timezone.localdate(held_at):
        raise FeedbackError(gettext("跟进日期不能早于面谈日期"), field="follow_up")
    before = _snapshot(row) if row.status == Interview.Status.HELD else None
    row.held_at, row.said, row.actions, row.agent_response, row.follow_up = (
        held_at,
        said,
        actions,
        agent_response,
        follow_up,
    )
    row.status = Interview.Status.HELD
    row.save()
    audit_record(
        actor=actor, action="feedback.interview_record", obj=row, before=before, after=_snapshot(row)
    )
    return row


def _snapshot(row: Interview) -> dict:
    return {"held_at": row.held_at.isoformat() if row.held_at else None, "said": row.said, "actions": row.actions,
            "agent_response": row.agent_response, "follow_up": str(row.follow_up) if row.follow_up else None}  # fmt: skip


@transaction.atomic
def interview_cancel(*, interview: Interview, by: Person, actor=None) -> Interview:
    row = Interview.objects.select_for_update(of=("self",)).get(pk=interview.pk)
    if row.interviewer_id != by.pk:
        raise Forbidden(gettext("只有面谈人可以取消面谈"))
    if row.status != Interview.Status.PLANNED:
        raise Conflict(gettext("只能取消尚未记录的面谈"))
    row.status = Interview.Status.CANCELLED
    row.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="feedback.interview_cancel", obj=row)
    return row


@transaction.atomic
def phone_feedback_log(
    *, session: Session, by: Person, held_at: dt.datetime | None, said: str, agent_response: str = "",
    actions: str = "", follow_up: dt.date | None = None, actor=None,
) -> Interview:  # fmt: skip
    """§3.6/§4: the live result the monitor phoned to the agent after a live session, logged like an
    interview (who, when, what was said, the agent's response). One per live session: a second call
    corrects the log (audited)."""
    if session.kind != Kind.LIVE:
        raise FeedbackError(gettext("电话反馈只用于实时监听"))
    if session.monitor_id != by.pk:
        raise Forbidden(gettext("只有本次监听的质检员可以记录电话反馈"))
    if not session.submitted:
        raise Conflict(gettext("请先提交本次监听，再记录电话反馈"))
    row = (
        Interview.objects.select_for_update(of=("self",))
        .filter(session=session, kind=Interview.Kind.PHONE)
        .first()
    )
    if row is None:
        with translation.override(dj_settings.LANGUAGE_CODE):
            topic = gettext("实时监听结果电话反馈（%(date)s）") % {"date": f"{session.date:%Y-%m-%d}"}
        row = Interview.objects.create(center=session.agent.center, agent=session.agent, interviewer=by,
                                       kind=Interview.Kind.PHONE, session=session, topic=topic, created_by=by)  # fmt: skip
    return interview_record(interview=row, held_at=held_at, said=said, actions=actions,
                            agent_response=agent_response, follow_up=follow_up, by=by, actor=actor)  # fmt: skip
