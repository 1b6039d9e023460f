"""The evaluation's own page (issue 13): the agent reads one published evaluation, acknowledges it in
one click or disputes it inline while the window is open (SPEC §3.7.3, §4). Managers, team leaders,
trainers and the monitor read it through the quality app's session visibility."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hotline.quality.access import visible_sessions
from hotline.quality.models import Evaluation, Session

from .. import access
from ..models import Acknowledgement, Dispute
from ..services import FeedbackError
from ..services.ack import evaluation_acknowledge
from ..services.disputes import _local_date, dispute_deadline, dispute_open
from ..views import _can_hear, _items, _me, _trail


def _visible_evaluation(request, pk: int) -> Evaluation:
    sessions = visible_sessions(request.user).filter(status=Session.Status.SUBMITTED)
    qs = Evaluation.objects.filter(session__in=sessions, version__gt=0).select_related(
        "session__agent__center", "session__monitor", "form", "call"
    )
    return get_object_or_404(qs, pk=pk)


def _window(ev: Evaluation) -> dict:
    """The dispute window of the evaluation as the page shows it: its last day and whether it is open."""
    deadline = dispute_deadline(ev)
    today = _local_date(timezone.now(), ev.session.agent.center)
    return {"deadline": deadline, "open": deadline is not None and today <= deadline}


@login_required
def evaluation_page(request, pk: int, *, error: str = "", status: int = 200):
    ev = _visible_evaluation(request, pk)
    mine = access.can_open_dispute(request.user, ev)
    disputes = list(Dispute.objects.filter(evaluation=ev).select_related("reviewer").order_by("-opened_at"))
    open_dispute = next((d for d in disputes if d.status == Dispute.Status.OPEN), None)
    versions, audit = _trail(ev, open_dispute or (disputes[0] if disputes else None))
    ctx = {
        "ev": ev, "items": _items(ev), "mine": mine, "window": _window(ev), "disputes": disputes,
        "open_dispute": open_dispute, "ack": Acknowledgement.objects.filter(evaluation=ev).first(),
        "versions": versions, "audit": audit, "can_hear": _can_hear(request, ev), "error": error,
        "reason": request.POST.get("reason", "") if request.method == "POST" else "",
        "picked": request.POST.getlist("items") if request.method == "POST" else [],
    }  # fmt: skip
    return render(request, "feedback/evaluation.html", ctx, status=status)


@login_required
@require_POST
def evaluation_ack(request, pk: int):
    ev = _visible_evaluation(request, pk)
    if not access.can_open_dispute(request.user, ev):
        raise Http404
    try:
        evaluation_acknowledge(evaluation=ev, agent=_me(request), actor=request.user)
    except FeedbackError as exc:
        return evaluation_page(request, pk, error=str(exc), status=400)
    flash.success(request, gettext("已确认"))
    return HttpResponseRedirect(reverse("feedback:evaluation", args=[pk]))


@login_required
@require_POST
def evaluation_dispute(request, pk: int):
    ev = _visible_evaluation(request, pk)
    if not access.can_open_dispute(request.user, ev):
        raise Http404
    try:
        d = dispute_open(evaluation=ev, agent=_me(request), reason=request.POST.get("reason", "")[:4000],
                         items=request.POST.getlist("items"), actor=request.user)  # fmt: skip
    except FeedbackError as exc:
        return evaluation_page(request, pk, error=str(exc), status=400)
    flash.success(request, gettext("申诉已提交"))
    return HttpResponseRedirect(reverse("feedback:dispute", args=[d.pk]))
