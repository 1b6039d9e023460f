"""The §3.4 monitoring plan: who is monitored by whom, live sessions in the half-month's mornings and
recording sessions in the afternoons of the first working days after it (``hotline.core.plan``).
Split from ``services`` (which re-exports these names for its callers)."""

from __future__ import annotations

import datetime as dt
import re
import warnings as pywarnings
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from hotline.core import plan as core_plan
from hotline.core.periods import Period
from hotline.core.rotation import Agent, live_order
from hotline.core.workdays import working_days, working_days_after
from hotline.org.models import Center, Person, Role
from hotline.org.services import audit_record
from hotline.org.texts import keyed

from .. import texts as qt
from ..models import MonitoringPlan, PlanSlot, Purpose, Session
from ..selectors import holidays_in_force, settings_for


def actor_user(actor):
    """The user behind ``actor`` when it is a signed-in user, else None (system or anonymous)."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def center_monitors(center: Center) -> list[Person]:
    """The center's active QA monitors; a center without its own uses the monitors currently assigned
    to its agents (one QA team may serve several centers)."""
    own = list(
        Person.objects.filter(center=center, role=Role.QA_MONITOR, active=True).order_by("work_number")
    )
    if own:
        return own
    return list(
        Person.objects.filter(
            role=Role.QA_MONITOR, active=True, monitored_agents__center=center, monitored_agents__active=True
        )
        .distinct()
        .order_by("work_number")
    )


def center_agents(center: Center) -> list[Person]:
    return list(
        Person.objects.filter(center=center, role=Role.AGENT, active=True)
        .select_related("company")
        .order_by("pk")
    )


def holiday_overrides() -> dict[dt.date, bool]:
    """date → working day (True) or day off, for every date the holiday table versions; each date as
    the version in force on that date judges it (the Chinese calendar decides every other date)."""
    return {day: row.is_working_day for day, row in holidays_in_force().items()}


def period_working_days(period: Period) -> tuple[list[dt.date], list[str]]:
    with pywarnings.catch_warnings(record=True) as caught:
        pywarnings.simplefilter("always")
        days = working_days(period.start, period.end, holiday_overrides())
    return days, [str(w.message) for w in caught]


def recording_days(period: Period, center: Center | None = None) -> tuple[list[dt.date], list[str]]:
    """§3.1: the days of ``period`` 's recording sessions — the first ``recording_window_days`` working
    days after it ends (the setting in force at the period's start), with any calendar warning."""
    n = settings_for(center, period.start).recording_window_days
    with pywarnings.catch_warnings(record=True) as caught:
        pywarnings.simplefilter("always")
        days = working_days_after(period.end, n, holiday_overrides())
    return days, [str(w.message) for w in caught]


def plan_days(period: Period, center: Center | None = None) -> tuple[list[dt.date], list[dt.date], list[str]]:
    """(the period's working days — live mornings, the recording days after it, the calendar
    warnings once each)."""
    days, notes = period_working_days(period)
    rec, more = recording_days(period, center)
    return days, rec, list(dict.fromkeys(notes + more))


@transaction.atomic
def plan_generate(
    *, center: Center, period: Period | str, actor=None, today: dt.date | None = None
) -> MonitoringPlan:
    """Generate (or re-generate) the §3.4 plan of ``center`` for ``period``.

    Live slots go to the period's mornings, recording slots to the afternoons of the first working
    days after it (§3.1, ``recording_window_days``): they sample the whole half-month and count for it.
    Sessions already held (any session of the period, draft or submitted) keep their date and monitor;
    when re-generating after the period started (up to its last recording day) no new slot is put
    before ``today`` — live sessions not held by the period's end become overdue. Last period's overdue
    slots without a session are carried over. The agent → QA monitor assignment (``Person.monitors``,
    used by the access rules) is updated to the new plan's for the center's agents.
    """
    period = Period.parse(str(period))
    today = today or timezone.localdate()
    st = settings_for(center, period.start)
    agents = center_agents(center)
    monitors = center_monitors(center)
    by_wn = {a.work_number: a for a in agents}
    mon_by_wn = {m.work_number: m for m in monitors}
    order = live_order(
        [Agent(a.work_number, a.name, a.company.name if a.company else "—", a.pinyin) for a in agents],
        period,
        Period.parse(st.anchor_period),
        company_pinyin={a.company.name: a.company.pinyin for a in agents if a.company and a.company.pinyin},
    )
    company_of = {a.work_number: a.company for a in order.agents}
    days, rec_days, notes = plan_days(period, center)

    sessions = list(
        Session.objects.filter(agent__in=agents, period=str(period), purpose=Purpose.REGIME).select_related(
            "agent", "monitor"
        )
    )
    done = []
    for s in sessions:
        if s.monitor.work_number not in mon_by_wn:
            mon_by_wn[s.monitor.work_number] = s.monitor
        done.append(core_plan.DoneSession(s.agent.work_number, s.kind, s.date, s.monitor.work_number))
    session_of = {(s.agent.work_number, s.kind): s for s in sessions}

    previous = MonitoringPlan.objects.filter(center=center, period=str(period.previous())).first()
    previous_assignment = dict(previous.assignment) if previous else {}
    carry = []
    carried_session: dict[tuple[str, str], Session] = {}
    if previous:
        for slot in previous.slots.filter(status=PlanSlot.Status.OVERDUE).select_related("agent", "session"):
            wn = slot.agent.work_number
            if wn not in by_wn:
                continue
            held = Session.objects.filter(
                agent=slot.agent, period=previous.period, kind=slot.kind, purpose=Purpose.REGIME
            ).first()
            if held is not None and held.submitted:
                continue
            carry.append(core_plan.Overdue(wn, slot.kind, slot.reason, company_of.get(wn, "")))
            if held is not None:
                carried_session[(wn, slot.kind)] = held

    last_day = max([period.end, *rec_days])
    not_before = today if period.start < today <= last_day else None
    monitor_leave, agent_absence, absence_notes = _absences(
        monitors, agents, period.start, last_day, [*days, *rec_days]
    )
    result = core_plan.make_plan(
        days,
        order.agents,
        [m.work_number for m in monitors],
        monitor_leave=monitor_leave,
        agent_absence=agent_absence,
        previous_assignment=previous_assignment,
        done=done,
        carry_over=carry,
        not_before=not_before,
        recording_days=rec_days,
    )
    moved = sum(1 for s in result.slots if s.moved)
    absence_notes += [keyed(qt.PLAN_MOVED, n=moved)] if moved else []
    warnings = _calendar_warnings(notes) + absence_notes
    warnings += [
        keyed(qt.PLAN_CORE[w.code], **w.params) if w.code in qt.PLAN_CORE else str(w) for w in result.warnings
    ]
    if not monitors:
        warnings.append(keyed(qt.PLAN_NO_MONITOR))

    plan_row, _created = MonitoringPlan.objects.select_for_update(of=("self",)).get_or_create(
        center=center, period=str(period), defaults={"generated_at": timezone.now()}
    )
    before = {"slots": plan_row.slots.count(), "assignment": plan_row.assignment} if not _created else None
    plan_row.slots.all().delete()
    rows = []
    for s in result.slots:
        agent = by_wn.get(s.agent)
        if agent is None:
            continue
        key = (s.agent, s.kind)
        session = carried_session.get(key) if s.carried else session_of.get(key)
        if session is not None and session.submitted:
            status = PlanSlot.Status.DONE
        elif s.carried:
            status = PlanSlot.Status.CARRIED
        else:
            status = PlanSlot.Status.PLANNED
        rows.append(
            PlanSlot(
                plan=plan_row, agent=agent, monitor=mon_by_wn.get(s.monitor), kind=s.kind, date=s.date,
                half=s.half, status=status, moved=s.moved, session=session,
            )
        )  # fmt: skip
    for o in result.overdue:
        agent = by_wn.get(o.agent)
        if agent is None:
            continue
        rows.append(
            PlanSlot(
                plan=plan_row, agent=agent, monitor=None, kind=o.kind, date=None, half=core_plan.HALF[o.kind],
                status=PlanSlot.Status.OVERDUE, reason=o.reason[:300],
            )
        )  # fmt: skip
    PlanSlot.objects.bulk_create(rows)
    plan_row.generated_at = timezone.now()
    plan_row.generated_by = actor_user(actor)
    plan_row.warnings = warnings
    plan_row.assignment = result.assignment_map()
    plan_row.save()
    _assign_monitors(agents, result.assignment_map(), mon_by_wn)
    audit_record(
        actor=actor, action="quality.plan_generate", obj=plan_row, before=before,
        after={"slots": len(rows), "overdue": len(result.overdue), "warnings": len(warnings)},
    )  # fmt: skip
    return plan_row


def _absences(
    monitors: list[Person], agents: list[Person], first: dt.date, last: dt.date, days: list[dt.date]
):
    """Monitor leave and agent absence (leave ∪ rest days of published rosters) by work number, over
    the plan's days (the period's working days and its recording days after it), and one note per
    absent monitor plus a count of absent agents."""
    from hotline.org.selectors import absent_days
    from hotline.workforce.selectors_plan import rest_days

    workdays = set(days)
    leave = absent_days([*monitors, *agents], first, last)
    rest = rest_days(agents, first, last)
    monitor_leave = {
        m.work_number: leave[m.pk] & workdays for m in monitors if leave.get(m.pk, set()) & workdays
    }
    agent_absence = {}
    for a in agents:
        off = (leave.get(a.pk, set()) | rest.get(a.pk, set())) & workdays
        if off:
            agent_absence[a.work_number] = off
    notes = [
        keyed(qt.PLAN_MONITOR_LEAVE, monitor=wn, days=[d.strftime("%m-%d") for d in sorted(off)])
        for wn, off in monitor_leave.items()
    ]
    if agent_absence:
        on_leave = sum(1 for a in agents if leave.get(a.pk, set()) & workdays)
        resting = sum(1 for a in agents if rest.get(a.pk, set()) & workdays)
        notes.append(keyed(qt.PLAN_AGENTS_ABSENT, n=len(agent_absence), leave=on_leave, rest=resting))
    return monitor_leave, agent_absence, notes


def _calendar_warnings(notes: list[str]) -> list:
    """The calendar's fallback warnings (``core.workdays``: English, naming the year) as keyed texts;
    any other note is kept as it came."""
    out = []
    for note in notes:
        year = re.search(r"\b(\d{4})\b", note)
        out.append(
            keyed(qt.PLAN_CALENDAR, year=year.group(1)) if year and "chinese_calendar" in note else note
        )
    return out


def _assign_monitors(
    agents: list[Person], assignment: Mapping[str, str], monitors: Mapping[str, Person]
) -> None:
    """Person.monitors of the center's agents := this plan's monitor (access rules follow the plan)."""
    through = Person.monitors.through
    ids = [a.pk for a in agents]
    through.objects.filter(from_person_id__in=ids, to_person__role=Role.QA_MONITOR).delete()
    links = []
    for a in agents:
        m = monitors.get(assignment.get(a.work_number, ""))
        if m is not None:
            links.append(through(from_person_id=a.pk, to_person_id=m.pk))
    through.objects.bulk_create(links)


# --- sessions -----------------------------------------------------------------------------------
