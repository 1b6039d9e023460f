"""Pages of the monitoring regime (§3): plan, today, sessions, form builder, scores, my quality page."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hotline.calls.models import Call
from hotline.core.errors import HotlineError
from hotline.core.params import parse_float, parse_month
from hotline.core.periods import Period, parse_period
from hotline.errors import message_of
from hotline.org.access import is_admin, is_agent, person_of, require_agent, visible_people
from hotline.org.models import Center, Role

from . import access, checks, services
from .explain import pick_reasons, sample_pools, sample_summary
from .forms_builder import builder_errors, builder_rows, definition_from_post, form_key_error, form_preview
from .models import Evaluation, Kind, PlanSlot, Purpose, ScoreForm, Session
from .plan_view import plan_grid, plan_xlsx
from .scores_view import scores_context
from .selectors import month_periods
from .services import live as services_live

# --- entry ----------------------------------------------------------------------------------------


@login_required
def home(request):
    role = (
        "admin"
        if is_admin(request.user)
        else (person_of(request.user).role if person_of(request.user) else "")
    )
    if role == Role.AGENT:
        return redirect("quality:mine")
    if role == Role.QA_MONITOR:
        return redirect("quality:today")
    if role in access.PLAN_VIEWERS or role == "admin":
        return redirect("quality:plan")
    raise PermissionDenied


# --- plan -----------------------------------------------------------------------------------------


def _center_and_period(request, source) -> tuple[Center, Period]:
    centers = access.visible_centers(request.user)
    if not centers.exists():
        raise PermissionDenied
    code = source.get("center") or ""
    center = centers.filter(code=code).first() if code else None
    if code and center is None:
        raise PermissionDenied  # a center this user may not see
    if center is None:
        me = person_of(request.user)
        center = centers.filter(pk=me.center_id).first() if me else None
        center = center or centers.first()
    period = parse_period(source.get("period"), default=Period.of(timezone.localdate()))
    return center, period


@login_required
def plan_page(request):
    center, period = _center_and_period(request, request.GET)
    if not access.can_view_plan(request.user, center):
        raise PermissionDenied
    ctx = plan_grid(center, period, today=timezone.localdate())
    ctx.update(
        centers=access.visible_centers(request.user),
        can_generate=access.can_generate_plan(request.user, center),
        prev=period.previous(),
        next=period.next(),
    )
    from hotline.jobs.selectors import latest_job

    job = latest_job("quality.plan", f"center={center.pk}:{period}")
    ctx["plan_job"] = job if job is not None and not job.finished else None
    return render(request, "quality/plan.html", ctx)


@login_required
@require_POST
def plan_generate(request):
    center, period = _center_and_period(request, request.POST)
    if not access.can_generate_plan(request.user, center):
        raise PermissionDenied
    from hotline.jobs.services import job_start

    # A background job (a Celery worker, or a thread of this process without a broker); the plan page
    # shows its progress while it runs. One generation per center and period at a time.
    job, _started = job_start(kind="quality.plan", scope=f"center={center.pk}:{period}",
                              params={"center": center.pk, "period": str(period)}, center=center,
                              actor=request.user)  # fmt: skip
    job.refresh_from_db()
    if job.status == job.Status.DONE:
        messages.success(request, gettext("已生成监听计划：%(n)s 个时段") % {"n": job.result.get("slots", 0)})
    elif job.status == job.Status.FAILED:
        messages.error(request, job.error or gettext("生成监听计划失败"))
    else:
        messages.info(request, gettext("正在后台生成监听计划，完成后本页自动刷新"))
    return redirect(f"{reverse('quality:plan')}?center={center.code}&period={period}")


@login_required
def plan_export(request):
    center, period = _center_and_period(request, request.GET)
    if not access.can_view_plan(request.user, center):
        raise PermissionDenied
    data = plan_xlsx(center, period)
    resp = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="plan-{center.code}-{period}.xlsx"'
    return resp


@login_required
def today(request):
    me = person_of(request.user)
    if me is None or not (me.role == Role.QA_MONITOR or is_admin(request.user)):
        raise PermissionDenied
    day = timezone.localdate()
    mine = PlanSlot.objects.filter(monitor=me).select_related("agent", "agent__company", "session", "plan")
    todays = mine.filter(date=day).order_by("half", "id")
    overdue = (
        mine.filter(date__lt=day)
        .exclude(status=PlanSlot.Status.DONE)
        .exclude(session__status=Session.Status.SUBMITTED)
        .order_by("date", "half")
    )
    upcoming = mine.filter(date__gt=day, date__lte=day + dt.timedelta(days=7)).order_by("date", "half")
    todays, overdue, upcoming = (_with_counts_for(list(qs), day) for qs in (todays, overdue, upcoming))
    return render(
        request,
        "quality/today.html",
        {"day": day, "todays": todays, "overdue": overdue, "upcoming": upcoming},
    )


def _with_counts_for(slots: list[PlanSlot], day: dt.date) -> list[PlanSlot]:
    """Each slot with the half-month it counts for (§3.1: a recording session is held after it) and
    whether it can start on ``day`` (a recording session only once that half-month is over)."""
    for s in slots:
        s.counts_for = services._slot_session_period(s)
        s.not_yet = s.kind == Kind.RECORDING and not s.session_id and Period.parse(s.counts_for).end >= day
    return slots


@login_required
@require_POST
def slot_start(request, pk: int):
    slot = get_object_or_404(PlanSlot.objects.select_related("plan", "agent"), pk=pk)
    if not access.can_start_slot(request.user, slot):
        raise PermissionDenied
    try:
        session = services.session_start(slot=slot, actor=request.user)
    except services.QualityError as exc:
        messages.error(request, str(exc))
        return redirect("quality:today")
    return redirect("quality:session", pk=session.pk)


# --- sessions -------------------------------------------------------------------------------------


def _visible_session(request, pk: int) -> Session:
    qs = access.visible_sessions(request.user).select_related("agent", "monitor", "form", "agent__center")
    session = get_object_or_404(qs, pk=pk)
    if not session.submitted and not access.can_score(request.user, session) and not is_admin(request.user):
        if is_agent(request.user):
            raise Http404  # an agent sees a session once it is submitted
    return session


def _item_rows(ev: Evaluation, marks: dict | None = None) -> list[dict]:
    form = ev.form.core()
    missing = (marks or {}).get("items", {})
    sections = []
    for s in form.sections:
        items = []
        for i in s.items:
            items.append(
                {
                    "item": i,
                    "name": f"e{ev.pk}-a-{i.key}",
                    "cname": f"e{ev.pk}-c-{i.key}",
                    "value": str(ev.answers.get(i.key, "")),
                    "comment": ev.comments.get(i.key, ""),
                    "scale": list(range(i.scale_max + 1)) if i.answer_type == "scale" else [],
                    "problem": missing.get(i.key, ""),
                }
            )
        sections.append({"section": s, "items": items})
    return sections


@login_required
def session_page(request, pk: int):
    session = _visible_session(request, pk)
    editable = access.can_score(request.user, session) and not session.submitted
    evaluations = list(
        session.evaluations.select_related("call", "call__recording", "form").prefetch_related(
            "marks", "barge_ins"
        )
    )
    picks = {p.call_id: p for p in session.picks.select_related("call")}
    reasons = pick_reasons(session, picks.values())
    stored = request.session.pop("qa_marks", {}) if editable else {}
    rows = []
    for ev in evaluations:
        pick = picks.get(ev.call_id)
        marks = checks.marks_of(stored.get(str(ev.pk)) if isinstance(stored, dict) else None)
        rows.append(
            {
                "ev": ev,
                "pick": pick,
                "why": reasons.get(ev.call_id, "") if pick else "",
                "sections": _item_rows(ev, marks),
                "marks": marks,
                "has_audio": bool(ev.call_id and hasattr(ev.call, "recording")),
                "barge_in": bool(ev.barge_ins.all()),
            }
        )
    ctx = {
        "session": session,
        "sample_summary": sample_summary(session),
        "rows": rows,
        "evaluations": evaluations,
        "marked": sum(1 for r in rows if r["marks"]["count"]),
        "editable": editable,
        "problems": request.session.pop("qa_problems", []),
        "can_phone": session.submitted
        and access.can_score(request.user, session)
        and not is_admin(request.user),
    }
    if session.kind == Kind.LIVE:
        zone = ZoneInfo(session.agent.center.timezone)
        start = dt.datetime.combine(session.date, dt.time(0), tzinfo=zone)
        ctx["day_calls"] = Call.objects.filter(
            agent=session.agent,
            started_at__gte=start,
            started_at__lt=start + dt.timedelta(days=1),
            abandoned=False,
        ).order_by("started_at")
        ctx["zone"] = zone
        return render(request, "quality/live.html", ctx)
    return render(request, "quality/recording.html", ctx)


def _parse_time(session: Session, text: str):
    text = (text or "").strip()
    if not text:
        return None
    try:
        t = dt.time.fromisoformat(text)
    except ValueError:
        return None
    return dt.datetime.combine(session.date, t, tzinfo=ZoneInfo(session.agent.center.timezone))


def _posted(request, session: Session) -> dict[int, dict]:
    """The session page's form → evaluation id → fields, as the services take them."""
    out: dict[int, dict] = {}
    post = request.POST
    for ev in session.evaluations.all():
        p = f"e{ev.pk}-"
        form = ev.form.core()
        answers, comments = {}, {}
        for item in form.items:
            v = post.get(f"{p}a-{item.key}", "")
            if v:
                answers[item.key] = v
            c = post.get(f"{p}c-{item.key}", "").strip()
            if c:
                comments[item.key] = c
        data = {
            "answers": answers,
            "comments": comments,
            "strengths": post.get(f"{p}strengths", ""),
            "improvements": post.get(f"{p}improvements", ""),
        }
        if session.kind == Kind.LIVE:
            call_id = post.get(f"{p}call", "")
            data["call"] = (
                Call.objects.filter(agent=session.agent, call_id=call_id).first() if call_id else None
            )
            if f"{p}start" in post:
                data["started_at"] = _parse_time(session, post.get(f"{p}start"))
            if f"{p}end" in post:
                data["ended_at"] = _parse_time(session, post.get(f"{p}end"))
            data["barge_in"] = post.get(f"{p}barge") == "on"
            data["barge_train"] = post.get(f"{p}barge-train") == "on"
        out[ev.pk] = data
    return out


def _log_barge_ins(request, session: Session, data: dict[int, dict]) -> None:
    me = person_of(request.user)
    for ev in session.evaluations.all():
        train = data.get(ev.pk, {}).pop("barge_train", False)
        if data.get(ev.pk, {}).pop("barge_in", False) and not ev.barge_ins.exists() and me is not None:
            services.barge_in_log(evaluation=ev, by=me, training=train, actor=request.user)


def _scorable(request, pk: int) -> Session:
    session = get_object_or_404(access.visible_sessions(request.user), pk=pk)
    if not access.can_score(request.user, session):
        raise PermissionDenied
    return session


@login_required
@require_POST
def session_draft(request, pk: int):
    session = _scorable(request, pk)
    if session.submitted:
        return JsonResponse({"ok": False, "error": gettext("已提交")}, status=409)
    data = _posted(request, session)
    _log_barge_ins(request, session, data)
    services.session_save_draft(session=session, data=data, actor=request.user)
    return JsonResponse({"ok": True, "saved_at": timezone.localtime().strftime("%H:%M:%S")})


@login_required
@require_POST
def session_submit(request, pk: int):
    session = _scorable(request, pk)
    data = _posted(request, session)
    _log_barge_ins(request, session, data)
    try:
        services.session_submit(session=session, data=data, actor=request.user)
    except services.QualityError:
        services.session_save_draft(session=session, data=data, actor=request.user)
        marks = checks.session_problems(session)
        request.session["qa_marks"] = marks
        if not marks:  # nothing tied to a recording (e.g. a live session where no call was scored)
            request.session["qa_problems"] = [gettext("未能提交：至少要完整评分一通电话")]
        messages.error(request, gettext("未能提交：请补全标出的内容"))
        return redirect("quality:session", pk=session.pk)
    messages.success(request, gettext("监听已提交"))
    return redirect("quality:session", pk=session.pk)


def _scorable_evaluation(request, pk: int) -> Evaluation:
    ev = get_object_or_404(Evaluation.objects.select_related("session", "call"), pk=pk)
    if not access.visible_sessions(request.user).filter(pk=ev.session_id).exists():
        raise Http404
    if not access.can_score(request.user, ev.session):
        raise PermissionDenied
    return ev


@login_required
@require_POST
def mark_add(request, pk: int):
    ev = _scorable_evaluation(request, pk)
    me = person_of(request.user)
    try:
        mark = services.recording_mark_add(
            evaluation=ev, author=me,
            at_seconds=parse_float(request.POST.get("at_seconds"), field="at_seconds", default=0, min=0, max=86400),
            text=request.POST.get("text", ""),
        )  # fmt: skip
    except HotlineError as exc:  # QualityError too
        return JsonResponse({"ok": False, "error": message_of(exc), "field": exc.field}, status=400)
    return JsonResponse({"ok": True, "id": mark.pk, "at_seconds": mark.at_seconds, "text": mark.text})


@login_required
@require_POST
def live_alert(request, pk: int):
    """§3.6 the live form's alert button: keep what the monitor has marked on this call, then alert the
    agent and their team leader at once (JSON for the page's script; no reload)."""
    ev = _scorable_evaluation(request, pk)
    session = ev.session
    if session.kind != Kind.LIVE:
        raise Http404
    try:
        if not session.submitted:
            data = _posted(request, session).get(ev.pk, {})
            data.pop("barge_in", None), data.pop("barge_train", None)
            services.evaluation_save_draft(evaluation=ev, data=data, actor=request.user)
        sent = services_live.major_error_alert_send(
            evaluation=ev, by=person_of(request.user), actor=request.user
        )
    except HotlineError as exc:
        return JsonResponse(
            {"ok": False, "error": message_of(exc), "field": exc.field}, status=exc.http_status
        )
    at = timezone.localtime(sent.at).strftime("%H:%M:%S") if sent.at else ""
    if sent.already:
        text = gettext("已提醒过（%(at)s），未重复发送") % {"at": at}
    else:
        text = gettext("已提醒：%(names)s（%(at)s）") % {"names": "、".join(sent.recipients), "at": at}
    return JsonResponse({"ok": True, "already": sent.already, "items": list(sent.items), "message": text})


@login_required
@require_POST
def flag_add(request, pk: int):
    ev = _scorable_evaluation(request, pk)
    me = person_of(request.user)
    marks = []
    for m in request.POST.get("marks", "").replace("，", ",").split(","):
        try:
            marks.append(float(m))
        except ValueError:
            continue
    try:
        services.training_flag_set(
            evaluation=ev, by=me, kind=request.POST.get("kind", ""), reason=request.POST.get("reason", ""),
            marks=marks, actor=request.user,
        )  # fmt: skip
    except services.QualityError as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=400)
    return JsonResponse({"ok": True})


# --- form builder ---------------------------------------------------------------------------------


@login_required
def form_list(request):
    if not access.can_build_forms(request.user):
        raise PermissionDenied
    forms = ScoreForm.objects.order_by("key", "-version")
    return render(request, "quality/forms.html", {"forms": forms})


@login_required
def form_builder(request, key: str):
    if not access.can_build_forms(request.user):
        raise PermissionDenied
    if form_key_error(key):
        raise Http404
    versions = list(ScoreForm.objects.filter(key=key).order_by("-version"))
    base = next((f for f in versions if f.active), versions[0] if versions else None)
    error, errors, preview = "", [], None
    if request.method == "POST":
        errors = builder_errors(request.POST)
        definition = definition_from_post(request.POST)
        if not errors and request.POST.get("action") == "preview":
            preview = form_preview(definition)  # shown, not saved
        elif not errors:
            try:
                row = services.form_save_version(key=key, definition=definition, actor=request.user)
            except services.QualityError as exc:
                error = str(exc)
            else:
                messages.success(request, gettext("已保存为新版本 v%(v)s") % {"v": row.version})
                return redirect("quality:form", key=key)
        rows, title, declared = (
            builder_rows(definition),
            request.POST.get("title", ""),
            request.POST.get("max_points"),
        )
    else:
        # No version yet: the empty builder of a new form (nothing is stored before the first save).
        definition = base.definition if base else {"title": "", "sections": []}
        rows, title, declared = builder_rows(definition), definition["title"], None
    total = sum(float(r["points"]) for r in rows)
    return render(
        request,
        "quality/form_builder.html",
        {"key": key, "versions": versions, "base": base, "rows": rows, "title": title, "error": error,
         "errors": errors, "preview": preview, "total_text": f"{round(total, 3):g}",
         "max_points": declared if declared is not None else (f"{total:g}" if rows else "100")},
        status=400 if (errors or error) else 200,
    )  # fmt: skip


@login_required
@require_POST
def form_new(request):
    if not access.can_build_forms(request.user):
        raise PermissionDenied
    key = (request.POST.get("key") or "").strip().lower()
    error = form_key_error(key)
    if error is None and ScoreForm.objects.filter(key=key).exists():
        error = gettext("代码已被使用：请编辑该评分表或换一个代码")
    if error:
        messages.error(request, error)
        return redirect("quality:forms")
    return redirect("quality:form", key=key)


# --- scores ---------------------------------------------------------------------------------------


def _month(request) -> tuple[int, int]:
    """(year, month) of the ``month`` parameter (YYYY-MM); absent → this month; unreadable → 400."""
    first = parse_month(request.GET.get("month"), field="month", default=timezone.localdate().replace(day=1))
    return first.year, first.month


def _latest_month(sessions) -> tuple[int, int] | None:
    """The month of the latest half-month with a submitted regime session — the month the sessions
    count for (§3.1: a recording session is held after its half-month, maybe in the next month)."""
    last = (
        sessions.filter(status=Session.Status.SUBMITTED, purpose=Purpose.REGIME)
        .order_by("-period", "-date")
        .values_list("period", flat=True)
        .first()
    )
    if last is None:
        return None
    p = Period.parse(last)
    return p.year, p.month


@login_required
def scores(request):
    if not access.can_view_scores(request.user):
        raise PermissionDenied
    agents = visible_people(request.user).filter(role=Role.AGENT, active=True).select_related("team")
    if "month" not in request.GET:  # the latest month with a submitted session, else this month
        year, month = _latest_month(access.visible_sessions(request.user)) or _month(request)
    else:
        year, month = _month(request)
    ctx = scores_context(list(agents), year, month, selected=request.GET.get("agent"))
    return render(request, "quality/scores.html", ctx)


@login_required
def mine(request):
    me = require_agent(request.user)
    if "month" in request.GET:
        year, month = _month(request)
    else:  # the month of the latest results (early in a month: last month's recording sessions)
        year, month = _latest_month(Session.objects.filter(agent=me)) or _month(request)
    ctx = scores_context([me], year, month, selected=str(me.pk))
    sessions = (
        Session.objects.filter(
            agent=me, status=Session.Status.SUBMITTED, period__in=month_periods(year, month)
        )
        .prefetch_related("picks", "picks__call", "evaluations", "evaluations__article_links__article")
        .order_by("-date")
    )
    sessions = list(sessions)
    pools = sample_pools(sessions)
    for s in sessions:
        reasons = pick_reasons(s, s.picks.all(), pools)
        s.sample_summary = sample_summary(s)
        for p in s.picks.all():
            p.why = reasons.get(p.call_id, "")
    ctx.update(sessions=sessions)
    return render(request, "quality/mine.html", ctx)
