"""Contingency plans, drills and the hiring plan (§5, seed 002). Plans and drills: planner, manager
(their center) and admin edit; team leaders read. Hiring plan: planner, manager, admin.

Thin: check who is asking (``access``), write through ``services_contingency``, render.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hotline.core.hiring import hiring_plan
from hotline.core.params import parse_id
from hotline.org.models import Person, Role
from hotline.org.policies import next_free_day, policy_history
from hotline.org.texts import render as render_text

from .. import access, selectors_hiring
from ..forms_contingency import DrillForm, DrillSettingsForm, HiringForm, PlanForm, StepFormSet
from ..models import ContingencyPlan, Drill, Scenario
from ..services import contingency as svc


def _center(request, *, edit: bool = False):
    if edit:
        access.require_planner(request.user)
    else:
        access.require_contingency_reader(request.user)
    return access.center_for(request.user, request.GET.get("center") or request.POST.get("center"))


def _rendered(items: list[dict]) -> list[str]:
    return [render_text(k["key"], k["params"]) for k in items]


def _steps_shown(plan: ContingencyPlan) -> list[dict]:
    names = dict(Person.objects.filter(pk__in=[s.get("person") for s in plan.steps if s.get("person")])
                 .values_list("pk", "name"))  # fmt: skip
    roles = dict(Role.choices)
    return [{**s, "owner": names.get(s.get("person")) or roles.get(s.get("role"), "—")} for s in plan.steps]


@login_required
def plans(request):
    center = _center(request)
    today = center.today()
    rows = list(ContingencyPlan.objects.filter(center=center).select_related("updated_by"))
    return render(request, "workforce/contingency_plans.html", {
        "center": center, "plans": rows, "warnings": _rendered(svc.drill_warnings(center, today)),
        "can_edit": access.can_plan(request.user), "requirement": svc.drill_settings_for(center, today),
    })  # fmt: skip


@login_required
def plan_edit(request, pk=None):
    """A plan: read (team leaders and planners), new or edited (planners, managers, admin)."""
    center = _center(request, edit=request.method == "POST" or pk is None)
    plan = get_object_or_404(ContingencyPlan, pk=pk, center=center) if pk else None
    can_edit = access.can_plan(request.user)
    if plan and not can_edit:
        return render(request, "workforce/contingency_plan.html", {
            "center": center, "plan": plan, "steps": _steps_shown(plan), "can_edit": False,
            "drills": plan.drills.select_related("follow_up_owner"),
        })  # fmt: skip
    if plan:
        initial = {"scenario": plan.scenario, "title": plan.title, "trigger": plan.trigger}
        step_initial = [{"text": s["text"], "role": s.get("role") or "", "person": s.get("person"),
                         "minutes": s.get("minutes")} for s in plan.steps]  # fmt: skip
    else:
        scenario = request.GET.get("scenario") if request.GET.get("scenario") in Scenario.values else ""
        initial, step_initial = {"scenario": scenario}, []
    form = PlanForm(request.POST or None, initial=initial)
    # On POST every row is read as sent (no initial: a row left as it was is still a step).
    steps = StepFormSet(request.POST or None, initial=None if request.method == "POST" else step_initial,
                        prefix="step", form_kwargs={"center": center})  # fmt: skip
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        rows = [f.cleaned_data for f in steps.forms if f.cleaned_data]
        try:
            plan = svc.plan_save(
                center=center, plan=plan, actor=request.user, steps=rows, **form.cleaned_data
            )
        except svc.ContingencyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("应急预案已保存（第 %(v)d 版）") % {"v": plan.version})
            return redirect("workforce:contingency_plan", pk=plan.pk)
    return render(request, "workforce/contingency_plan.html", {
        "center": center, "plan": plan, "form": form, "steps_form": steps, "can_edit": True,
        "steps": _steps_shown(plan) if plan else [],
        "drills": plan.drills.select_related("follow_up_owner") if plan else [],
    })  # fmt: skip


@login_required
def drills(request, pk=None):
    """The drills log of a center; planners log a drill or change one (``pk``)."""
    center = _center(request, edit=request.method == "POST")
    drill = get_object_or_404(Drill, pk=pk, plan__center=center) if pk else None
    can_edit = access.can_plan(request.user)
    form = None
    if can_edit:
        initial = {"date": center.today()}
        if drill:
            initial = {"plan": drill.plan_id, "date": drill.date, "participants": drill.participants,
                       "duration_minutes": drill.duration_minutes, "findings": drill.findings,
                       "actions": drill.actions, "follow_up_owner": drill.follow_up_owner_id,
                       "follow_up_done": drill.follow_up_done}  # fmt: skip
        elif request.GET.get("plan"):
            initial["plan"] = parse_id(request.GET["plan"], field="plan")
        form = DrillForm(request.POST or None, initial=initial, center=center)
        if request.method == "POST" and form.is_valid():
            try:
                svc.drill_save(drill=drill, actor=request.user, **form.cleaned_data)
            except svc.ContingencyError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("演练记录已保存"))
                return redirect("workforce:drills")
    elif request.method == "POST":
        raise PermissionDenied
    today = center.today()
    first, last = svc.drill_window(today)
    return render(request, "workforce/drills.html", {
        "center": center, "drill": drill, "form": form, "can_edit": can_edit,
        "drills": Drill.objects.filter(plan__center=center).select_related("plan", "follow_up_owner"),
        "warnings": _rendered(svc.drill_warnings(center, today)), "window_first": first, "window_last": last,
        "requirement": svc.drill_settings_for(center, today),
    })  # fmt: skip


@login_required
def settings_drills(request):
    center = _center(request, edit=True)
    today = center.today()
    current = svc.drill_settings_for(center, today)
    form = DrillSettingsForm(request.POST or None, initial={
        "per_year": current.per_year, "per_scenario": current.per_scenario,
        "effective_from": next_free_day("drills", center, today),
    })  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            svc.drill_settings_save(center=center, actor=request.user, **form.cleaned_data)
        except svc.ContingencyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("演练要求已保存"))
            return redirect("workforce:settings_drills")
    return render(request, "workforce/settings_drills.html", {
        "center": center, "form": form, "current": current, "tab": "drills",
        "history": policy_history("drills", center),
    })  # fmt: skip


@login_required
def hiring(request):
    """The hiring plan (§5): agents, seats and trunks per month ahead from the newest staffing plans,
    against today's headcount with attrition and the recruiting/training lead time."""
    center = _center(request, edit=True)
    form = HiringForm.from_query(request.GET)
    ctx = {"center": center, "form": form, "rows": [], "chart": "null"}
    if not form.is_valid():
        return render(request, "workforce/hiring.html", ctx, status=400)
    d = form.cleaned_data
    today = center.today()
    inputs = selectors_hiring.month_inputs(center, today, months=d["months"], weekly_hours=d["weekly_hours"])
    heads = selectors_hiring.headcount(center)
    plan = hiring_plan([i.need for i in inputs], headcount=heads, today=today, attrition=d["attrition"] / 100.0,
                       lead_months=d["lead_months"])  # fmt: skip
    rows = [{"row": r, "input": i} for r, i in zip(plan, inputs, strict=True)]
    chart = {
        "x": [r.month.strftime("%Y-%m") for r in plan],
        "needed": [r.needed for r in plan], "projected": [r.projected for r in plan],
        "hires": [r.hires for r in plan], "seats": [r.seats for r in plan],
    }  # fmt: skip
    ctx.update(rows=rows, chart=json.dumps(chart), headcount=heads, today=today,
               plans=selectors_hiring.newest_plans(center), total_hires=sum(r.hires for r in plan))  # fmt: skip
    return render(request, "workforce/hiring.html", ctx)
