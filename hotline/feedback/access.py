"""Who may do what in the feedback loop (§1, §3.7, §4). Views and the API only go through these.

- inbox: everyone reads their own messages only (someone else's message is a 404);
- urgent pushes: QA monitors, team leaders and managers (agents they may see, or a team of their
  center — a team leader only their own team);
- analyses (监听分析表): the QA monitor writes and submits their own; the manager of the center
  approves or returns; managers and trainers of the center read them; administrators everything;
- disputes: an agent opens and reads their own; the assigned reviewer and the evaluator read it;
  managers see their center's and assign reviewers; the reviewer decides;
- training plan and library: trainers, managers, QA monitors and team leaders of the center;
- calibration: created by managers (or QA monitors); participants score blind; results to the
  participants and the center's managers once everyone has submitted (or the session is closed);
- certification: a QA monitor takes their own attempts; managers keep the gold sets and history;
- consistency and webhook failures: managers and administrators.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hotline.calls.models import Call
from hotline.org.access import agent_filter, has_role, is_admin, person_of
from hotline.org.models import Person, Role, Team

from .models import (
    Analysis,
    CalibrationSession,
    CertificationAttempt,
    Dispute,
    GoldItem,
    GoldSet,
    Interview,
    KnowledgeAttempt,
    KnowledgeQuestion,
    Message,
    TrainingEntry,
)

PUSHERS = (Role.QA_MONITOR, Role.TEAM_LEADER, Role.MANAGER)
TRAINING_VIEWERS = (Role.TRAINER, Role.MANAGER, Role.QA_MONITOR, Role.TEAM_LEADER)


def _me(user) -> Person | None:
    me = person_of(user)
    return me if me is not None and me.active else None


# --- inbox ----------------------------------------------------------------------------------------


def my_messages(user) -> QuerySet[Message]:
    me = _me(user)
    if me is None:
        return Message.objects.none()
    return Message.objects.filter(recipient=me)


def my_alerts(user) -> QuerySet[Message]:
    """The quality alerts in the user's own inbox (nobody else's: another person's id is a 404)."""
    return my_messages(user).filter(kind=Message.Kind.ALERT)


def can_push(user) -> bool:
    return has_role(user, *PUSHERS)


def push_agents(user) -> QuerySet[Person]:
    """The agents this user may push a message to."""
    if not can_push(user):
        return Person.objects.none()
    me = _me(user)
    base = Person.objects.filter(role=Role.AGENT, active=True)
    if is_admin(user):
        return base
    if me is None:
        return Person.objects.none()
    if me.role == Role.MANAGER:
        return base.filter(center_id=me.center_id)
    if me.role == Role.TEAM_LEADER:
        return base.filter(team_id=me.team_id) if me.team_id else base.none()
    return base.filter(monitors=me).distinct()


def push_teams(user) -> QuerySet[Team]:
    if not can_push(user):
        return Team.objects.none()
    if is_admin(user):
        return Team.objects.all()
    me = _me(user)
    if me is None:
        return Team.objects.none()
    if me.role == Role.TEAM_LEADER:
        return Team.objects.filter(pk=me.team_id)
    return Team.objects.filter(center_id=me.center_id)


def can_see_webhooks(user) -> bool:
    return has_role(user, Role.MANAGER)


# --- analyses --------------------------------------------------------------------------------------


def visible_analyses(user) -> QuerySet[Analysis]:
    if is_admin(user):
        return Analysis.objects.all()
    me = _me(user)
    if me is None:
        return Analysis.objects.none()
    if me.role in (Role.MANAGER, Role.TRAINER):
        return Analysis.objects.filter(center_id=me.center_id)
    if me.role == Role.QA_MONITOR:
        return Analysis.objects.filter(monitor=me)
    return Analysis.objects.none()


def can_write_analysis(user) -> bool:
    """Only a QA monitor writes an analysis (of their own half-month/month): it needs a person with a
    center, so an administrator without one does not (they read every analysis)."""
    me = _me(user)
    return me is not None and me.role == Role.QA_MONITOR


def can_edit_analysis(user, analysis: Analysis) -> bool:
    me = _me(user)
    return me is not None and analysis.monitor_id == me.pk


def can_decide_analysis(user, analysis: Analysis) -> bool:
    me = _me(user)
    if me is not None and analysis.monitor_id == me.pk:
        return False
    if is_admin(user):
        return True
    return me is not None and me.role == Role.MANAGER and me.center_id == analysis.center_id


def sees_overdue(user) -> bool:
    return has_role(user, Role.MANAGER)


# --- disputes --------------------------------------------------------------------------------------


def visible_disputes(user) -> QuerySet[Dispute]:
    me = _me(user)
    if is_admin(user):
        return Dispute.objects.all()
    if me is None:
        return Dispute.objects.none()
    if me.role == Role.AGENT:
        return Dispute.objects.filter(agent=me)
    q = Q(reviewer=me) | Q(evaluator=me)
    if me.role in (Role.MANAGER, Role.TRAINER, Role.TEAM_LEADER):
        q |= agent_filter(user, "agent")
    return Dispute.objects.filter(q).distinct()


def can_open_dispute(user, evaluation) -> bool:
    me = _me(user)
    return me is not None and me.role == Role.AGENT and evaluation.session.agent_id == me.pk


def can_assign_reviewer(user, dispute: Dispute) -> bool:
    if is_admin(user):
        return True
    me = _me(user)
    return me is not None and me.role == Role.MANAGER and me.center_id == dispute.agent.center_id


def can_decide_dispute(user, dispute: Dispute) -> bool:
    me = _me(user)
    return me is not None and dispute.reviewer_id == me.pk and dispute.evaluator_id != me.pk


def can_see_rates(user) -> bool:
    return has_role(user, Role.MANAGER)


# --- training ------------------------------------------------------------------------------------


def can_see_training(user) -> bool:
    return has_role(user, *TRAINING_VIEWERS)


def visible_training(user) -> QuerySet[TrainingEntry]:
    if is_admin(user):
        return TrainingEntry.objects.all()
    me = _me(user)
    if me is None or not can_see_training(user):
        return TrainingEntry.objects.none()
    return TrainingEntry.objects.filter(center_id=me.center_id)


def can_plan_training(user) -> bool:
    return has_role(user, Role.TRAINER, Role.MANAGER)


# --- calibration and certification ------------------------------------------------------------------


def can_create_calibration(user) -> bool:
    return has_role(user, Role.MANAGER, Role.QA_MONITOR)


def visible_calibrations(user) -> QuerySet[CalibrationSession]:
    if is_admin(user):
        return CalibrationSession.objects.all()
    me = _me(user)
    if me is None:
        return CalibrationSession.objects.none()
    q = Q(participants=me) | Q(expert=me) | Q(created_by=me) | Q(guests__agent=me)
    if me.role in (Role.MANAGER, Role.TRAINER):
        q |= Q(center_id=me.center_id)
    return CalibrationSession.objects.filter(q).distinct()


def is_participant(user, session: CalibrationSession) -> bool:
    me = _me(user)
    return me is not None and (session.participants.filter(pk=me.pk).exists() or session.expert_id == me.pk)


def shared_recording_calls(user) -> QuerySet | None:
    """Calls whose recordings ``user`` hears because they score them: the calls of the calibration
    sessions they take part in (participant or expert) and the gold-set calls of their own
    certification attempts. Registered with ``hotline.calls.access`` as a hearing grant; the
    calls stay out of the user's search and lists."""
    me = _me(user)
    if me is None:
        return None
    return Call.objects.filter(
        Q(calibrations__participants=me) | Q(calibrations__expert=me) | Q(calibrations__guests__agent=me)
        | Q(pk__in=GoldItem.objects.filter(gold_set__attempts__candidate=me).values("call_id"))
    ).values("pk")  # fmt: skip


def can_manage_calibration(user, session: CalibrationSession) -> bool:
    if is_admin(user):
        return True
    me = _me(user)
    return me is not None and (session.created_by_id == me.pk or (
        me.role == Role.MANAGER and me.center_id == session.center_id))  # fmt: skip


def visible_gold_sets(user) -> QuerySet[GoldSet]:
    if is_admin(user):
        return GoldSet.objects.all()
    me = _me(user)
    if me is None or not has_role(user, Role.MANAGER, Role.QA_MONITOR):
        return GoldSet.objects.none()
    return GoldSet.objects.filter(center_id=me.center_id)


def can_manage_gold(user) -> bool:
    return has_role(user, Role.MANAGER)


def visible_attempts(user) -> QuerySet[CertificationAttempt]:
    if is_admin(user):
        return CertificationAttempt.objects.all()
    me = _me(user)
    if me is None:
        return CertificationAttempt.objects.none()
    if me.role == Role.MANAGER:
        return CertificationAttempt.objects.filter(gold_set__center_id=me.center_id)
    return CertificationAttempt.objects.filter(candidate=me)


def can_take_certification(user) -> bool:
    me = _me(user)
    return me is not None and me.role == Role.QA_MONITOR


def can_see_consistency(user) -> bool:
    return has_role(user, Role.MANAGER, Role.TRAINER)


# --- trust (§4): agents in the calibration room, interviews, phone feedback, knowledge test -----------


def guest_of(user, session: CalibrationSession):
    """The user's invitation to ``session`` (an agent rated excellent), or None."""
    me = _me(user)
    if me is None:
        return None
    return session.guests.filter(agent=me).first()


INTERVIEWERS = (Role.QA_MONITOR, Role.TEAM_LEADER, Role.MANAGER)


def can_plan_interviews(user) -> bool:
    """QA monitors (their agents), team leaders (their team) and managers (their center)."""
    me = _me(user)
    return me is not None and me.role in INTERVIEWERS


def may_interview(interviewer: Person, agent: Person) -> bool:
    """Who holds an interview with whom: the agent's QA monitor, their team leader, or the manager of
    their center."""
    if agent.role != Role.AGENT or agent.center_id != interviewer.center_id:
        return False
    if interviewer.role == Role.MANAGER:
        return True
    if interviewer.role == Role.TEAM_LEADER:
        return bool(agent.team_id) and agent.team_id == interviewer.team_id
    if interviewer.role == Role.QA_MONITOR:
        return agent.monitors.filter(pk=interviewer.pk).exists()
    return False


def interview_agents(user) -> QuerySet[Person]:
    """The agents this user may plan an interview with (the list form of :func:`may_interview`)."""
    me = _me(user)
    if me is None or me.role not in INTERVIEWERS:
        return Person.objects.none()
    base = Person.objects.filter(role=Role.AGENT, active=True, center_id=me.center_id)
    if me.role == Role.TEAM_LEADER:
        return base.filter(team_id=me.team_id) if me.team_id else base.none()
    if me.role == Role.QA_MONITOR:
        return base.filter(monitors=me).distinct()
    return base


def visible_interviews(user) -> QuerySet[Interview]:
    """An agent their own (planned and held); the interviewer theirs; a QA monitor also their agents',
    a team leader their team's; managers and trainers their center's; administrators all."""
    if is_admin(user):
        return Interview.objects.all()
    me = _me(user)
    if me is None or me.role == Role.PLANNER:
        return Interview.objects.none()
    if me.role == Role.AGENT:
        return Interview.objects.filter(agent=me)
    q = Q(interviewer=me)
    if me.role in (Role.MANAGER, Role.TRAINER):
        q |= Q(center_id=me.center_id)
    else:
        q |= agent_filter(user, "agent")
    return Interview.objects.filter(q).distinct()


def can_log_phone_feedback(user, session) -> bool:
    """The live session's own QA monitor."""
    me = _me(user)
    return me is not None and me.role == Role.QA_MONITOR and session.monitor_id == me.pk


def can_manage_questions(user) -> bool:
    """The question bank: QA monitors, trainers and managers of the center (administrators too)."""
    return has_role(user, Role.QA_MONITOR, Role.TRAINER, Role.MANAGER)


def visible_questions(user) -> QuerySet[KnowledgeQuestion]:
    if is_admin(user):
        return KnowledgeQuestion.objects.all()
    me = _me(user)
    if me is None or not can_manage_questions(user):
        return KnowledgeQuestion.objects.none()
    return KnowledgeQuestion.objects.filter(center_id=me.center_id)


def can_take_knowledge(user) -> bool:
    """QA monitors, and agents being considered for the QA role (the seed promotes from the floor)."""
    me = _me(user)
    return me is not None and me.role in (Role.QA_MONITOR, Role.AGENT)


def visible_knowledge_attempts(user) -> QuerySet[KnowledgeAttempt]:
    """One's own sittings; managers and trainers those of their center; administrators all."""
    if is_admin(user):
        return KnowledgeAttempt.objects.all()
    me = _me(user)
    if me is None:
        return KnowledgeAttempt.objects.none()
    if me.role in (Role.MANAGER, Role.TRAINER):
        return KnowledgeAttempt.objects.filter(center_id=me.center_id)
    return KnowledgeAttempt.objects.filter(candidate=me)


# --- settings (versioned; §3.7, §4) ------------------------------------------------------------------


def can_view_settings(user) -> bool:
    """Managers (their center and the global rows) and administrators."""
    return has_role(user, Role.MANAGER)


def can_edit_settings(user, center) -> bool:
    """A manager edits their own center's settings; the global ones (``center`` None) only an
    administrator."""
    if is_admin(user):
        return True
    if center is None:
        return False
    me = _me(user)
    return me is not None and me.active and me.role == Role.MANAGER and me.center_id == center.pk
