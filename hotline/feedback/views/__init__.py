"""Pages of the feedback loop: inbox, urgent push, webhooks, disputes, consistency (thin views)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from hotline.calls.access import visible_recordings
from hotline.core.params import parse_id, parse_ids
from hotline.org.access import is_admin, person_of, require_agent
from hotline.org.formats import period_name
from hotline.org.models import AuditEntry, Person, Role
from hotline.quality.models import Evaluation, EvaluationVersion

from .. import access, selectors, services
from ..charts import lines_svg
from ..models import Acknowledgement, CalibrationGuest, Dispute, Interview, WebhookDelivery
from ..services import FeedbackError
from ..services.disputes import (
    dispute_assign,
    dispute_deadline,
    dispute_deadlines,
    dispute_decide,
    dispute_open,
)


def _me(request) -> Person:
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    return me


# --- inbox --------------------------------------------------------------------------------------------


@login_required
def inbox(request):
    me = _me(request)
    items = selectors.inbox_items(me, access.my_messages(request.user))
    return render(request, "feedback/inbox.html", {"items": items, "can_push": access.can_push(request.user)})


@login_required
def message_detail(request, pk: int):
    m = get_object_or_404(access.my_messages(request.user), pk=pk)
    services.message_read(message=m)
    evaluations = []
    ids = (m.data or {}).get("evaluations") or []
    if ids:
        evaluations = list(
            Evaluation.objects.filter(pk__in=ids, session__agent=m.recipient).select_related(
                "session", "call"
            )
        )
    dispute = None
    if (m.data or {}).get("dispute"):
        dispute = access.visible_disputes(request.user).filter(pk=m.data["dispute"]).first()
    return render(request, "feedback/message.html", {"m": m, "evaluations": evaluations, "dispute": dispute})


@login_required
@require_POST
def message_ack(request, pk: int):
    m = get_object_or_404(access.my_messages(request.user), pk=pk)
    services.message_acknowledge(message=m, actor=request.user)
    flash.success(request, gettext("已确认"))
    return HttpResponseRedirect(reverse("feedback:message", args=[pk]))


@login_required
@require_POST
def alert_ack(request, pk: int):
    alert = get_object_or_404(access.my_alerts(request.user), pk=pk)
    services.alert_acknowledge(alert=alert)
    return HttpResponseRedirect(reverse("feedback:inbox"))


@login_required
def push(request):
    if not access.can_push(request.user):
        raise PermissionDenied
    me = _me(request)
    agents = access.push_agents(request.user).order_by("work_number")
    teams = access.push_teams(request.user).order_by("name")
    if request.method == "POST":
        chosen = agents.filter(pk__in=parse_ids(request.POST.getlist("agents"), field="agents"))
        team_id = request.POST.get("team", "")
        team = teams.filter(pk=int(team_id)).first() if team_id.isdigit() else None
        try:
            rows = services.urgent_push(sender=me, title=request.POST.get("title", ""), body=request.POST.get("body", ""),
                                        agents=chosen, team=team, actor=request.user)  # fmt: skip
        except FeedbackError as exc:
            flash.error(request, str(exc))
        else:
            flash.success(request, gettext("已发送给 %(n)s 人") % {"n": len(rows)})
            return HttpResponseRedirect(reverse("feedback:push"))
    return render(request, "feedback/push.html", {"agents": agents, "teams": teams})


@login_required
def webhooks(request):
    if not access.can_see_webhooks(request.user):
        raise PermissionDenied
    qs = WebhookDelivery.objects.select_related("message__recipient")
    if not is_admin(request.user):
        qs = qs.filter(message__recipient__center_id=_me(request).center_id)
    if request.method == "POST":
        d = get_object_or_404(qs, pk=parse_id(request.POST.get("delivery"), field="delivery", default=0))
        services.webhook_retry(delivery=d, actor=request.user)
        return HttpResponseRedirect(reverse("feedback:webhooks"))
    failed = qs.exclude(status=WebhookDelivery.Status.SENT)[:200]
    sent = qs.filter(status=WebhookDelivery.Status.SENT).count()
    return render(request, "feedback/webhooks.html", {"failed": failed, "sent": sent})


# --- disputes -----------------------------------------------------------------------------------------


@login_required
def my_results(request):
    me = require_agent(request.user)
    evs = selectors.agent_evaluations(me)
    open_ids = set(Dispute.objects.filter(agent=me).values_list("evaluation_id", flat=True))
    deadlines = dispute_deadlines(evs)
    acked = set(Acknowledgement.objects.filter(agent=me).values_list("evaluation_id", flat=True))
    rows = [{"ev": e, "deadline": deadlines[e.pk], "disputed": e.pk in open_ids, "acknowledged": e.pk in acked}
            for e in evs]  # fmt: skip
    interviews = (
        Interview.objects.filter(agent=me)
        .exclude(status=Interview.Status.CANCELLED)
        .select_related("interviewer")
    )
    invitations = CalibrationGuest.objects.filter(agent=me).select_related("session").order_by("-invited_at")
    return render(request, "feedback/my_results.html", {"rows": rows, "months": selectors.agent_months(me),
                                                        "interviews": interviews[:50], "invitations": invitations[:20]})  # fmt: skip


TRAIL_ACTIONS = {
    "quality.evaluation_change": gettext_lazy("修改评分"),
    "feedback.dispute_open": gettext_lazy("提出申诉"),
    "feedback.dispute_assign": gettext_lazy("指派复核人"),
    "feedback.dispute_decide": gettext_lazy("复核决定"),
}


def _name(user) -> str:
    """Who acted, by their name (a login without a person: its username)."""
    if user is None:
        return "—"
    person = getattr(user, "person", None)
    return person.name if person is not None else user.username


def _score(value) -> str:
    return f"{value:.1f}" if isinstance(value, (int, float)) else "—"


def _audit_rows(entries) -> list[dict]:
    """The audit entries of an evaluation and its dispute, written for the reader: the action's name,
    who, and what changed (score, outcome) — never the stored dictionaries."""
    rows = []
    for e in entries:
        before = e.before if isinstance(e.before, dict) else {}
        after = e.after if isinstance(e.after, dict) else {}
        change = []
        if "score" in before or "score" in after:
            change.append(gettext("得分 %(before)s → %(after)s") % {"before": _score(before.get("score")),
                                                                     "after": _score(after.get("score"))})  # fmt: skip
        if after.get("status") in Dispute.Status.values:
            change.append(str(Dispute.Status(after["status"]).label))
        rows.append({"at": e.at, "action": TRAIL_ACTIONS.get(e.action, gettext_lazy("其他操作")),
                     "actor": _name(e.actor), "change": "；".join(change), "reason": e.reason})  # fmt: skip
    return rows


def _trail(ev: Evaluation, dispute: Dispute | None = None):
    versions = list(
        EvaluationVersion.objects.filter(evaluation=ev).select_related("by__person").order_by("version")
    )
    for v in versions:
        v.by_name = _name(v.by)
    q = Q(object_type="quality.evaluation", object_id=str(ev.pk))
    if dispute is not None:
        q |= Q(object_type="feedback.dispute", object_id=str(dispute.pk))
    audit = _audit_rows(AuditEntry.objects.filter(q).select_related("actor__person").order_by("at", "id"))
    return versions, audit


def _can_hear(request, ev: Evaluation) -> bool:
    return ev.call_id is not None and visible_recordings(request.user).filter(call_id=ev.call_id).exists()


def _items(ev: Evaluation):
    form = ev.form.core()
    return [{"key": i.key, "text": i.text, "points": i.points, "critical": i.critical,
             "answer": ev.answers.get(i.key, ""), "comment": ev.comments.get(i.key, "")} for i in form.items]  # fmt: skip


@login_required
def dispute_new(request, evaluation_pk: int):
    me = _me(request)
    ev = get_object_or_404(Evaluation.objects.select_related("session", "form", "call"), pk=evaluation_pk)
    if not access.can_open_dispute(request.user, ev):
        raise Http404
    if request.method == "POST":
        try:
            d = dispute_open(evaluation=ev, agent=me, reason=request.POST.get("reason", ""),
                             items=request.POST.getlist("items"), actor=request.user)  # fmt: skip
        except FeedbackError as exc:
            flash.error(request, str(exc))
        else:
            flash.success(request, gettext("申诉已提交"))
            return HttpResponseRedirect(reverse("feedback:dispute", args=[d.pk]))
    versions, audit = _trail(ev)
    return render(request, "feedback/dispute_new.html", {"ev": ev, "items": _items(ev), "deadline": dispute_deadline(ev),
                                                          "versions": versions, "audit": audit,
                                                          "can_hear": _can_hear(request, ev)})  # fmt: skip


@login_required
def disputes(request):
    qs = access.visible_disputes(request.user).select_related(
        "agent", "evaluator", "reviewer", "evaluation__session"
    )
    ctx = {"disputes": qs[:300], "rates": None, "flags": None}
    if access.can_see_rates(request.user):
        people = Person.objects.filter(role__in=[Role.QA_MONITOR, Role.MANAGER])
        center_id = None
        if not is_admin(request.user):
            center_id = _me(request).center_id
            people = people.filter(center_id=center_id)
        ctx["rates"] = selectors.evaluator_rates(people, center_id=center_id)
        ctx["flags"] = selectors.retaliation_flags(qs)
    return render(request, "feedback/disputes.html", ctx)


@login_required
def dispute_detail(request, pk: int):
    d = get_object_or_404(
        access.visible_disputes(request.user).select_related(
            "evaluation__form", "agent", "evaluator", "reviewer"
        ),
        pk=pk,
    )
    me = person_of(request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "assign" and access.can_assign_reviewer(request.user, d):
                reviewer = get_object_or_404(
                    Person, pk=parse_id(request.POST.get("reviewer"), field="reviewer", default=0)
                )
                dispute_assign(dispute=d, reviewer=reviewer, actor=request.user)
            elif action in ("upheld", "adjusted"):
                if me is None or d.reviewer_id != me.pk:
                    raise PermissionDenied
                answers = {k[2:]: v for k, v in request.POST.items() if k.startswith("a_") and v}
                comments = {k[2:]: v for k, v in request.POST.items() if k.startswith("c_") and v.strip()}
                dispute_decide(dispute=d, reviewer=me, outcome=action, explanation=request.POST.get("explanation", ""),
                               answers=answers, comments=comments, actor=request.user)  # fmt: skip
            else:
                raise PermissionDenied
        except FeedbackError as exc:
            flash.error(request, str(exc))
        else:
            flash.success(request, gettext("已保存"))
        return HttpResponseRedirect(reverse("feedback:dispute", args=[pk]))
    ev = d.evaluation
    versions, audit = _trail(ev, d)
    reviewers = []
    if access.can_assign_reviewer(request.user, d):
        reviewers = Person.objects.filter(center_id=d.agent.center_id, role__in=[Role.QA_MONITOR, Role.MANAGER],
                                          active=True).exclude(pk=d.evaluator_id).order_by("work_number")  # fmt: skip
    return render(request, "feedback/dispute.html", {
        "d": d, "ev": ev, "items": _items(ev), "versions": versions, "audit": audit, "reviewers": reviewers,
        "can_hear": _can_hear(request, ev),
        "can_decide": access.can_decide_dispute(request.user, d) and d.status == Dispute.Status.OPEN,
    })  # fmt: skip


# --- consistency --------------------------------------------------------------------------------------


@login_required
def consistency(request):
    if not access.can_see_consistency(request.user):
        raise PermissionDenied
    q = Q() if is_admin(request.user) else Q(session__agent__center_id=_me(request).center_id)
    rows = selectors.consistency_rows(q)
    months = sorted({r.month for r in rows})
    names = sorted({r.evaluator for r in rows})
    cell = {(r.evaluator, r.month): r for r in rows}
    mean_series = {n: [getattr(cell.get((n, m)), "mean", None) for m in months] for n in names}
    len_series = {n: [getattr(cell.get((n, m)), "leniency", None) for m in months] for n in names}
    sd_series = {n: [getattr(cell.get((n, m)), "sd", None) for m in months] for n in names}
    shown = [period_name(m) for m in months]  # "2026年11月" / "November 2026", never "2026-11"
    return render(request, "feedback/consistency.html", {
        "rows": rows, "mean_chart": lines_svg(shown, mean_series, label="mean"),
        "leniency_chart": lines_svg(shown, len_series, label="leniency"),
        "sd_chart": lines_svg(shown, sd_series, label="sd", lo=0),
    })  # fmt: skip
