"""Leave requests (§5 Leave): an agent asks, the team leader approves or refuses, approval records
the absence once (``org.Absence``) — which blocks rostering, the monitoring plan, and counts in the
appraisal's attendance (§6). Every step is audited.

Rules (settings: the versioned policy ``LeaveRules``, kind ``leave``, in force on the day the request is
made or decided; defaults from the manual, see docs/DECISIONS.md "Workforce in operation"):
- a request starts today or later (no leave of a past day is asked for: it is recorded by a
  keeper as an absence); notice per kind: by default personal leave (事假) two days ahead, annual
  leave (公休) a month ahead, sick leave none (other kinds need none); at most ``max_days`` days;
- the manual's "no second person on leave in the same period": the approver sees the colleagues of
  the team already on approved leave in those days (``overlapping_team_leave``) — a warning by default
  (the manual allows it for a special reason), a refusal when the center's rules say so;
- days in order, a half day only on a single day, no overlap with the agent's pending or approved
  leave or recorded absences;
- the deciding person is the agent's team leader, else a manager of the agent's center (or an
  administrator); a refusal needs a reason, shown to the agent;
- a decided request is final; the agent may withdraw a pending one.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotline.core.errors import Conflict, Forbidden, InvalidInput
from hotline.org.access import person_of
from hotline.org.models import Absence, Center, Person, Role
from hotline.org.policies import next_free_day, policy_append, policy_in_force
from hotline.org.services import AbsenceError, absence_add, audit_record

from .. import access
from ..models import LeaveRequest, LeaveRules

ACTIVE = (LeaveRequest.Status.PENDING, LeaveRequest.Status.APPROVED)


class LeaveRefused(InvalidInput):
    """The request or decision breaks a leave rule (message for the user, in their language)."""


def leave_rules_for(center: Center, day: dt.date | None = None) -> LeaveRules:
    """The leave rules in force on ``day`` (the center's today by default)."""
    return policy_in_force("leave", center, day or center.today())


def leave_rules_save(
    *, center: Center, annual_notice_days: int, personal_notice_days: int, sick_notice_days: int,
    max_days: int, team_overlap_refused: bool = False, effective_from: dt.date | None = None, actor=None,
    today: dt.date | None = None,
) -> LeaveRules:  # fmt: skip
    """A new version of the center's leave rules (notice 0…365 days, a request 1…366 days); audited."""
    notices = (annual_notice_days, personal_notice_days, sick_notice_days)
    if any(not isinstance(n, int) or not 0 <= n <= 365 for n in notices):
        raise LeaveRefused(_("提前天数须为 0 至 365"))
    if not isinstance(max_days, int) or not 1 <= max_days <= 366:
        raise LeaveRefused(_("一次最多天数须为 1 至 366"))
    today = today or center.today()
    return policy_append(
        "leave", center=center, today=today, actor=actor, error=LeaveRefused,
        effective_from=effective_from or next_free_day("leave", center, today),
        values={"annual_notice_days": annual_notice_days, "personal_notice_days": personal_notice_days,
                "sick_notice_days": sick_notice_days, "max_days": max_days,
                "team_overlap_refused": bool(team_overlap_refused)},
    )  # fmt: skip


def _as_dict(r: LeaveRequest) -> dict:
    return {
        "agent": r.agent.work_number, "first_day": r.first_day.isoformat(), "last_day": r.last_day.isoformat(),
        "kind": r.kind, "half": r.half, "status": r.status, "refusal": r.refusal,
    }  # fmt: skip


@transaction.atomic
def leave_request_create(
    *, agent: Person, first_day: dt.date, last_day: dt.date | None = None, kind: str = Absence.Kind.ANNUAL,
    half: str = "", reason: str = "", actor=None,
) -> LeaveRequest:  # fmt: skip
    """A pending leave request of ``agent`` (see the module rules). Audited ``leave.request``."""
    last_day = last_day or first_day
    if agent.role != Role.AGENT or not agent.active:
        raise LeaveRefused(_("只有在职座席可以请假"))
    if last_day < first_day:
        raise LeaveRefused(_("结束日期早于开始日期"))
    if first_day < agent.center.today():
        raise LeaveRefused(_("不能为已过去的日期请假（已发生的缺勤由班组长登记）"))
    rules = leave_rules_for(agent.center)
    notice = rules.notice_days(kind)
    if notice and first_day < agent.center.today() + dt.timedelta(days=notice):
        raise LeaveRefused(
            _("%(kind)s须提前 %(n)s 天申请（最早 %(first)s）")
            % {"kind": Absence.Kind(kind).label, "n": notice,
               "first": (agent.center.today() + dt.timedelta(days=notice)).isoformat()}
        )  # fmt: skip
    if (last_day - first_day).days + 1 > rules.max_days:
        raise LeaveRefused(_("一次请假最多 %(n)s 天") % {"n": rules.max_days})
    if kind not in Absence.Kind.values:
        raise LeaveRefused(_("未知的请假类型"))
    if half not in Absence.Half.values:
        raise LeaveRefused(_("半天只能是上午或下午"))
    if half and last_day != first_day:
        raise LeaveRefused(_("半天假只能是一天"))
    Person.objects.select_for_update(of=("self",)).filter(pk=agent.pk).first()
    clash = LeaveRequest.objects.filter(
        agent=agent, status__in=ACTIVE, first_day__lte=last_day, last_day__gte=first_day
    ).first()
    if clash is not None:
        raise LeaveRefused(
            _("与已有请假申请重叠：%(first)s – %(last)s")
            % {"first": clash.first_day.isoformat(), "last": clash.last_day.isoformat()}
        )
    absence = Absence.objects.filter(person=agent, first_day__lte=last_day, last_day__gte=first_day).first()
    if absence is not None:
        raise LeaveRefused(
            _("与已登记的缺勤重叠：%(first)s – %(last)s")
            % {"first": absence.first_day.isoformat(), "last": absence.last_day.isoformat()}
        )
    req = LeaveRequest.objects.create(
        agent=agent, first_day=first_day, last_day=last_day, kind=kind, half=half, reason=reason.strip()[:300]
    )
    audit_record(actor=actor, action="leave.request", obj=req, after=_as_dict(req))
    return req


def overlapping_team_leave(req: LeaveRequest) -> list[LeaveRequest]:
    """Approved leave of the agent's teammates overlapping the request (the manual: no second person
    on leave in the same period without a special reason)."""
    if not req.agent.team_id:
        return []
    return list(
        LeaveRequest.objects.filter(
            agent__team_id=req.agent.team_id, status=LeaveRequest.Status.APPROVED,
            first_day__lte=req.last_day, last_day__gte=req.first_day,
        ).exclude(agent_id=req.agent_id).select_related("agent")
    )  # fmt: skip


@transaction.atomic
def leave_request_decide(*, req: LeaveRequest, approve: bool, actor, refusal: str = "") -> LeaveRequest:
    """Approve (records the absence) or refuse (a reason is required). Audited ``leave.approve`` /
    ``leave.refuse``; the absence itself is audited by ``org.absence_add``."""
    if not access.can_decide_leave(actor, req):
        raise Forbidden(_("只有该座席的班组长或本中心经理可以审批请假"))
    req = LeaveRequest.objects.select_for_update().select_related("agent", "agent__center").get(pk=req.pk)
    if req.status != LeaveRequest.Status.PENDING:
        raise Conflict(_("该请假申请已处理"))
    before = _as_dict(req)
    refusal = (refusal or "").strip()[:300]
    if approve:
        others = overlapping_team_leave(req)
        if others and leave_rules_for(req.agent.center).team_overlap_refused:
            raise LeaveRefused(
                _("同班组 %(names)s 同期已休假，按本中心的请假规则不能批准")
                % {"names": "、".join(sorted({r.agent.name for r in others}))}
            )
        try:
            req.absence = absence_add(
                person=req.agent, first_day=req.first_day, last_day=req.last_day, kind=req.kind, half=req.half,
                note=_("请假申请 #%(id)s 批准") % {"id": req.pk}, actor=actor,
            )  # fmt: skip
        except AbsenceError as exc:
            raise LeaveRefused(str(exc)) from exc
        req.status = LeaveRequest.Status.APPROVED
    else:
        if not refusal:
            raise LeaveRefused(_("拒绝请假须填写原因"))
        req.status = LeaveRequest.Status.REFUSED
        req.refusal = refusal
    req.decided_by = person_of(actor)
    req.decided_at = timezone.now()
    req.save(update_fields=["status", "refusal", "decided_by", "decided_at", "absence"])
    audit_record(
        actor=actor, action="leave.approve" if approve else "leave.refuse", obj=req, before=before,
        after=_as_dict(req), reason=refusal,
    )  # fmt: skip
    return req


@transaction.atomic
def leave_request_cancel(*, req: LeaveRequest, actor) -> LeaveRequest:
    """The agent withdraws a pending request. Audited ``leave.cancel``."""
    me = person_of(actor)
    if me is None or me.pk != req.agent_id:
        raise Forbidden(_("只能撤回自己的请假申请"))
    if req.status != LeaveRequest.Status.PENDING:
        raise Conflict(_("该请假申请已处理，不能撤回"))
    before = _as_dict(req)
    req.status = LeaveRequest.Status.CANCELLED
    req.save(update_fields=["status"])
    audit_record(actor=actor, action="leave.cancel", obj=req, before=before, after=_as_dict(req))
    return req
