"""Workforce pages (§5): forecast, staffing, rosters, my roster and requests, swaps, intraday.

Thin: check who is asking (``access``), read (``selectors``) or write (``services*``), render.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotline.core.params import parse_id, parse_int
from hotline.core.tabular import TableError
from hotline.jobs.services import in_background
from hotline.org.access import person_of
from hotline.org.models import Role, Team
from hotline.org.texts import render as render_text

from .. import access, selectors, services
from ..forms import (
    METHOD_LABELS,
    AttendanceUploadForm,
    EventForm,
    EventLogForm,
    ForecastForm,
    RosterForm,
    ShiftRequestForm,
    SkillForm,
    SwapForm,
    parse_date,
)
from ..models import (
    EventLog,
    EventMultiplier,
    ForecastRun,
    RequestStatus,
    Roster,
    ShiftRequest,
    ShiftType,
    Skill,
    StaffingPlan,
)
from ..services import contingency as services_contingency
from ..services import intraday as services_intraday
from ..services import roster as services_roster
from ..tasks import forecast_start

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today(center) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(center.timezone)).date()


def _planner_center(request):
    access.require_planner(request.user)
    return access.center_for(request.user, request.GET.get("center") or request.POST.get("center"))


@login_required
def index(request):
    if access.can_plan(request.user):
        return redirect("workforce:forecast")
    return redirect("workforce:my")


# ------------------------------------------------------------------------------- skills, forecast


@login_required
def skills(request):
    center = _planner_center(request)
    skill = None
    if request.GET.get("skill"):
        skill = get_object_or_404(Skill, pk=parse_id(request.GET["skill"], field="skill"), center=center)
    form = SkillForm(request.POST or None, instance=skill, center=center)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.center = center
        obj.save()
        form.save_m2m()
        messages.success(request, _("技能已保存"))
        return redirect("workforce:skills")
    return render(
        request,
        "workforce/skills.html",
        {"center": center, "skills": Skill.objects.filter(center=center), "form": form, "editing": skill},
    )


@login_required
def forecast(request):
    center = _planner_center(request)
    form = ForecastForm(
        request.POST or None, center=center, initial={"first_day": _today(center) + dt.timedelta(days=1)}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if in_background():  # the production path: a worker fits it, the page follows the job
            job = forecast_start(skill=d["skill"], first_day=d["first_day"], horizon=d["horizon"],
                                 method=d["method"], actor=request.user)  # fmt: skip
            return redirect(reverse("jobs:follow", args=[job.pk]))
        try:
            run = services.forecast_run(
                skill=d["skill"], first_day=d["first_day"], horizon=d["horizon"], method=d["method"],
                actor=request.user,
            )  # fmt: skip
        except services.PlanningError as exc:
            messages.error(request, str(exc))
        else:
            return redirect(f"{reverse('workforce:forecast')}?run={run.pk}")
    runs = list(ForecastRun.objects.filter(center=center).select_related("skill")[:20])
    for r in runs:
        r.method_label = METHOD_LABELS.get(r.method_used, r.method_used)
    run = None
    if request.GET.get("run"):
        run = get_object_or_404(ForecastRun, pk=parse_id(request.GET["run"], field="run"), center=center)
    elif runs:
        run = runs[0]
    return render(
        request,
        "workforce/forecast.html",
        {
            "center": center, "form": form, "runs": runs, "run": run,
            "chart": json.dumps(selectors.forecast_chart(run)) if run else "null",
            "method_used_label": METHOD_LABELS.get(run.method_used, run.method_used) if run else "",
            "method_label": METHOD_LABELS.get(run.method, run.method) if run else "",
            "events": EventMultiplier.objects.filter(center=center).select_related("skill"),
            "event_form": EventForm(center=center),
        },
    )  # fmt: skip


@login_required
@require_POST
def event_add(request):
    center = _planner_center(request)
    form = EventForm(request.POST, center=center)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.event_add(
                center=center, skill=d["skill"], first_day=d["first_day"], last_day=d["last_day"],
                factor=d["factor"], note=d["note"],
            )  # fmt: skip
            messages.success(request, _("活动系数已添加，重新预测后生效"))
        except services.PlanningError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("活动系数填写有误"))
    return redirect("workforce:forecast")


@login_required
@require_POST
def event_delete(request, pk: int):
    center = _planner_center(request)
    services.event_delete(event=get_object_or_404(EventMultiplier, pk=pk, center=center))
    return redirect("workforce:forecast")


# ------------------------------------------------------------------------------- staffing


@login_required
def staffing(request):
    center = _planner_center(request)
    if request.method == "POST":
        run = get_object_or_404(
            ForecastRun, pk=parse_id(request.POST.get("run"), field="run", default=0), center=center
        )
        try:
            plan = services.staffing_plan_build(run=run, actor=request.user)
        except services.PlanningError as exc:
            messages.error(request, str(exc))
            return redirect("workforce:staffing")
        return redirect(f"{reverse('workforce:staffing')}?plan={plan.pk}")
    plans = StaffingPlan.objects.filter(center=center).select_related("skill", "forecast")[:20]
    plan = None
    if request.GET.get("plan"):
        plan = get_object_or_404(StaffingPlan, pk=parse_id(request.GET["plan"], field="plan"), center=center)
    elif plans:
        plan = plans[0]
    rows = list(plan.intervals.all()) if plan else []
    zone = ZoneInfo(center.timezone)
    return render(
        request,
        "workforce/staffing.html",
        {
            "center": center, "plans": plans, "plan": plan, "zone": zone,
            "rows": [r for r in rows if r.calls > 0 or r.agents > 0],
            "risk_intervals": sum(
                1 for r in rows if r.service_level_p90 is not None and plan and r.service_level_p90 < plan.target_sl
            ),
            "runs": ForecastRun.objects.filter(center=center).select_related("skill")[:20],
            "chart": json.dumps(selectors.plan_chart(plan)) if plan else "null",
        },
    )  # fmt: skip


@login_required
def staffing_xlsx(request, pk: int):
    center = _planner_center(request)
    plan = get_object_or_404(StaffingPlan, pk=pk, center=center)
    resp = HttpResponse(services.staffing_xlsx(plan), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="staffing-{plan.pk}.xlsx"'
    return resp


# ------------------------------------------------------------------------------- rosters


@login_required
def rosters(request):
    if not (access.can_plan(request.user) or access.visible_rosters(request.user).exists()):
        raise PermissionDenied
    can_plan = access.can_plan(request.user)
    center = access.center_for(request.user, request.GET.get("center") or request.POST.get("center"))
    shifts = services_roster.shift_types(center)
    form = None
    if can_plan:
        form = RosterForm(
            request.POST or None, center=center, shifts=shifts,
            initial={"first_day": _monday(_today(center)), **_default_counts(shifts)},
        )  # fmt: skip
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            demand = {"mode": d["mode"], "min_rest_per_week": d["min_rest"]}
            if d["mode"] == "plan":
                demand["plan"] = d["plan"].pk
            else:
                demand["counts"] = {f[len("count_") :]: d[f] or 0 for f in form.shift_fields}
            try:
                roster = services_roster.roster_create(
                    center=center, team=d["team"], first_day=d["first_day"], days=d["days"], demand=demand,
                    time_limit_s=d["time_limit"], actor=request.user,
                )  # fmt: skip
            except services_roster.RosterError as exc:
                messages.error(request, str(exc))
            else:
                from hotline.jobs.services import job_start

                job_start(
                    kind="workforce.roster",
                    scope=f"roster={roster.pk}",
                    params={"roster": roster.pk},
                    center=roster.center,
                    actor=request.user,
                )
                return redirect("workforce:roster", pk=roster.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "workforce/rosters.html",
        {
            "center": center,
            "form": form,
            "rosters": access.visible_rosters(request.user).select_related("team")[:50],
            "shifts": shifts,
        },  # fmt: skip
    )


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _default_counts(shifts) -> dict:
    return {f"count_{s.short}": 1 for s in shifts if not s.is_rest}


@login_required
def roster_detail(request, pk: int):
    roster = get_object_or_404(access.visible_rosters(request.user).select_related("team", "center"), pk=pk)
    weeks = max(1, -(-roster.days // 7))
    try:
        week = min(
            max(1, parse_int(request.GET.get("week"), field="week", default=1, min=1, max=1000)), weeks
        )
    except ValueError:
        week = 1
    first = roster.first_day + dt.timedelta(days=7 * (week - 1))
    dates = [
        first + dt.timedelta(days=i) for i in range(7) if (first - roster.first_day).days + i < roster.days
    ]
    grid, dates = services_roster.roster_grid(roster, dates)
    counts = []
    shifts = services_roster.shift_types(roster.center)
    for j, _d in enumerate(dates):
        c = {}
        for _p, cells in grid:
            if cells[j]:
                c[cells[j].short] = c.get(cells[j].short, 0) + 1
        counts.append(c)
    summary = [(s, [c.get(s.short, 0) for c in counts]) for s in shifts]
    return render(
        request,
        "workforce/roster.html",
        {
            "roster": roster, "grid": grid, "dates": dates, "week": week, "weeks": range(1, weeks + 1),
            "summary": summary, "shifts": shifts, "can_change": access.can_change_roster(request.user, roster),
            "uncovered_shifts": [u for u in roster.uncovered if "shift" in u],
            "precheck": services_roster.precheck_lines(roster),
            "infeasible": services_roster.roster_infeasible(roster),
            "uncovered_intervals": [u for u in roster.uncovered if "start" in u],
            "solving": roster.state in (Roster.State.QUEUED, Roster.State.SOLVING),
        },
    )  # fmt: skip


@login_required
@require_POST
def roster_publish(request, pk: int):
    roster = get_object_or_404(access.visible_rosters(request.user), pk=pk)
    if not access.can_change_roster(request.user, roster):
        raise PermissionDenied
    try:
        services_roster.roster_publish(
            roster=roster, actor=request.user, override_reason=request.POST.get("override_reason", "")
        )
        messages.success(request, _("排班已发布，座席可在「我的排班」查看"))
    except services_roster.RosterError as exc:
        messages.error(request, str(exc))
    return redirect("workforce:roster", pk=pk)


@login_required
def roster_xlsx(request, pk: int):
    roster = get_object_or_404(access.visible_rosters(request.user), pk=pk)
    resp = HttpResponse(services_roster.roster_xlsx(roster), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="roster-{roster.pk}.xlsx"'
    return resp


# ------------------------------------------------------------------------------- my roster, requests


@login_required
def my(request):
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    today = _today(me.center)
    first = parse_date(request.GET.get("from"), _monday(today), "from")
    last = first + dt.timedelta(days=27)
    shifts = list(selectors.my_shifts(me, first, last))
    return render(
        request,
        "workforce/my.html",
        {
            "me": me, "first": first, "last": last, "shifts": shifts,
            "prev": first - dt.timedelta(days=28), "next": last + dt.timedelta(days=1),
            "request_form": ShiftRequestForm(center=me.center),
            "swap_form": SwapForm(colleagues=access.colleagues_of(me)),
            "requests": ShiftRequest.objects.filter(agent=me).select_related("shift")[:20],
            "swaps": selectors.pending_for(me).select_related("requester", "partner")[:20],
            "shift_types": ShiftType.objects.filter(center=me.center),
        },
    )  # fmt: skip


@login_required
@require_POST
def my_request(request):
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    form = ShiftRequestForm(request.POST, center=me.center)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services_roster.shift_request_create(agent=me, date=d["date"], shift=d["shift"], note=d["note"])
            messages.success(request, _("申请已提交"))
        except services_roster.RosterError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("申请填写有误"))
    return redirect("workforce:my")


@login_required
@require_POST
def my_swap(request):
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    form = SwapForm(request.POST, colleagues=access.colleagues_of(me))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services_roster.swap_request_create(
                requester=me,
                partner=d["partner"],
                date=d["date"],
                payback_date=d["payback_date"],
                note=d["note"],
                back_to_back=d["back_to_back"],
                actor=request.user,
            )
            messages.success(request, _("调班申请已提交，等待审批"))
        except services_roster.SwapRefused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("调班申请填写有误"))
    return redirect("workforce:my")


@login_required
def approvals(request):
    q = access.swap_approvable_filter(request.user)
    if q is None:
        raise PermissionDenied
    swaps = access.approvable_swaps(request.user).select_related("requester", "partner", "approver")
    req_q = access.swap_approvable_filter(request.user)
    from django.db.models import Q

    shift_requests = ShiftRequest.objects.filter(
        Q(pk__in=[]) if req_q is None else _agent_q(req_q)
    ).select_related("agent", "shift")
    return render(
        request,
        "workforce/approvals.html",
        {
            "pending": swaps.filter(status=RequestStatus.PENDING),
            "done": swaps.exclude(status=RequestStatus.PENDING)[:30],
            "requests": shift_requests.filter(status=RequestStatus.PENDING),
        },
    )


def _agent_q(q):
    """The swap filter (over ``requester``) rewritten for shift requests (over ``agent``)."""
    from django.db.models import Q

    out = Q()
    for child in q.children:
        key, value = child
        out &= Q(**{key.replace("requester", "agent"): value})
    return out


@login_required
@require_POST
def swap_decide(request, pk: int):
    swap = get_object_or_404(access.approvable_swaps(request.user), pk=pk)
    me = person_of(request.user)
    try:
        services_roster.swap_request_decide(
            swap=swap, approve=request.POST.get("decision") == "approve", by=me, actor=request.user
        )
        messages.success(request, _("已处理"))
    except services_roster.SwapRefused as exc:
        messages.error(request, str(exc))
    return redirect("workforce:approvals")


@login_required
@require_POST
def request_decide(request, pk: int):
    q = access.swap_approvable_filter(request.user)
    if q is None:
        raise PermissionDenied
    req = get_object_or_404(ShiftRequest.objects.filter(_agent_q(q)), pk=pk)
    if req.status != RequestStatus.PENDING:
        raise Http404
    services_roster.shift_request_decide(
        request=req, approve=request.POST.get("decision") == "approve", by=person_of(request.user)
    )
    return redirect("workforce:approvals")


# ------------------------------------------------------------------------------- intraday


@login_required
def intraday(request):
    if not access.can_watch_intraday(request.user):
        raise PermissionDenied
    center = access.center_for(request.user, request.GET.get("center") or request.POST.get("center"))
    today = _today(center)
    day = parse_date(request.GET.get("date"), today)
    skill = None
    if request.GET.get("skill"):
        skill = get_object_or_404(Skill, pk=parse_id(request.GET["skill"], field="skill"), center=center)
    log_form = EventLogForm(
        initial={"at": timezone.now().astimezone(ZoneInfo(center.timezone)).strftime("%Y-%m-%dT%H:%M")}
    )
    upload_form = AttendanceUploadForm()
    if request.method == "POST":
        if "file" in request.FILES:
            if not access.can_plan(request.user):
                raise PermissionDenied
            upload_form = AttendanceUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                up = upload_form.cleaned_data["file"]
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / Path(up.name).name
                    path.write_bytes(up.read())
                    try:
                        batch = services_intraday.attendance_import(
                            center=center, path=path, actor=request.user
                        )
                        messages.success(request, _("已导入 %(n)d 条状态记录") % {"n": batch.rows})
                    except TableError as exc:
                        for e in exc.errors[:30]:
                            messages.error(request, str(e))
        else:
            log_form = EventLogForm(request.POST)
            if log_form.is_valid():
                d = log_form.cleaned_data
                services_intraday.event_log_add(
                    center=center, at=d["at"], kind=d["kind"], text=d["text"], actions=d["actions"],
                    by=person_of(request.user),
                )  # fmt: skip
                messages.success(request, _("事件已记录"))
                return HttpResponseRedirect(request.get_full_path())
    settings = services_intraday.settings_for(center, day)
    interval = skill.interval_minutes if skill else 30
    rows, alerts = selectors.intraday(center, day, skill=skill, interval=interval, settings=settings)
    # Each alert links to the contingency plan of its scenario (seed 002; volume → surge, staff → absence).
    plans = {k: services_contingency.plan_for_alert(center, k) for k in services_contingency.ALERT_SCENARIO}
    for al in alerts:
        al.plan = plans.get(al.kind)
        msg = services_contingency.alert_message(center, al, plans)
        al.message = render_text(msg["key"], msg["params"])
    scope_skills, scope_teams = selectors.intraday_scope(center, skill)
    scope_team_names = list(Team.objects.filter(pk__in=scope_teams or []).values_list("name", flat=True))
    zone = ZoneInfo(center.timezone)
    shown = [r for r in rows if r.actual or r.forecast or r.scheduled or r.staffed]
    chart = {
        "x": [r.start.astimezone(zone).strftime("%H:%M") for r in rows],
        "actual": [r.actual for r in rows],
        "forecast": [None if r.forecast is None else round(r.forecast, 2) for r in rows],
        "scheduled": [round(r.scheduled, 2) for r in rows],
        "staffed": [round(r.staffed, 2) for r in rows],
    }
    return render(
        request,
        "workforce/intraday.html",
        {
            "center": center, "day": day, "skill": skill, "skills": Skill.objects.filter(center=center),
            "rows": shown, "alerts": alerts, "settings": settings, "zone": zone, "chart": json.dumps(chart),
            "log": EventLog.objects.filter(center=center, at__date__range=(day - dt.timedelta(days=1), day + dt.timedelta(days=1))).select_related("by"),
            "log_form": log_form, "upload_form": upload_form, "can_import": access.can_plan(request.user),
            "prev": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
            "is_planner": access.can_plan(request.user), "roles": dict(Role.choices),
            "scope_teams": scope_team_names, "scope_center_wide": scope_teams is None,
        },
    )  # fmt: skip
