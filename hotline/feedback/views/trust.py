"""Pages of the trust processes (§4): interviews (面谈) and the phone feedback after a live session."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from hotline.core.errors import HotlineError, InvalidInput
from hotline.core.params import parse_date, parse_id
from hotline.errors import message_of
from hotline.org.access import is_admin, person_of
from hotline.org.models import Role
from hotline.quality.access import visible_sessions
from hotline.quality.models import Kind

from .. import access
from ..models import Interview
from ..services.trust import interview_cancel, interview_plan, interview_record, phone_feedback_log


def _me(request):
    me = person_of(request.user)
    if me is None or not me.active:
        raise PermissionDenied
    return me


def _moment(post, prefix: str) -> dt.datetime | None:
    """``<prefix>_date`` (YYYY-MM-DD) and ``<prefix>_time`` (HH:MM) → an aware moment in the
    current time zone; both absent → None; unreadable → refused (400, the field named)."""
    day = parse_date(post.get(f"{prefix}_date"), field=f"{prefix}_date")
    text = (post.get(f"{prefix}_time") or "").strip()
    if day is None:
        return None
    try:
        t = dt.time.fromisoformat(text) if text else dt.time(9, 0)
    except ValueError:
        raise InvalidInput(gettext_noop("参数 %(field)s 应为时间（HH:MM），而不是“%(value)s”。"), field=f"{prefix}_time",
                           params={"field": f"{prefix}_time", "value": text[:40]}) from None  # fmt: skip
    return dt.datetime.combine(day, t, tzinfo=timezone.get_current_timezone())


@login_required
def interviews(request):
    """The list (an agent: their own) and, for QA monitors, team leaders and managers, the plan form."""
    qs = access.visible_interviews(request.user).select_related("agent", "interviewer", "session")
    can_plan = access.can_plan_interviews(request.user)
    me = person_of(request.user)
    if me is None or not me.active or (me.role == Role.PLANNER and not is_admin(request.user)):
        raise PermissionDenied  # planners plan staff, not conversations
    error, status = "", 200
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied
        me = _me(request)
        try:
            agent_id = parse_id(request.POST.get("agent"), field="agent")
            agent = access.interview_agents(request.user).filter(pk=agent_id).first()
            if agent is None:
                raise InvalidInput(gettext_noop("请选择自己负责的座席员"), field="agent")
            row = interview_plan(agent=agent, interviewer=me, topic=request.POST.get("topic", ""),
                                 planned_for=_moment(request.POST, "planned"), actor=request.user)  # fmt: skip
        except HotlineError as exc:
            error, status = message_of(exc), 400
        else:
            flash.success(request, gettext("面谈已计划"))
            return HttpResponseRedirect(reverse("feedback:interview", args=[row.pk]))
    rows = list(qs.order_by("-created_at")[:300])
    ctx = {"rows": rows, "can_plan": can_plan, "agents": access.interview_agents(request.user), "error": error,
           "post": request.POST if request.method == "POST" else {}, "today": timezone.localdate()}  # fmt: skip
    return render(request, "feedback/interviews.html", ctx, status=status)


@login_required
def interview_detail(request, pk: int):
    row = get_object_or_404(
        access.visible_interviews(request.user).select_related("agent", "interviewer", "session"), pk=pk
    )
    me = person_of(request.user)
    mine = me is not None and row.interviewer_id == me.pk
    error, status = "", 200
    if request.method == "POST":
        if not mine:
            raise PermissionDenied
        try:
            if request.POST.get("action") == "cancel":
                interview_cancel(interview=row, by=me, actor=request.user)
            else:
                interview_record(
                    interview=row, held_at=_moment(request.POST, "held"), said=request.POST.get("said", ""),
                    actions=request.POST.get("actions", ""), agent_response=request.POST.get("agent_response", ""),
                    follow_up=parse_date(request.POST.get("follow_up"), field="follow_up"), by=me, actor=request.user,
                )  # fmt: skip
        except HotlineError as exc:
            error, status = message_of(exc), exc.http_status
        else:
            flash.success(request, gettext("已保存"))
            return HttpResponseRedirect(reverse("feedback:interview", args=[pk]))
    ctx = {"row": row, "mine": mine, "error": error, "post": request.POST if request.method == "POST" else {},
           "now": timezone.localtime()}  # fmt: skip
    return render(request, "feedback/interview.html", ctx, status=status)


@login_required
def phone_feedback(request, session_pk: int):
    """§3.6: after the live session the monitor phones the result to the agent and logs the call here."""
    session = get_object_or_404(
        visible_sessions(request.user).select_related("agent", "monitor"), pk=session_pk
    )
    if session.kind != Kind.LIVE or not access.can_log_phone_feedback(request.user, session):
        raise PermissionDenied
    row = Interview.objects.filter(session=session, kind=Interview.Kind.PHONE).first()
    error, status = "", 200
    if request.method == "POST":
        try:
            row = phone_feedback_log(
                session=session, by=_me(request), held_at=_moment(request.POST, "held"),
                said=request.POST.get("said", ""), agent_response=request.POST.get("agent_response", ""),
                actions=request.POST.get("actions", ""),
                follow_up=parse_date(request.POST.get("follow_up"), field="follow_up"), actor=request.user,
            )  # fmt: skip
        except HotlineError as exc:
            error, status = message_of(exc), exc.http_status
        else:
            flash.success(request, gettext("电话反馈已记录"))
            return HttpResponseRedirect(reverse("feedback:interview", args=[row.pk]))
    ctx = {"session": session, "row": row, "error": error, "now": timezone.localtime(),
           "post": request.POST if request.method == "POST" else {}}  # fmt: skip
    return render(request, "feedback/phone_feedback.html", ctx, status=status)
