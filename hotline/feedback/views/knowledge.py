"""Pages of the certification's knowledge test (§4): the question bank and the sittings."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hotline.core.errors import HotlineError
from hotline.errors import message_of
from hotline.org.access import person_of

from .. import access
from ..models import KnowledgeQuestion
from ..services import settings_for
from ..services.knowledge import (
    certification_status,
    knowledge_start,
    knowledge_submit,
    parse_answers,
    question_create,
    question_set_active,
)


def _me(request):
    me = person_of(request.user)
    if me is None or not me.active:
        raise PermissionDenied
    return me


@login_required
def knowledge(request):
    """The bank (QA monitors, trainers, managers) and the test (QA monitors and agents)."""
    manage = access.can_manage_questions(request.user)
    take = access.can_take_knowledge(request.user)
    if not (manage or take):
        raise PermissionDenied
    me = person_of(request.user)
    error, status = "", 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "start" and take:
                a = knowledge_start(candidate=_me(request))
                return HttpResponseRedirect(reverse("feedback:knowledge_attempt", args=[a.pk]))
            if action != "question" or not manage:
                raise PermissionDenied
            me = _me(request)
            question_create(center=me.center, topic=request.POST.get("topic", ""), text=request.POST.get("text", ""),
                            choices=request.POST.getlist("choice"), correct=request.POST.getlist("correct"), by=me,
                            actor=request.user)  # fmt: skip
        except HotlineError as exc:
            error, status = message_of(exc), exc.http_status
        else:
            flash.success(request, gettext("题目已添加"))
            return HttpResponseRedirect(reverse("feedback:knowledge"))
    attempts = (
        access.visible_knowledge_attempts(request.user).select_related("candidate").order_by("-started_at")
    )
    ctx = {
        "manage": manage, "take": take, "error": error, "topics": KnowledgeQuestion.Topic.choices,
        "questions": access.visible_questions(request.user).order_by("topic", "id") if manage else [],
        "attempts": attempts[:200], "post": request.POST if request.method == "POST" else {},
        "pass_mark": settings_for(me.center if me else None, timezone.localdate()).knowledge_pass_mark,
        "choice_slots": range(4),
        "status": certification_status([me]) if me is not None and take else [],
    }  # fmt: skip
    return render(request, "feedback/knowledge.html", ctx, status=status)


@login_required
@require_POST
def question_active(request, pk: int):
    q = get_object_or_404(access.visible_questions(request.user), pk=pk)
    question_set_active(question=q, active=request.POST.get("active") == "1", actor=request.user)
    return HttpResponseRedirect(reverse("feedback:knowledge"))


@login_required
def knowledge_attempt(request, pk: int):
    a = get_object_or_404(access.visible_knowledge_attempts(request.user).select_related("candidate"), pk=pk)
    me = person_of(request.user)
    mine = me is not None and a.candidate_id == me.pk
    error, status = "", 200
    if request.method == "POST":
        if not mine:
            raise PermissionDenied
        try:
            answers = parse_answers(a, request.POST.getlist)
            knowledge_submit(attempt=a, answers=answers, by=me, actor=request.user)
        except HotlineError as exc:
            error, status = message_of(exc), exc.http_status
        else:
            return HttpResponseRedirect(reverse("feedback:knowledge_attempt", args=[pk]))
        a.refresh_from_db()
    topics = dict(KnowledgeQuestion.Topic.choices)
    picked = {k: set(v) for k, v in (a.answers or {}).items()}
    rows = []
    for n, q in enumerate(a.questions, start=1):
        mine_picks = picked.get(str(q["id"]), set())
        rows.append({
            "n": n, "id": q["id"], "topic": topics.get(q["topic"], ""), "text": q["text"],
            "multi": len(q["correct"]) > 1,
            "choices": [{"i": i, "text": c, "picked": i in mine_picks, "correct": i in q["correct"]}
                        for i, c in enumerate(q["choices"])],
            "right": mine_picks == set(q["correct"]),
        })  # fmt: skip
    ctx = {"a": a, "rows": rows, "mine": mine, "error": error}
    return render(request, "feedback/knowledge_attempt.html", ctx, status=status)
