"""Reads of the feedback loop that span relations (access rules are in ``access.py``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from hotline.core.periods import Period
from hotline.org.models import Person
from hotline.quality.models import Evaluation, Session, TrainingFlag
from hotline.quality.selectors import monthly_scores

from . import stats
from .models import Acknowledgement, Analysis, Dispute, Message, TrainingEntry
from .services import settings_for
from .services.analysis import _failed
from .services.disputes import dispute_deadlines


@dataclass(frozen=True)
class InboxItem:
    """One row of the one inbox (a message or a quality alert), its texts in the reader's language."""

    kind: str  # a Message.Kind (``alert`` for a quality alert)
    kind_label: str
    title: str
    body: str
    at: dt.datetime
    read: bool
    acknowledged: bool
    message: Message | None = None

    @property
    def alert(self) -> Message | None:
        """The message when it is a quality alert (acknowledged by reading it)."""
        return self.message if self.kind == Message.Kind.ALERT else None


def quality_alerts(person: Person) -> QuerySet[Message]:
    """The quality alerts (major errors, barge-ins) in one person's inbox."""
    return Message.objects.filter(recipient=person, kind=Message.Kind.ALERT)


def inbox_items(person: Person, messages: QuerySet[Message]) -> list[InboxItem]:
    """The inbox of ``person``: ``messages`` (their own, see ``access.my_messages``), alerts included,
    newest first; titles and bodies rendered in the active language."""
    return [
        InboxItem(m.kind, m.get_kind_display(), m.heading(), m.text(), m.created_at, m.read_at is not None,
                  m.acknowledged_at is not None or (m.kind == Message.Kind.ALERT and m.read_at is not None),
                  message=m)
        for m in messages.filter(recipient=person).select_related("sender")[:300]
    ]  # fmt: skip


def unread_count(person: Person | None) -> int:
    """Unread inbox rows (messages and alerts: one count, one place)."""
    if person is None:
        return 0
    return Message.objects.filter(recipient=person, read_at__isnull=True).count()


def overdue_analyses(qs: QuerySet[Analysis], now: dt.datetime | None = None) -> QuerySet[Analysis]:
    now = now or timezone.now()
    return qs.filter(status=Analysis.Status.SUBMITTED, due_at__lt=now).select_related("monitor", "center")


def agent_evaluations(agent: Person) -> list[Evaluation]:
    """The agent's published (submitted-session) evaluations, newest first."""
    return list(
        Evaluation.objects.filter(
            session__agent=agent, session__status=Session.Status.SUBMITTED, version__gt=0
        )
        .select_related("session", "session__monitor", "session__agent__center", "call", "form")
        .order_by("-session__date", "order")[:200]
    )


def agent_months(agent: Person, n: int = 3):
    """The agent's monthly composites (§3.6) of the ``n`` latest months with a submitted session."""
    periods = (
        Session.objects.filter(agent=agent, status=Session.Status.SUBMITTED)
        .order_by("-period")
        .values_list("period", flat=True)
        .distinct()
    )
    months = sorted({p[:7] for p in periods}, reverse=True)[:n]
    return [monthly_scores([agent], int(m[:4]), int(m[5:7]))[0] for m in months]


# --- dispute rates and the retaliation flag ------------------------------------------------------------


def evaluator_rates(people: QuerySet[Person], *, center_id: int | None = None) -> list[dict]:
    """Per evaluator: evaluations, disputes, dispute rate, decided, overturned (adjusted), overturn rate.

    ``center_id``: count only the evaluations and disputes of that center's agents (a manager reads
    their own center's figures, even for an evaluator who also scored another center)."""
    evs = defaultdict(int)
    ev_qs = Evaluation.objects.filter(version__gt=0, session__monitor__in=people)
    d_qs = Dispute.objects.filter(evaluator__in=people)
    if center_id is not None:
        ev_qs = ev_qs.filter(session__agent__center_id=center_id)
        d_qs = d_qs.filter(agent__center_id=center_id)
    for mid in ev_qs.values_list("session__monitor_id", flat=True):
        evs[mid] += 1
    rows = []
    disputes = defaultdict(list)
    for d in d_qs:
        disputes[d.evaluator_id].append(d)
    for p in people.order_by("work_number"):
        if not evs.get(p.pk) and not disputes.get(p.pk):
            continue
        ds = disputes.get(p.pk, [])
        decided = [d for d in ds if d.status != Dispute.Status.OPEN]
        over = [d for d in decided if d.status == Dispute.Status.ADJUSTED]
        n = evs.get(p.pk, 0)
        rows.append({
            "person": p, "evaluations": n, "disputes": len(ds), "dispute_rate": len(ds) / n if n else None,
            "decided": len(decided), "overturned": len(over),
            "overturn_rate": len(over) / len(decided) if decided else None,
        })  # fmt: skip
    return rows


def retaliation_flags(disputes: QuerySet[Dispute]) -> list[dict]:
    """The §4 flag (see ``stats.retaliation_check``) for every dispute, flagged ones first."""
    out = []
    ds = list(disputes.select_related("agent", "evaluator"))
    agents = {d.agent_id for d in ds}
    by_agent = defaultdict(list)
    for ev_id, agent, mon, at, score in Evaluation.objects.filter(
        session__agent_id__in=agents, version__gt=0, score__isnull=False
    ).values_list("pk", "session__agent_id", "session__monitor_id", "submitted_at", "score"):
        by_agent[agent].append(stats.Scored(str(agent), str(mon), at, score, str(ev_id)))
    for d in ds:
        st = settings_for(d.agent.center)
        r = stats.retaliation_check(
            by_agent[d.agent_id], agent=str(d.agent_id), evaluator=str(d.evaluator_id), opened_at=d.opened_at,
            exclude_id=str(d.evaluation_id), n=st.retaliation_n, threshold=st.retaliation_drop,
        )  # fmt: skip
        out.append({"dispute": d, "result": r})
    return sorted(out, key=lambda x: (not x["result"].flagged, x["dispute"].opened_at))


# --- consistency --------------------------------------------------------------------------------------


def consistency_rows(center_q: Q) -> list[stats.EvaluatorMonth]:
    rows = Evaluation.objects.filter(center_q, version__gt=0, score__isnull=False).values_list(
        "session__monitor__name", "session__period", "session__kind", "score"
    )
    return stats.consistency((name, period[:7], kind, score) for name, period, kind, score in rows)


# --- training -----------------------------------------------------------------------------------------


def entry_periods(entry: TrainingEntry, following: int = 3) -> list[str]:
    """Base period (a month's second half for a month entry) and the following half-months."""
    if len(entry.period) == 7:
        y, m = (int(x) for x in entry.period.split("-"))
        base = Period(y, m, 2)
    else:
        base = Period.parse(entry.period)
    return [str(base.shift(k)) for k in range(following + 1)]


def training_progress(entry: TrainingEntry, following: int = 3) -> dict:
    periods = entry_periods(entry, following)
    if len(entry.period) == 7:  # a month's entry: the base is both halves of the month
        cover = {periods[0]: periods[0], str(Period.parse(periods[0]).previous()): periods[0]}
    else:
        cover = {periods[0]: periods[0]}
    for p in periods[1:]:
        cover[p] = p
    agents = list(entry.agents.order_by("work_number"))
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    evs = Evaluation.objects.filter(
        session__agent__in=agents, session__period__in=list(cover), version__gt=0
    ).select_related("session__agent", "form")
    forms = {}
    sums: dict[tuple[str, str], list[float]] = defaultdict(list)
    for ev in evs:
        if ev.score is not None:
            sums[(ev.session.agent.work_number, cover[ev.session.period])].append(ev.score)
        form = forms.setdefault(ev.form_id, ev.form.core())
        try:
            item = form.item(entry.item_key)
        except KeyError:
            continue
        f = _failed(item, ev.answers.get(entry.item_key))
        if f is None:
            continue
        key = (ev.session.agent.work_number, cover[ev.session.period])
        failed, answered = counts.get(key, (0, 0))
        counts[key] = (failed + int(f), answered + 1)
    res = stats.improvement(counts, [a.work_number for a in agents], periods)
    names = {a.work_number: a.name for a in agents}
    scores = [
        {"name": a.name, "work_number": a.work_number,
         "means": [_mean(sums.get((a.work_number, p), [])) for p in periods]}
        for a in agents
    ]  # fmt: skip
    labels = [
        entry.period if len(entry.period) == 7 else periods[0],
        *periods[1:],
    ]  # a month's base: both halves
    return {"periods": periods, "labels": labels, "tracks_item": bool(forms) and _tracks(forms.values(), entry.item_key),
            "rows": [{"name": names[r.agent], "work_number": r.agent, "rates": r.rates,
                      "improved": r.improved} for r in res], "scores": scores}  # fmt: skip


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _tracks(forms, item_key: str) -> bool:
    """Whether the entry follows an item that the forms used in its periods have."""
    for form in forms:
        try:
            form.item(item_key)
        except KeyError:
            continue
        return True
    return False


def training_library(q: str = "", kind: str = "", center=None) -> QuerySet[TrainingFlag]:
    qs = TrainingFlag.objects.select_related("recording__call__agent", "by", "evaluation").order_by(
        "-created_at"
    )
    if center is not None:
        qs = qs.filter(recording__call__center=center)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(
            Q(reason__icontains=q) | Q(recording__call__agent__name__icontains=q)
            | Q(recording__call__agent__work_number=q) | Q(recording__call__call_id=q)
        )  # fmt: skip
    return qs


# --- the agent's home page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentTodo:
    """What an agent still has to do (issue 13): messages to acknowledge (results, urgent notices),
    published evaluations neither acknowledged nor disputed whose dispute window is still open (each
    with its last day), and their own disputes waiting for a decision."""

    unread: int
    messages: tuple[Message, ...]
    evaluations: tuple[tuple[Evaluation, dt.date], ...]
    disputes: tuple[Dispute, ...]


def agent_todo(agent: Person, today: dt.date, *, limit: int = 10) -> AgentTodo:
    """``today``: the agent's local date (the last day of a window still counts as open)."""
    messages = Message.objects.filter(
        recipient=agent, acknowledged_at__isnull=True, kind__in=[Message.Kind.RESULT, Message.Kind.URGENT]
    ).order_by("-created_at")[:limit]
    done = set(Acknowledgement.objects.filter(agent=agent).values_list("evaluation_id", flat=True))
    done |= set(Dispute.objects.filter(agent=agent).values_list("evaluation_id", flat=True))
    recent = (
        Evaluation.objects.filter(session__agent=agent, session__status=Session.Status.SUBMITTED, version__gt=0,
                                  session__date__gte=today - dt.timedelta(days=45))
        .exclude(pk__in=done)
        .select_related("session__agent__center", "session__monitor")
        .order_by("-session__date", "order")
    )  # fmt: skip
    recent = list(recent)
    deadlines = dispute_deadlines(recent)  # a fixed number of queries, whatever the number of evaluations
    open_evs = []
    for ev in recent:
        deadline = deadlines.get(ev.pk)
        if deadline is not None and deadline >= today:
            open_evs.append((ev, deadline))
    disputes = Dispute.objects.filter(agent=agent, status=Dispute.Status.OPEN).select_related(
        "evaluation__session", "reviewer"
    )
    return AgentTodo(unread_count(agent), tuple(messages), tuple(open_evs[:limit]), tuple(disputes[:limit]))
