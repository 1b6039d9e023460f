"""Reads for the appraisal: the month's inputs of many agents in a few queries, rules, QA scores."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from hotline.core.appraisal import (
    DEFAULT_RULE_SETS,
    AppraisalInput,
    AttendanceEvent,
    ExamResult,
    OtherWork,
    RuleSet,
    WorkRecord,
    rules_for,
)
from hotline.core.appraisal import Incident as CoreIncident
from hotline.core.periods import month_bounds
from hotline.org.models import Absence, Person
from hotline.org.selectors import id_set

from .models import (
    AppraisalSignoff,
    Attendance,
    Exam,
    Incident,
    IncidentType,
    OtherWorkEntry,
    RuleSetVersion,
    WorkMonth,
)

_NAMES = {f.name for f in dataclasses.fields(RuleSet)} - {"effective_from", "money"}


def rule_set_of(row: RuleSetVersion) -> RuleSet:
    """A stored version as a RuleSet (fields it does not hold take the manual's defaults)."""
    return RuleSet(
        effective_from=row.effective_from, **{k: v for k, v in (row.params or {}).items() if k in _NAMES}
    )


def rule_sets(center=None) -> tuple[RuleSet, ...]:
    """The versions of one scope (None: the global ones) as RuleSets; the global scope without rows is
    the manual's defaults (with the November 2026 switch)."""
    rows = list(RuleSetVersion.objects.filter(center=center).order_by("effective_from"))
    if not rows and center is None:
        return DEFAULT_RULE_SETS
    return tuple(rule_set_of(r) for r in rows)


def rules_in_force(center, month: dt.date) -> RuleSet:
    """The rules of a center's month: the version in force on the 1st through ``policy_in_force`` (the
    center's own wins over the global one); the manual's defaults while no global version is stored."""
    from hotline.org.policies import policy_in_force

    first = month.replace(day=1)
    row = policy_in_force("appraisal_rules", center, first)
    if row.pk is None:
        return rules_for(first, DEFAULT_RULE_SETS)
    return rule_set_of(row)


def qa_scores(agents: Iterable[Person], month: dt.date) -> dict[int, float | None]:
    """Monthly service-quality composites (§3.6) by agent id, read through the quality app's selector
    ``monthly_scores(agents, year, month) -> [AgentMonth(agent, month, result: MonthlyScore, …)]``.

    An incomplete month (a component missing) has no score (None); without the quality app the
    appraisal runs without QA scores and the pages show "—".
    """
    people = list(agents)
    try:
        from hotline.quality.selectors import monthly_scores
    except ImportError:
        return {}
    return {m.agent.pk: m.result.score for m in monthly_scores(people, month.year, month.month)}


def is_locked(center_id: int, month: dt.date) -> bool:
    return AppraisalSignoff.objects.filter(
        center_id=center_id, month=month.replace(day=1), locked=True
    ).exists()


def signoff_of(center_id: int, month: dt.date) -> AppraisalSignoff | None:
    return AppraisalSignoff.objects.filter(center_id=center_id, month=month.replace(day=1)).first()


def appraisal_inputs(agents: Iterable[Person], month: dt.date) -> dict[int, AppraisalInput]:
    """Every agent's AppraisalInput for the month, in six queries whatever the number of agents."""
    people = list(agents)
    ids = [p.pk for p in people]
    first, last = month_bounds(month)
    att: dict[int, list] = defaultdict(list)
    # Approved sick/personal leave (org.Absence — recorded by a keeper or by approving a leave
    # request, §5) is attendance entered once: one event per absence, its days inside the month
    # (calendar days: agents work shifts over weekends; a half day counts 0.5). An imported
    # attendance row of the same kind on a day that leave already covers is not counted again.
    covered: dict[int, set[tuple[str, dt.date]]] = defaultdict(set)
    leaves = Absence.objects.filter(
        person_id__in=id_set(ids),
        kind__in=(Absence.Kind.SICK, Absence.Kind.PERSONAL),
        first_day__lte=last,
        last_day__gte=first,
    )
    for a in leaves:
        lo, hi = max(a.first_day, first), min(a.last_day, last)
        days = 0.5 if a.half else float((hi - lo).days + 1)
        att[a.person_id].append(AttendanceEvent(f"leave-{a.pk}", a.kind, lo, days))
        for n in range((hi - lo).days + 1):
            covered[a.person_id].add((a.kind, lo + dt.timedelta(days=n)))
    for a in Attendance.objects.filter(agent_id__in=id_set(ids), date__range=(first, last)):
        if (a.kind, a.date) in covered[a.agent_id]:
            continue
        att[a.agent_id].append(AttendanceEvent(f"att-{a.pk}", a.kind, a.date, a.days))
    exams: dict[int, list] = defaultdict(list)
    for e in Exam.objects.filter(agent_id__in=id_set(ids), date__range=(first, last)):
        exams[e.agent_id].append(ExamResult(f"exam-{e.pk}", e.date, e.score, e.pass_mark))
    work = {w.agent_id: w for w in WorkMonth.objects.filter(agent_id__in=id_set(ids), month=first)}
    vio: dict[int, list] = defaultdict(list)
    com: dict[int, list] = defaultdict(list)
    for i in Incident.objects.filter(agent_id__in=id_set(ids), date__range=(first, last)):
        target = vio if i.type == IncidentType.VIOLATION else com
        target[i.agent_id].append(CoreIncident(f"inc-{i.pk}", i.date, i.points, i.kind, i.note))
    other = {o.agent_id: o for o in OtherWorkEntry.objects.filter(agent_id__in=id_set(ids), month=first)}
    qa = qa_scores(people, first)
    out = {}
    for p in people:
        w = work.get(p.pk)
        record = (
            WorkRecord(w.accuracy, w.cases_over_limit, w.mean_handling_minutes)
            if w is not None
            else WorkRecord()
        )
        out[p.pk] = AppraisalInput(
            agent=p.work_number, month=first, attendance=tuple(att[p.pk]), exams=tuple(exams[p.pk]), work=record,
            violations=tuple(vio[p.pk]), commendations=tuple(com[p.pk]), qa_score=qa.get(p.pk),
            other_work=OtherWork(o.points, o.amount, o.note) if (o := other.get(p.pk)) else None,
        )  # fmt: skip
    return out


def other_work_of(agent: Person, month: dt.date) -> OtherWorkEntry | None:
    return OtherWorkEntry.objects.filter(agent=agent, month=month.replace(day=1)).first()


def year_facts(agents: Iterable[Person], month: dt.date) -> dict[int, list]:
    """Each agent's :class:`MonthFacts` from January to ``month`` of its year (the dismissal rules'
    inputs: leave days, lates, unexcused absences), in three queries; totals are not filled."""
    from hotline.core.appraisal import ABSENCE_KIND
    from hotline.core.appraisal_year import MonthFacts

    people = list(agents)
    ids = [p.pk for p in people]
    first = month.replace(day=1)
    start, (_f, last) = first.replace(month=1), month_bounds(first)
    acc: dict[tuple[int, dt.date], dict] = defaultdict(
        lambda: {"sick_days": 0.0, "personal_days": 0.0, "late_early": 0, "absences": 0}
    )
    covered: set[tuple[int, str, dt.date]] = set()
    for a in Absence.objects.filter(
        person_id__in=id_set(ids), kind__in=(Absence.Kind.SICK, Absence.Kind.PERSONAL), first_day__lte=last,
        last_day__gte=start,
    ):  # fmt: skip
        day = max(a.first_day, start)
        while day <= min(a.last_day, last):
            acc[(a.person_id, day.replace(day=1))][f"{a.kind}_days"] += 0.5 if a.half else 1.0
            covered.add((a.person_id, a.kind, day))
            day += dt.timedelta(days=1)
    for a in Attendance.objects.filter(agent_id__in=id_set(ids), date__range=(start, last)):
        key = (a.agent_id, a.date.replace(day=1))
        if a.kind in ("late", "early"):
            acc[key]["late_early"] += 1
        elif (a.agent_id, a.kind, a.date) not in covered:
            acc[key][f"{a.kind}_days"] += a.days
    for i in Incident.objects.filter(
        agent_id__in=id_set(ids), type=IncidentType.VIOLATION, kind=ABSENCE_KIND, date__range=(start, last)
    ):
        acc[(i.agent_id, i.date.replace(day=1))]["absences"] += 1
    out: dict[int, list] = {p.pk: [] for p in people}
    for (pid, m), values in sorted(acc.items(), key=lambda kv: kv[0][1]):
        out[pid].append(MonthFacts(month=m, **values))
    return out


def survey_summary(center_id: int, first: dt.date, last: dt.date) -> tuple[int, int]:
    """(answers, satisfied) of the center's satisfaction surveys between two dates (inclusive)."""
    from django.db.models import Count, Q

    from .models import SurveyResponse

    a = SurveyResponse.objects.filter(center_id=center_id, date__range=(first, last)).aggregate(
        n=Count("pk"), yes=Count("pk", filter=Q(satisfied=True))
    )
    return a["n"], a["yes"]


def survey_verbatims(
    center_id: int, first: dt.date, last: dt.date, limit: int = 40
) -> list[tuple[dt.date, bool, str]]:
    """The customers' own suggestions (non-empty), newest first: (date, satisfied, text)."""
    from .models import SurveyResponse

    rows = (
        SurveyResponse.objects.filter(center_id=center_id, date__range=(first, last))
        .exclude(suggestion="")
        .order_by("-date", "-id")
        .values_list("date", "satisfied", "suggestion")[:limit]
    )
    return list(rows)
