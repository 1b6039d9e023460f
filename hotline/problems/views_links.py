"""Problem management joined to quality and training (§9 last items): five-methods sessions started
from a node, and knowledge-base articles linked from evaluations and training entries (thin)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hotline.core.params import parse_id, parse_ids
from hotline.org.access import person_of
from hotline.quality import access as qa
from hotline.quality.models import Evaluation
from hotline.quality.services import QualityError
from hotline.quality.services.adhoc import MAX_CALLS, adhoc_session_start

from . import access, selectors
from .models import Article, ArticleLink, ReasonNode
from .services import ProblemError, article_link_add, article_link_remove


@login_required
@require_POST
def five_methods_start(request, pk: int):
    """Open one five-methods session per agent over the chosen calls of the node (at most five each)."""
    if not access.can_start_five_methods(request.user):
        raise PermissionDenied
    node = get_object_or_404(ReasonNode, pk=pk)
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    ids = parse_ids(request.POST.getlist("call"), field="call")
    calls = access.problem_calls(request.user).filter(selectors.on_node(node.path), pk__in=ids)
    calls = calls.select_related("agent")
    back = reverse("problems:node", args=[node.pk])
    by_agent = defaultdict(list)
    for c in calls:
        by_agent[c.agent].append(c)
    if not by_agent:
        flash.error(request, gettext("请先勾选录音"))
        return HttpResponseRedirect(back)
    if any(not qa.can_start_adhoc(request.user, agent) for agent in by_agent):
        raise PermissionDenied
    sessions = []
    try:
        for agent, mine in by_agent.items():
            for i in range(0, len(mine), MAX_CALLS):
                sessions.append(
                    adhoc_session_start(
                        monitor=me,
                        agent=agent,
                        calls=mine[i : i + MAX_CALLS],
                        node_path=node.path,
                        reason=request.POST.get("reason", "").strip() or node.path,
                        actor=request.user,
                    )  # fmt: skip
                )
    except QualityError as exc:
        flash.error(request, str(exc))
        return HttpResponseRedirect(back)
    if len(sessions) == 1:
        return HttpResponseRedirect(reverse("quality:session", args=[sessions[0].pk]))
    flash.success(request, gettext("已开始 %(n)s 次五法评定") % {"n": len(sessions)})
    return HttpResponseRedirect(back)


def _next(request, fallback: str) -> str:
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        return nxt
    return fallback


@login_required
@require_POST
def link_add(request):
    """Link an article (chosen among the suggestions, or by its number) from an evaluation or entry."""
    raw = (request.POST.get("article_id") or "").strip() or request.POST.get("article", "")
    if not raw.isdigit():
        flash.error(request, gettext("请选择文章"))
        return HttpResponseRedirect(_next(request, reverse("problems:kb")))
    article = get_object_or_404(Article, pk=int(raw))
    evaluation = entry = None
    if request.POST.get("evaluation", "").isdigit():
        evaluation = get_object_or_404(
            Evaluation.objects.select_related("session", "form"),
            pk=parse_id(request.POST["evaluation"], field="evaluation"),
        )
        if not qa.visible_sessions(request.user).filter(pk=evaluation.session_id).exists():
            raise Http404
        if not access.can_link_evaluation(request.user, evaluation):
            raise PermissionDenied
        fallback = reverse("quality:session", args=[evaluation.session_id])
    elif request.POST.get("training", "").isdigit():
        from hotline.feedback import access as fa

        entry = get_object_or_404(
            fa.visible_training(request.user), pk=parse_id(request.POST["training"], field="training")
        )
        if not access.can_link_training(request.user, entry):
            raise PermissionDenied
        fallback = reverse("feedback:training_entry", args=[entry.pk])
    else:
        raise Http404
    try:
        article_link_add(
            article=article, evaluation=evaluation, training_entry=entry,
            item_key=request.POST.get("item_key", "") if evaluation else "", actor=request.user,
        )  # fmt: skip
    except ProblemError as exc:
        flash.error(request, str(exc))
    else:
        flash.success(request, gettext("已关联文章"))
    return HttpResponseRedirect(_next(request, fallback))


@login_required
@require_POST
def link_remove(request, pk: int):
    link = get_object_or_404(
        ArticleLink.objects.select_related("evaluation", "evaluation__session", "training_entry"), pk=pk
    )
    if link.evaluation_id:
        allowed = access.can_link_evaluation(request.user, link.evaluation)
        fallback = reverse("quality:session", args=[link.evaluation.session_id])
    else:
        allowed = access.can_link_training(request.user, link.training_entry)
        fallback = reverse("feedback:training_entry", args=[link.training_entry_id])
    if not allowed:
        raise PermissionDenied
    article_link_remove(link=link, actor=request.user)
    return HttpResponseRedirect(_next(request, fallback))
