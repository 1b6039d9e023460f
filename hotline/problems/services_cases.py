"""Difficult calls (疑难反馈单) and owners of problems per level (§9; issue 15).

The operations manual: on a difficult call or complaint the agent records the time of the call, what
was asked and how to reach the customer, promises an answer time, and passes the form to the direct
superior. Here a case starts owned by the agent's team leader (else the owner named for the agent's
team, skill or department, else a manager of the center), is handed over with a reason as often as
needed — each owner sees it under "待我处理" — answered (the customer was called back) and closed.
Every step is a :class:`CaseEvent` and an audit entry; a case past its promised time and not answered
is overdue.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotline.core.errors import Conflict, InvalidInput
from hotline.org.models import Center, Person, Role
from hotline.org.services import audit_record

from .access import CASE_HANDLERS
from .models import CaseEvent, DifficultCase, ProblemOwner

MAX_ANSWER_DAYS = 30
OPEN = (DifficultCase.Status.OPEN, DifficultCase.Status.HANDLING)


class CaseError(InvalidInput):
    """A case step was refused (message in the reader's language)."""


def _snap(case: DifficultCase) -> dict:
    return {"status": case.status, "owner": case.owner_id, "answer_by": case.answer_by.isoformat(),
            "answered_at": case.answered_at.isoformat() if case.answered_at else None}  # fmt: skip


def default_owner(agent: Person) -> Person:
    """Who first owns an agent's case: the team leader, else the named owner of the agent's team, skill
    or department, else a manager of the center."""
    people = Person.objects.filter(center_id=agent.center_id, active=True).exclude(pk=agent.pk)
    if agent.team_id:
        leader = people.filter(role=Role.TEAM_LEADER, team_id=agent.team_id).order_by("pk").first()
        if leader:
            return leader
    scopes = []
    if agent.team_id:
        scopes.append(("team", str(agent.team_id)))
        if agent.team.department_id:
            scopes.append(("department", str(agent.team.department_id)))
    scopes.append(("center", str(agent.center_id)))
    for level, scope in scopes:
        owner = ProblemOwner.objects.filter(center_id=agent.center_id, level=level, scope=scope,
                                            person__active=True).select_related("person").first()  # fmt: skip
        if owner and owner.person_id != agent.pk:
            return owner.person
    manager = people.filter(role=Role.MANAGER).order_by("pk").first()
    if manager is None:
        raise CaseError(gettext("本中心没有班组长或经理可以接收疑难反馈单"))
    return manager


@transaction.atomic
def case_create(*, reporter: Person, received_at: dt.datetime, customer_contact: str, content: str,
                answer_by: dt.datetime, call=None, reason: str = "", complaint: bool = False,
                actor=None) -> DifficultCase:  # fmt: skip
    """File a case; it goes to :func:`default_owner` of the reporter."""
    contact, text = (customer_contact or "").strip(), (content or "").strip()
    if not contact:
        raise CaseError(gettext("请填写客户联系方式"), field="customer_contact")
    if not text:
        raise CaseError(gettext("请填写来话内容"), field="content")
    if answer_by <= received_at:
        raise CaseError(gettext("承诺答复时间须晚于来话时间"), field="answer_by")
    if answer_by - received_at > dt.timedelta(days=MAX_ANSWER_DAYS):
        raise CaseError(
            gettext("承诺答复时间不能晚于来话后 %(n)d 天") % {"n": MAX_ANSWER_DAYS}, field="answer_by"
        )
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        raise CaseError(gettext("来话时间不能晚于现在"), field="received_at")
    if call is not None and call.center_id != reporter.center_id:
        raise CaseError(gettext("只能为本中心的通话填单"), field="call")
    owner = default_owner(reporter)
    case = DifficultCase.objects.create(
        center_id=reporter.center_id, call=call, reporter=reporter, owner=owner, received_at=received_at,
        customer_contact=contact[:100], content=text, reason=(reason or "")[:200], complaint=complaint,
        answer_by=answer_by,
    )  # fmt: skip
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.CREATED, actor=reporter, to_owner=owner)
    audit_record(actor=actor, action="problems.case.create", obj=case, after=_snap(case))
    return case


def _locked(case: DifficultCase) -> DifficultCase:
    return DifficultCase.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def case_handover(*, case: DifficultCase, to: Person, by: Person, note: str, actor=None) -> DifficultCase:
    """Pass the case to ``to`` (same center, a handling role, active), with the reason."""
    case = _locked(case)
    if case.status not in OPEN:
        raise Conflict(gettext("已答复或已关闭的反馈单不能转交"))
    if not (note or "").strip():
        raise CaseError(gettext("请说明转交原因"), field="note")
    if to.pk == case.owner_id:
        raise CaseError(gettext("已经是该负责人"), field="to")
    if not to.active or to.center_id != case.center_id or to.role not in CASE_HANDLERS:
        raise CaseError(gettext("只能转交给本中心在职的班组长、质检员、培训员或经理"), field="to")
    before = _snap(case)
    previous = case.owner
    case.owner, case.status = to, DifficultCase.Status.HANDLING
    case.save(update_fields=["owner", "status"])
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.HANDOVER, actor=by, from_owner=previous, to_owner=to,
                             note=note.strip())  # fmt: skip
    audit_record(actor=actor, action="problems.case.handover", obj=case, before=before, after=_snap(case),
                 reason=note.strip()[:500])  # fmt: skip
    return case


@transaction.atomic
def case_answer(*, case: DifficultCase, by: Person, resolution: str, actor=None) -> DifficultCase:
    """The customer was called back with ``resolution``."""
    case = _locked(case)
    if case.status not in OPEN:
        raise Conflict(gettext("该反馈单已答复或已关闭"))
    if not (resolution or "").strip():
        raise CaseError(gettext("请填写处理结果"), field="resolution")
    before = _snap(case)
    case.status, case.resolution, case.answered_at = (
        DifficultCase.Status.ANSWERED,
        resolution.strip(),
        timezone.now(),
    )
    case.save(update_fields=["status", "resolution", "answered_at"])
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ANSWERED, actor=by, note=case.resolution)
    audit_record(actor=actor, action="problems.case.answer", obj=case, before=before, after=_snap(case))
    return case


@transaction.atomic
def case_close(*, case: DifficultCase, by: Person, actor=None) -> DifficultCase:
    case = _locked(case)
    if case.status != DifficultCase.Status.ANSWERED:
        raise Conflict(gettext("只有已答复客户的反馈单可以关闭"))
    before = _snap(case)
    case.status, case.closed_at = DifficultCase.Status.CLOSED, timezone.now()
    case.save(update_fields=["status", "closed_at"])
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.CLOSED, actor=by)
    audit_record(actor=actor, action="problems.case.close", obj=case, before=before, after=_snap(case))
    return case


@transaction.atomic
def case_reopen(*, case: DifficultCase, by: Person, note: str, actor=None) -> DifficultCase:
    """The customer was not satisfied: back to the owner, handling."""
    case = _locked(case)
    if case.status in OPEN:
        raise Conflict(gettext("该反馈单尚未答复"))
    if not (note or "").strip():
        raise CaseError(gettext("请说明重新打开的原因"), field="note")
    before = _snap(case)
    case.status, case.closed_at = DifficultCase.Status.HANDLING, None
    case.save(update_fields=["status", "closed_at"])
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.REOPENED, actor=by, note=note.strip())
    audit_record(actor=actor, action="problems.case.reopen", obj=case, before=before, after=_snap(case),
                 reason=note.strip()[:500])  # fmt: skip
    return case


def is_overdue(case: DifficultCase, now: dt.datetime | None = None) -> bool:
    return case.status in OPEN and case.answer_by < (now or timezone.now())


@transaction.atomic
def owner_set(
    *, center: Center, level: str, scope: str, person: Person | None, actor=None
) -> ProblemOwner | None:
    """Name (or, with None, remove) the owner of one unit of a level; audited."""
    if level not in ProblemOwner.Level.values:
        raise CaseError(gettext("未知的层级"), field="level")
    row = ProblemOwner.objects.filter(center=center, level=level, scope=scope).first()
    before = {"person": row.person_id} if row else None
    if person is None:
        if row:
            audit_record(actor=actor, action="problems.owner.remove", obj=row, before=before)
            row.delete()
        return None
    if not person.active or person.center_id != center.pk or person.role not in (*CASE_HANDLERS, Role.ADMIN):
        raise CaseError(gettext("负责人须是本中心在职的管理人员"), field="person")
    row, _ = ProblemOwner.objects.update_or_create(center=center, level=level, scope=scope,
                                                   defaults={"person": person})  # fmt: skip
    audit_record(
        actor=actor, action="problems.owner.set", obj=row, before=before, after={"person": person.pk}
    )
    return row
