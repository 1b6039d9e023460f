"""The analysis table (监听分析表) and its approval (§3.7), and training-plan entries (§3.7.4).

Workflow (one service, :func:`analysis_transition`; every step audited, side effects after commit)::

    draft ──submit──▶ submitted ──approve──▶ approved (final)
      ▲                  │
      └──── returned ◀──return (comment required)
    returned ──submit──▶ submitted

The monitor submits their own; a manager of the center (never the monitor) approves or returns.
``due_at`` = submission + ``approval_days`` (default 3) days; overdue = still submitted after it.
On approval each agent gets their own results in the inbox and the failed items above the
threshold become training-plan entries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotline.core.periods import Period
from hotline.org.models import Center, Person, Role
from hotline.org.services import audit_record
from hotline.org.texts import keyed
from hotline.quality.models import Evaluation, Kind, PlanSlot, Purpose, Session
from hotline.quality.selectors import monthly_scores

from .. import texts as feedback_texts
from ..models import Analysis, Message, TrainingEntry
from ..services import FeedbackError, message_send, settings_for
from ..stats import pareto

TREND_PERIODS = 6


def periods_of(scope: str, period: str) -> list[str]:
    """The half-month periods an analysis covers ('YYYY-MM' → both halves)."""
    if scope == Analysis.Scope.MONTH:
        y, m = (int(x) for x in period.split("-")[:2])
        return [str(Period(y, m, 1)), str(Period(y, m, 2))]
    return [str(Period.parse(period))]


def _failed(item, raw) -> bool | None:
    """True when answered and below full points, False when full, None when N.A. or unanswered."""
    if raw in (None, "", "na"):
        return None
    if raw == "yes":
        return False
    if raw == "no":
        return True
    try:
        return int(raw) < item.scale_max
    except (TypeError, ValueError):
        return None


def _lines(text: str) -> list[str]:
    return [s.strip() for s in (text or "").splitlines() if s.strip()]


def analysis_compute(*, center: Center, monitor: Person, scope: str, period: str) -> dict:
    """Everything the analysis table shows, as plain JSON (frozen into the row on submit)."""
    periods = periods_of(scope, period)
    st = settings_for(center, Period.parse(periods[-1]).end)  # the version in force when the period ended
    sessions = list(
        Session.objects.filter(
            monitor=monitor,
            period__in=periods,
            status=Session.Status.SUBMITTED,
            agent__center=center,
            purpose=Purpose.REGIME,
        ).select_related("agent", "form")
    )
    evs = list(
        Evaluation.objects.filter(session__in=sessions, version__gt=0)
        .select_related("session", "session__agent", "call", "form")
        .order_by("session__agent__work_number", "session__date", "session__kind", "order")
    )
    forms = {}
    item_text: dict[str, str] = {}
    fails: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    agents_failing: dict[str, set[str]] = defaultdict(set)
    strengths: Counter[str] = Counter()
    improvements: Counter[str] = Counter()
    records = []
    per_agent_fail: dict[str, Counter[str]] = defaultdict(Counter)
    for ev in evs:
        form = forms.setdefault(ev.form_id, ev.form.core())
        wn = ev.session.agent.work_number
        lost = []
        for item in form.items:
            item_text.setdefault(item.key, item.text)
            f = _failed(item, ev.answers.get(item.key))
            if f is None:
                continue
            answered[item.key] += 1
            if f:
                fails[item.key] += 1
                agents_failing[item.key].add(wn)
                per_agent_fail[wn][item.key] += 1
                lost.append(item.key)
        strengths.update(_lines(ev.strengths))
        improvements.update(_lines(ev.improvements))
        records.append({
            "evaluation": ev.pk, "agent": ev.session.agent.name, "work_number": wn,
            "kind": ev.session.kind, "period": ev.session.period, "date": ev.session.date.isoformat(),
            "call": ev.call.call_id if ev.call else "", "order": ev.order,
            "started": timezone.localtime(ev.started_at).strftime("%H:%M:%S") if ev.started_at else "",
            "ended": timezone.localtime(ev.ended_at).strftime("%H:%M:%S") if ev.ended_at else "",
            "score": ev.score, "version": ev.version, "lost": [item_text[k] for k in lost],
            "critical": [item_text.get(k, k) for k in ev.critical_failed],
            "strengths": ev.strengths, "improvements": ev.improvements,
        })  # fmt: skip
    agents = sorted({s.agent for s in sessions}, key=lambda a: a.work_number)
    rows = []
    trend_periods = [str(Period.parse(periods[-1]).shift(-k)) for k in range(TREND_PERIODS - 1, -1, -1)]
    history = defaultdict(dict)
    for s in Session.objects.filter(
        agent__in=agents,
        period__in=trend_periods,
        status=Session.Status.SUBMITTED,
        score__isnull=False,
        purpose=Purpose.REGIME,
    ):
        history[s.agent_id].setdefault(s.period, []).append(s.score)
    months = {}
    if scope == Analysis.Scope.MONTH:
        y, m = (int(x) for x in period.split("-")[:2])
        months = {am.agent.pk: am.result for am in monthly_scores(agents, y, m)}
    for a in agents:
        mine = [s for s in sessions if s.agent_id == a.pk]
        rec = [s.score for s in mine if s.kind == Kind.RECORDING and s.score is not None]
        live = [s.score for s in mine if s.kind == Kind.LIVE and s.score is not None]
        allv = rec + live
        trend = [
            sum(history[a.pk][p]) / len(history[a.pk][p]) if history[a.pk].get(p) else None
            for p in trend_periods
        ]
        ms = months.get(a.pk)
        rows.append({
            "agent": a.pk, "name": a.name, "work_number": a.work_number,
            "recording": sum(rec) / len(rec) if rec else None, "live": sum(live) / len(live) if live else None,
            "mean": sum(allv) / len(allv) if allv else None, "trend": trend,
            "monthly": ms.score if ms else None, "monthly_missing": list(ms.missing) if ms else [],
            "failed_items": [item_text[k] for k, _ in per_agent_fail[a.work_number].most_common()],
        })  # fmt: skip
    par = [
        {"key": r.key, "text": item_text[r.key], "count": r.count, "share": r.share, "cumulative": r.cumulative,
         "rate": r.count / answered[r.key] if answered[r.key] else 0.0, "agents": sorted(agents_failing[r.key])}
        for r in pareto(fails)
    ]  # fmt: skip
    training = [
        p for p in par if p["rate"] >= st.training_threshold and len(p["agents"]) >= st.training_min_agents
    ]
    return {
        "periods": periods, "trend_periods": trend_periods, "agents": rows, "pareto": par,
        "evaluations": len(evs), "sessions": len(sessions), "records": records,
        "suggested_problems": [gettext("%(item)s（%(n)s次）") % {"item": p["text"], "n": p["count"]} for p in par[:3]],
        "suggested_strengths": [s for s, _ in strengths.most_common(3)],
        "suggested_improvements": [s for s, _ in improvements.most_common(3)],
        "training": [{"key": p["key"], "text": p["text"], "rate": p["rate"], "agents": p["agents"]} for p in training],
        "threshold": st.training_threshold, "computed_at": timezone.now().isoformat(),
        "pending": _pending(center, monitor, periods),
    }  # fmt: skip


def _pending(center: Center, monitor: Person, periods: list[str]) -> dict:
    """The monitor's planned sessions of the periods not held yet — a half-month's recording sessions
    are held in the first working days after it (§3.1), so an analysis made right after the period
    shows how many are still to come and until when."""
    slots = (
        PlanSlot.objects.filter(plan__center=center, plan__period__in=periods, monitor=monitor)
        .exclude(status=PlanSlot.Status.DONE)
        .exclude(session__status=Session.Status.SUBMITTED)
    )
    out = {"live": 0, "recording": 0, "until": ""}
    for kind, day in slots.values_list("kind", "date"):
        out[kind] += 1
        if day is not None and day.isoformat() > out["until"]:
            out["until"] = day.isoformat()
    return out


def analysis_period_valid(scope: str, period: str) -> str:
    try:
        if scope == Analysis.Scope.MONTH:
            y, m = (int(x) for x in period.strip().split("-")[:2])
            return f"{y:04d}-{m:02d}"
        if scope == Analysis.Scope.HALF:
            return str(Period.parse(period))
    except (TypeError, ValueError) as exc:
        raise FeedbackError(gettext("期间格式错误：%(period)s") % {"period": period}) from exc
    raise FeedbackError(gettext("未知范围 %(scope)r") % {"scope": scope})


@transaction.atomic
def analysis_create(*, center: Center, monitor: Person, scope: str, period: str, actor=None) -> Analysis:
    """Create (or refresh while still editable) the monitor's analysis of a period from the data."""
    if monitor.role != Role.QA_MONITOR:
        raise FeedbackError(gettext("只有质检员可以编写监听分析表"))
    period = analysis_period_valid(scope, period)
    a, created = Analysis.objects.get_or_create(
        center=center, monitor=monitor, period=period, defaults={"scope": scope}
    )
    if not created and a.status not in (Analysis.Status.DRAFT, Analysis.Status.RETURNED):
        raise FeedbackError(gettext("该分析表已提交，不能重新生成"))
    a.data = analysis_compute(center=center, monitor=monitor, scope=a.scope, period=period)
    if created or not (a.common_problems or a.strengths or a.proposed_training):
        a.common_problems = "\n".join(a.data["suggested_problems"])
        a.strengths = "\n".join(a.data["suggested_strengths"])
        a.proposed_training = "\n".join(  # a draft the monitor edits: written in their language
            gettext("%(item)s（失分率 %(rate)s）") % {"item": t["text"], "rate": f"{t['rate']:.0%}"}
            for t in a.data["training"]
        )
    a.save()
    if created:
        audit_record(actor=actor, action="feedback.analysis_create", obj=a, after={"period": period})
    return a


@transaction.atomic
def analysis_edit(*, analysis: Analysis, actor=None, **texts) -> Analysis:
    a = Analysis.objects.select_for_update(of=("self",)).get(pk=analysis.pk)
    if a.status not in (Analysis.Status.DRAFT, Analysis.Status.RETURNED):
        raise FeedbackError(gettext("已提交的分析表不能修改"))
    for f in ("common_problems", "strengths", "proposed_training"):
        if f in texts and texts[f] is not None:
            setattr(a, f, str(texts[f]))
    a.save()
    return a


TRANSITIONS = {
    "submit": ((Analysis.Status.DRAFT, Analysis.Status.RETURNED), Analysis.Status.SUBMITTED),
    "approve": ((Analysis.Status.SUBMITTED,), Analysis.Status.APPROVED),
    "return": ((Analysis.Status.SUBMITTED,), Analysis.Status.RETURNED),
}


@transaction.atomic
def analysis_transition(
    *,
    analysis: Analysis,
    action: str,
    by: Person,
    comment: str = "",
    actor=None,
    now: dt.datetime | None = None,
) -> Analysis:
    """The one door for every workflow step (see the module docstring); illegal steps are refused."""
    a = (
        Analysis.objects.select_for_update(of=("self",))
        .select_related("center", "monitor")
        .get(pk=analysis.pk)
    )
    if action not in TRANSITIONS:
        raise FeedbackError(gettext("未知操作 %(action)r") % {"action": action})
    sources, target = TRANSITIONS[action]
    if a.status not in sources:
        raise FeedbackError(
            gettext("当前状态“%(status)s”不能执行该操作") % {"status": a.get_status_display()}
        )
    now = now or timezone.now()
    before = {"status": a.status}
    if action == "submit":
        if by.pk != a.monitor_id:
            raise FeedbackError(gettext("只有编写人可以提交"))
        a.data = analysis_compute(center=a.center, monitor=a.monitor, scope=a.scope, period=a.period)
        a.submitted_at = now
        a.due_at = now + dt.timedelta(days=settings_for(a.center, timezone.localdate(now)).approval_days)
        a.comment = ""
    else:
        if by.pk == a.monitor_id:
            raise FeedbackError(gettext("不能审批自己提交的分析表"))
        if by.role not in (Role.MANAGER, Role.ADMIN) or (
            by.role == Role.MANAGER and by.center_id != a.center_id
        ):
            raise FeedbackError(gettext("只有本中心经理可以审批"))
        comment = (comment or "").strip()
        if action == "return" and not comment:
            raise FeedbackError(gettext("退回须填写意见"))
        a.decided_at, a.decided_by, a.comment = now, by, comment
    a.status = target
    a.save()
    audit_record(actor=actor, action=f"feedback.analysis_{action}", obj=a, before=before,
                 after={"status": a.status}, reason=comment)  # fmt: skip
    if action == "approve":
        _distribute(a, by)
        training_from_analysis(analysis=a, today=timezone.localdate(now))
    elif action == "return":
        message_send(recipients=[a.monitor], kind=Message.Kind.NOTICE, key=feedback_texts.ANALYSIS_RETURNED,
                     params={"period": a.period, "comment": comment}, sender=by, analysis=a)  # fmt: skip
    return a


def _distribute(a: Analysis, by: Person) -> None:
    """Each agent gets their own results (and only theirs) in the inbox."""
    agents = {p.pk: p for p in Person.objects.filter(pk__in=[r["agent"] for r in a.data.get("agents", [])])}
    for r in a.data.get("agents", []):
        p = agents.get(r["agent"])
        if p is None:
            continue
        ft = feedback_texts
        lines = [keyed(ft.RESULT_SCORES, recording=r["recording"], live=r["live"], mean=r["mean"])]
        if r.get("monthly") is not None:
            lines.append(keyed(ft.RESULT_MONTHLY, monthly=r["monthly"]))
        if r["failed_items"]:
            lines.append(keyed(ft.RESULT_FAILED, items=list(r["failed_items"])))
        mine = [x for x in a.data.get("records", []) if x["work_number"] == p.work_number]
        for x in mine:
            if x["strengths"] or x["improvements"]:
                lines.append(keyed(ft.RESULT_RECORD, date=x["date"], order=x["order"], strengths=x["strengths"],
                                   improvements=x["improvements"]))  # fmt: skip
        message_send(
            recipients=[p], kind=Message.Kind.RESULT, key=ft.RESULT, params={"period": a.period, "lines": lines},
            data={"row": r, "evaluations": [x["evaluation"] for x in mine]}, sender=a.monitor, analysis=a,
        )  # fmt: skip


def training_from_analysis(*, analysis: Analysis, today: dt.date | None = None) -> list[TrainingEntry]:
    """Failed items above the threshold → training-plan entries (idempotent per center, period, item)."""
    today = today or timezone.localdate()
    st = settings_for(analysis.center, today)
    trainer = (
        Person.objects.filter(center=analysis.center, role=Role.TRAINER, active=True)
        .order_by("work_number")
        .first()
    )
    out = []
    for t in analysis.data.get("training", []):
        entry, created = TrainingEntry.objects.get_or_create(
            center=analysis.center, period=analysis.period, item_key=t["key"],
            defaults={"topic": t["text"], "failure_rate": t["rate"], "analysis": analysis,
                      "due_date": today + dt.timedelta(days=st.training_due_days), "trainer": trainer},
        )  # fmt: skip
        entry.agents.add(*Person.objects.filter(work_number__in=t["agents"]))
        out.append(entry)
        if created and trainer is not None:
            message_send(recipients=[trainer], kind=Message.Kind.TRAINING, key=feedback_texts.TRAINING_NEW,
                         params={"topic": entry.topic, "period": analysis.period, "rate": t["rate"]},
                         analysis=analysis)  # fmt: skip
    return out


@transaction.atomic
def training_create(
    *, center: Center, topic: str, agents, due_date: dt.date | None, calls=(), item_key: str = "",
    created_by: Person | None = None, actor=None, today: dt.date | None = None, kind: str = "training",
) -> TrainingEntry:  # fmt: skip
    """A training-plan entry planned by hand (§3.7.4, issue 13.7): a topic, the center's agents, a due
    date, optionally an item of the scoring form whose failure rate is followed afterwards and the
    recordings to discuss. The entry belongs to this month (``YYYY-MM``); it has no failure rate.
    ``kind``: a training (培训, usually a group) or a coaching session (辅导, usually one agent); for a
    coaching session the due date is the day it is held."""
    if kind not in TrainingEntry.Kind.values:
        raise FeedbackError(gettext("请选择培训形式"))
    today = today or timezone.localdate()
    topic = (topic or "").strip()
    if not topic:
        raise FeedbackError(gettext("请填写培训主题"))
    agents = list(agents)
    if not agents:
        raise FeedbackError(gettext("至少选择一名座席员"))
    if any(a.center_id != center.pk or a.role != Role.AGENT for a in agents):
        raise FeedbackError(gettext("座席员不属于本中心"))
    if due_date is None:
        raise FeedbackError(gettext("请填写完成期限"))
    calls = list(calls)
    if any(c.center_id != center.pk for c in calls):
        raise FeedbackError(gettext("录音不属于本中心"))
    period = f"{today:%Y-%m}"
    key = (item_key or "").strip()[:60] or f"manual-{timezone.now():%Y%m%d%H%M%S%f}"
    if TrainingEntry.objects.filter(center=center, period=period, item_key=key).exists():
        raise FeedbackError(gettext("本月已有该项目的培训计划，请在该计划中补充"))
    entry = TrainingEntry.objects.create(center=center, period=period, item_key=key, topic=topic[:300], kind=kind,
                                         failure_rate=None, due_date=due_date, created_by=created_by,
                                         trainer=created_by if created_by and created_by.role == Role.TRAINER else None)  # fmt: skip
    entry.agents.set(agents)
    entry.calls.set(calls)
    audit_record(actor=actor, action="feedback.training_create", obj=entry,
                 after={"topic": entry.topic, "kind": kind, "agents": [a.pk for a in agents], "due": str(due_date),
                        "calls": [c.call_id for c in calls], "item": item_key})  # fmt: skip
    return entry


@transaction.atomic
def training_update(*, entry: TrainingEntry, trainer: Person | None = None, due_date=None, done=None,
                    topic: str | None = None, actor=None) -> TrainingEntry:  # fmt: skip
    if trainer is not None:
        if trainer.role != Role.TRAINER:
            raise FeedbackError(gettext("培训员角色不符"))
        entry.trainer = trainer
    if due_date is not None:
        entry.due_date = due_date
    if done is not None:
        entry.done = bool(done)
    if topic:
        entry.topic = topic.strip()[:300]
    entry.save()
    audit_record(actor=actor, action="feedback.training_update", obj=entry,
                 after={"trainer": entry.trainer_id, "due": str(entry.due_date), "done": entry.done})  # fmt: skip
    return entry
