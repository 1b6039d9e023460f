"""Pages of the analysis table (监听分析表), its record table (电话监控记录表) and training."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hotline.calls.access import visible_calls
from hotline.org.access import is_admin, person_of
from hotline.org.formats import period_name
from hotline.org.models import Person, Role
from hotline.quality.services import active_form

from .. import access, exports, selectors
from ..charts import lines_svg
from ..models import Analysis, TrainingEntry
from ..services import FeedbackError
from ..services.analysis import (
    analysis_create,
    analysis_edit,
    analysis_transition,
    training_create,
    training_update,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def analyses(request):
    qs = (
        access.visible_analyses(request.user)
        .select_related("monitor", "center")
        .order_by("-period", "center__name", "monitor__work_number", "pk")
    )
    me = person_of(request.user)
    if not (access.can_write_analysis(request.user) or qs.exists() or access.sees_overdue(request.user)):
        raise PermissionDenied
    if request.method == "POST":
        if not access.can_write_analysis(request.user):
            raise PermissionDenied
        try:
            a = analysis_create(center=me.center, monitor=me, scope=request.POST.get("scope", "half"),
                                period=request.POST.get("period", ""), actor=request.user)  # fmt: skip
        except FeedbackError as exc:
            flash.error(request, str(exc))
        else:
            return HttpResponseRedirect(reverse("feedback:analysis", args=[a.pk]))
    today = timezone.localdate()
    return render(request, "feedback/analyses.html", {
        "analyses": qs[:200], "overdue": selectors.overdue_analyses(qs) if access.sees_overdue(request.user) else [],
        "can_write": access.can_write_analysis(request.user),
        "default_period": f"{today:%Y-%m}-H{1 if today.day <= 15 else 2}",
    })  # fmt: skip


def _get(request, pk):
    return get_object_or_404(
        access.visible_analyses(request.user).select_related("monitor", "center", "decided_by"), pk=pk
    )


@login_required
def analysis_detail(request, pk: int):
    a = _get(request, pk)
    me = person_of(request.user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "save":
                if not access.can_edit_analysis(request.user, a):
                    raise PermissionDenied
                analysis_edit(analysis=a, actor=request.user, common_problems=request.POST.get("common_problems"),
                              strengths=request.POST.get("strengths"), proposed_training=request.POST.get("proposed_training"))  # fmt: skip
            elif action == "refresh":
                if not access.can_edit_analysis(request.user, a):
                    raise PermissionDenied
                analysis_create(
                    center=a.center, monitor=a.monitor, scope=a.scope, period=a.period, actor=request.user
                )
            elif action in ("submit", "approve", "return"):
                allowed = access.can_edit_analysis if action == "submit" else access.can_decide_analysis
                if me is None or not allowed(request.user, a):
                    raise PermissionDenied
                analysis_transition(
                    analysis=a,
                    action=action,
                    by=me,
                    comment=request.POST.get("comment", ""),
                    actor=request.user,
                )
            else:
                raise PermissionDenied
        except FeedbackError as exc:
            flash.error(request, str(exc))
        else:
            flash.success(request, gettext("已保存"))
        return HttpResponseRedirect(reverse("feedback:analysis", args=[pk]))
    ctx = exports.analysis_context(a)
    ctx.update({
        "can_edit": access.can_edit_analysis(request.user, a) and a.status in (Analysis.Status.DRAFT, Analysis.Status.RETURNED),
        "can_decide": access.can_decide_analysis(request.user, a) and a.status == Analysis.Status.SUBMITTED,
        "overdue": a.status == Analysis.Status.SUBMITTED and a.due_at and a.due_at < timezone.now(),
    })  # fmt: skip
    return render(request, "feedback/analysis.html", ctx)


@login_required
def analysis_xlsx(request, pk: int):
    a = _get(request, pk)
    resp = HttpResponse(exports.analysis_xlsx(a), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="analysis-{a.period}-{a.monitor.work_number}.xlsx"'
    return resp


@login_required
def analysis_pdf(request, pk: int):
    a = _get(request, pk)
    resp = HttpResponse(
        exports.pdf("feedback/analysis_pdf.html", exports.analysis_context(a)), content_type="application/pdf"
    )
    resp["Content-Disposition"] = f'inline; filename="analysis-{a.period}-{a.monitor.work_number}.pdf"'
    return resp


@login_required
def records(request, pk: int):
    a = _get(request, pk)
    return render(request, "feedback/records.html", {"a": a, "records": a.data.get("records", [])})


@login_required
def records_xlsx(request, pk: int):
    a = _get(request, pk)
    resp = HttpResponse(exports.records_xlsx(a), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="records-{a.period}-{a.monitor.work_number}.xlsx"'
    return resp


@login_required
def records_pdf(request, pk: int):
    a = _get(request, pk)
    body = exports.pdf("feedback/records_pdf.html", {"a": a, "records": a.data.get("records", [])})
    resp = HttpResponse(body, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="records-{a.period}-{a.monitor.work_number}.pdf"'
    return resp


# --- training ------------------------------------------------------------------------------------------


@login_required
def training(request):
    if not access.can_see_training(request.user):
        raise PermissionDenied
    me = person_of(request.user)
    can_plan = access.can_plan_training(request.user) and me is not None and me.center_id is not None
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied
        try:
            entry = _training_from_post(request, me)
        except FeedbackError as exc:
            flash.error(request, str(exc))
        else:
            flash.success(request, gettext("培训计划已创建"))
            return HttpResponseRedirect(reverse("feedback:training_entry", args=[entry.pk]))
        return HttpResponseRedirect(reverse("feedback:training"))
    entries = access.visible_training(request.user).select_related("trainer").prefetch_related("agents")
    entries = list(entries[:200])
    ctx = {"entries": entries, "can_plan": can_plan, "kinds": TrainingEntry.Kind.choices,
           "done_count": sum(1 for e in entries if e.done)}  # fmt: skip
    if can_plan:
        ctx["agents"] = Person.objects.filter(center_id=me.center_id, role=Role.AGENT, active=True).order_by(
            "work_number"
        )
        ctx["items"] = _form_items()
        ctx["default_due"] = timezone.localdate() + dt.timedelta(days=14)
    return render(request, "feedback/training.html", ctx)


def _form_items() -> list:
    """The items of the active scoring form: a hand-made entry may follow one of them."""
    return list(active_form().core().items)


def _training_from_post(request, me: Person):
    """The hand-made entry of the training page's form: the agents and recordings the planner may see."""
    ids = [int(x) for x in request.POST.getlist("agents") if x.isdigit()]
    agents = list(Person.objects.filter(pk__in=ids))
    if len(agents) != len(set(ids)):
        raise FeedbackError(gettext("至少选择一名座席员"))
    try:
        due = dt.date.fromisoformat(request.POST.get("due_date") or "")
    except ValueError:
        due = None
    wanted = [c for c in re.split(r"[\s,，、;；]+", request.POST.get("calls", "")) if c]
    calls = list(visible_calls(request.user).filter(call_id__in=wanted, center_id=me.center_id))
    missing = [c for c in wanted if c not in {x.call_id for x in calls}]
    if missing:
        raise FeedbackError(gettext("找不到这些录音：%(ids)s") % {"ids": "、".join(missing)})
    keys = {i.key for i in _form_items()}
    item_key = request.POST.get("item_key", "")
    return training_create(center=me.center, topic=request.POST.get("topic", ""), agents=agents, due_date=due,
                           calls=calls, item_key=item_key if item_key in keys else "", created_by=me,
                           kind=request.POST.get("kind") or TrainingEntry.Kind.TRAINING,
                           actor=request.user)  # fmt: skip


@login_required
def training_detail(request, pk: int):
    if not access.can_see_training(request.user):
        raise PermissionDenied
    entry = get_object_or_404(access.visible_training(request.user), pk=pk)
    if request.method == "POST":
        if not access.can_plan_training(request.user):
            raise PermissionDenied
        trainer = Person.objects.filter(pk=request.POST.get("trainer") or 0, role=Role.TRAINER).first()
        try:
            training_update(entry=entry, trainer=trainer, due_date=request.POST.get("due_date") or None,
                            done=request.POST.get("done") == "on", actor=request.user)  # fmt: skip
        except FeedbackError as exc:
            flash.error(request, str(exc))
        return HttpResponseRedirect(reverse("feedback:training_entry", args=[pk]))
    prog = selectors.training_progress(entry)
    chart = lines_svg([period_name(p) for p in prog["labels"]], {r["name"]: list(r["rates"]) for r in prog["rows"]}, lo=0, hi=1,
                      percent=True, label="improvement")  # fmt: skip
    trainers = Person.objects.filter(center_id=entry.center_id, role=Role.TRAINER, active=True)
    calls = visible_calls(request.user).filter(pk__in=entry.calls.values("pk")).order_by("started_at")
    return render(request, "feedback/training_entry.html", {"e": entry, "prog": prog, "chart": chart, "trainers": trainers,
                                                            "calls": calls,
                                                            "can_plan": access.can_plan_training(request.user)})  # fmt: skip


@login_required
def library(request):
    if not access.can_see_training(request.user):
        raise PermissionDenied
    me = person_of(request.user)
    center = None if is_admin(request.user) or me is None else me.center
    q, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    flags = selectors.training_library(q, kind, center)[:200]
    return render(request, "feedback/library.html", {"flags": flags, "q": q, "kind": kind})
