"""Pages of calibration sessions (blind scoring, results) and certification on a gold set (§4)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hotline.calls.access import visible_calls
from hotline.core.errors import HotlineError
from hotline.core.params import parse_id, parse_ids
from hotline.errors import message_of
from hotline.org.access import person_of
from hotline.org.models import Person, Role
from hotline.quality.services import active_form

from .. import access
from ..charts import dots_svg
from ..models import CalibrationScore, CalibrationSession, CertificationAttempt, GoldItem
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
from ..services.trust import calibration_invite, calibration_view_record, excellent_agents


def _me(request):
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    return me


def _answers_from_post(request, form):
    return {
        i.key: request.POST.get(f"a_{i.key}", "") for i in form.items if request.POST.get(f"a_{i.key}", "")
    }


def _rows(form, answers):
    return [{"key": i.key, "text": i.text, "points": i.points, "critical": i.critical, "scale": i.answer_type == "scale",
             "scale_max": i.scale_max, "answer": (answers or {}).get(i.key, "")} for i in form.items]  # fmt: skip


@login_required
def calibrations(request):
    qs = access.visible_calibrations(request.user).select_related("form", "expert")
    can_create = access.can_create_calibration(request.user)
    if not can_create and not qs.exists():
        raise PermissionDenied
    me = person_of(request.user)
    if request.method == "POST":
        if not can_create or me is None:
            raise PermissionDenied
        ids = [x.strip() for x in request.POST.get("calls", "").replace("，", ",").split(",") if x.strip()]
        calls = list(visible_calls(request.user).filter(call_id__in=ids))
        participants = Person.objects.filter(pk__in=parse_ids(request.POST.getlist("participants"), field="participants"), center_id=me.center_id,
                                             role__in=[Role.QA_MONITOR, Role.MANAGER, Role.TEAM_LEADER, Role.TRAINER])  # fmt: skip
        expert = Person.objects.filter(
            pk=parse_id(request.POST.get("expert"), field="expert", default=0), center_id=me.center_id
        ).first()
        try:
            s = calibration_create(center=me.center, title=request.POST.get("title", ""), form=active_form(),
                                   calls=calls, participants=participants, expert=expert, created_by=me, actor=request.user)  # fmt: skip
        except FeedbackError as exc:
            flash.error(request, str(exc))
        else:
            return HttpResponseRedirect(reverse("feedback:calibration", args=[s.pk]))
    people = []
    if me is not None and can_create:
        people = Person.objects.filter(center_id=me.center_id, active=True,
                                       role__in=[Role.QA_MONITOR, Role.MANAGER, Role.TEAM_LEADER, Role.TRAINER]).order_by("work_number")  # fmt: skip
    return render(
        request,
        "feedback/calibrations.html",
        {"sessions": qs[:100], "can_create": can_create, "people": people},
    )


@login_required
def calibration_detail(request, pk: int):
    s = get_object_or_404(access.visible_calibrations(request.user), pk=pk)
    me = person_of(request.user)
    manage = access.can_manage_calibration(request.user, s)
    guest = access.guest_of(request.user, s)
    if request.method == "POST":
        action = request.POST.get("action", "close")
        try:
            if action == "invite" and manage:
                ids = parse_ids(request.POST.getlist("agents"), field="agents")
                calibration_invite(session=s, agents=Person.objects.filter(pk__in=ids, center_id=s.center_id),
                                   invited_by=me, actor=request.user)  # fmt: skip
            elif action == "view" and (manage or guest is not None):
                target = guest if not manage else s.guests.filter(
                    pk=parse_id(request.POST.get("guest"), field="guest", default=guest.pk if guest else 0)).first()  # fmt: skip
                if target is None:
                    raise Http404
                calibration_view_record(
                    guest=target, view=request.POST.get("view", ""), by=me, actor=request.user
                )
            elif action == "close" and manage:
                calibration_close(session=s, actor=request.user)
            else:
                raise PermissionDenied
        except HotlineError as exc:
            flash.error(request, message_of(exc))
        return HttpResponseRedirect(reverse("feedback:calibration", args=[pk]))
    participant = access.is_participant(request.user, s)
    mine = {sc.call_id: sc for sc in s.scores.filter(evaluator=me)} if me else {}
    calls = list(s.calls.select_related("agent").order_by("call_id"))
    visible = results_visible(s)
    ctx = {"s": s, "calls": calls, "mine": mine, "participant": participant, "manage": manage, "visible": visible,
           "raters": raters_of(s), "complete": calibration_complete(s),
           "submitted": {p.pk: s.scores.filter(evaluator=p).count() for p in raters_of(s)},
           "guest": guest, "guests": list(s.guests.select_related("agent", "view_by"))}  # fmt: skip
    if manage and s.status == CalibrationSession.Status.OPEN:
        invited = {g.agent_id for g in ctx["guests"]}
        ctx["excellent"] = [
            e for e in excellent_agents(s.center, timezone.localdate()) if e.agent.pk not in invited
        ]
    if visible:
        r = calibration_results(s)
        ctx["r"] = r
        ctx["spread_chart"] = dots_svg(r["calls"], r["raters"], r["matrix"], label="spread")
        ctx["matrix_rows"] = list(zip(r["calls"], r["matrix"], strict=True))
    return render(request, "feedback/calibration.html", ctx)


@login_required
def calibration_score_view(request, pk: int, call_pk: int):
    s = get_object_or_404(access.visible_calibrations(request.user), pk=pk)
    if not access.is_participant(request.user, s):
        raise PermissionDenied
    call = get_object_or_404(s.calls, pk=call_pk)
    me = _me(request)
    form = s.form.core()
    existing = CalibrationScore.objects.filter(session=s, call=call, evaluator=me).first()
    if request.method == "POST":
        answers = _answers_from_post(request, form)
        try:
            calibration_score(session=s, call=call, evaluator=me, answers=answers)
        except FeedbackError as exc:
            flash.error(request, str(exc))
            existing = CalibrationScore(answers=answers, score=0)
        else:
            flash.success(request, gettext("评分已保存"))
            return HttpResponseRedirect(reverse("feedback:calibration", args=[pk]))
    return render(request, "feedback/score.html", {"title": s.title, "call": call, "rows": _rows(form, existing.answers if existing else {}),
                                                    "back": reverse("feedback:calibration", args=[pk])})  # fmt: skip


# --- certification --------------------------------------------------------------------------------------


@login_required
def certification(request):
    gold = access.visible_gold_sets(request.user).prefetch_related("items")
    attempts = access.visible_attempts(request.user).select_related("candidate", "gold_set")
    if not (access.can_manage_gold(request.user) or access.can_take_certification(request.user)):
        raise PermissionDenied
    me = person_of(request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "gold" and access.can_manage_gold(request.user) and me is not None:
                ids = parse_ids(
                    request.POST.get("evaluations", "").replace("，", ",").split(","), field="evaluations"
                )
                evs = [e for e in gold_from_evaluation_ids(ids) if e.session.agent.center_id == me.center_id]
                gold_set_create(
                    center=me.center,
                    name=request.POST.get("name", ""),
                    evaluations=evs,
                    created_by=me,
                    actor=request.user,
                )
            elif action == "start" and access.can_take_certification(request.user):
                g = get_object_or_404(gold, pk=parse_id(request.POST.get("gold"), field="gold", default=0))
                a = certification_start(gold_set=g, candidate=me)
                return HttpResponseRedirect(reverse("feedback:attempt", args=[a.pk]))
            else:
                raise PermissionDenied
        except FeedbackError as exc:
            flash.error(request, str(exc))
        return HttpResponseRedirect(reverse("feedback:certification"))
    return render(request, "feedback/certification.html", {
        "gold": gold, "attempts": attempts[:200], "can_manage": access.can_manage_gold(request.user),
        "can_take": access.can_take_certification(request.user)})  # fmt: skip


@login_required
def attempt_detail(request, pk: int):
    a = get_object_or_404(
        access.visible_attempts(request.user).select_related("gold_set__form", "candidate"), pk=pk
    )
    me = person_of(request.user)
    mine = me is not None and a.candidate_id == me.pk
    if request.method == "POST":
        if not mine:
            raise PermissionDenied
        try:
            certification_finish(attempt=a, actor=request.user)
        except FeedbackError as exc:
            flash.error(request, str(exc))
        return HttpResponseRedirect(reverse("feedback:attempt", args=[pk]))
    items = list(a.gold_set.items.select_related("call"))
    return render(request, "feedback/attempt.html", {"a": a, "items": items, "mine": mine,
                                                      "done": {int(k) for k in a.answers}})  # fmt: skip


@login_required
def attempt_score(request, pk: int, item_pk: int):
    me = _me(request)
    a = get_object_or_404(CertificationAttempt.objects.select_related("gold_set__form"), pk=pk)
    if a.candidate_id != me.pk:
        raise Http404
    item = get_object_or_404(GoldItem.objects.select_related("call"), pk=item_pk, gold_set=a.gold_set)
    form = a.gold_set.form.core()
    answers = a.answers.get(str(item.pk), {})
    if request.method == "POST":
        answers = _answers_from_post(request, form)
        try:
            certification_answer(attempt=a, item=item, answers=answers)
        except FeedbackError as exc:
            flash.error(request, str(exc))
        else:
            return HttpResponseRedirect(reverse("feedback:attempt", args=[pk]))
    return render(request, "feedback/score.html", {"title": a.gold_set.name, "call": item.call, "rows": _rows(form, answers),
                                                    "back": reverse("feedback:attempt", args=[pk])})  # fmt: skip
