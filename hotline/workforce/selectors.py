"""Workforce reads spanning relations: chart series, the intraday table with its alerts, my shifts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from hotline.calls.models import Call, Direction
from hotline.org.models import Center, Person
from hotline.org.policies import policies_in_force

from .models import (
    AttendanceState,
    ForecastInterval,
    ForecastRun,
    Roster,
    RosterAssignment,
    Skill,
    StaffingPlan,
)


def actual_series(skill: Skill, first: dt.date, last: dt.date, interval: int) -> dict[dt.datetime, float]:
    """Arrivals of the queue per local interval start (aware datetimes) for the dates, by its channel:
    inbound or outbound calls, or the imported contact counts (chat, email, fax)."""
    from .models import Channel
    from .services.channels import contact_arrivals

    zone = ZoneInfo(skill.center.timezone)
    out: dict[dt.datetime, float] = {}
    if skill.channel in (Channel.CALL_IN, Channel.CALL_OUT):
        direction = Direction.IN if skill.channel == Channel.CALL_IN else Direction.OUT
        moments = (
            (s, 1.0)
            for s in Call.objects.filter(
                center_id=skill.center_id,
                skill=skill.name,
                direction=direction,
                local_date__range=(first, last),
            ).values_list("started_at", flat=True)
            if s is not None
        )
    else:
        moments = ((s, c) for s, _, c in contact_arrivals(skill, first, last))
    for s, n in moments:
        local = s.astimezone(zone)
        minute = (local.hour * 60 + local.minute) // interval * interval
        key = local.replace(hour=minute // 60, minute=minute % 60, second=0, microsecond=0)
        out[key] = out.get(key, 0.0) + n
    return out


def forecast_chart(run: ForecastRun, history_days: int = 14) -> dict:
    """Series for the forecast page: the last ``history_days`` of actual calls, the forecast, and the
    actual calls inside the forecast window where they exist (for a visual check)."""
    zone = ZoneInfo(run.center.timezone)
    last = run.first_day + dt.timedelta(days=run.horizon_days - 1)
    first = run.first_day - dt.timedelta(days=history_days)
    actual = actual_series(run.skill, first, last, run.interval_minutes)
    xs, ys = [], []
    t = dt.datetime.combine(first, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(min(last, timezone.localdate()), dt.time(23, 59), tzinfo=zone)
    while t <= end:
        xs.append(t.strftime("%Y-%m-%d %H:%M"))
        ys.append(actual.get(t, 0.0))
        t += dt.timedelta(minutes=run.interval_minutes)
    fx, fy, lo, hi = [], [], [], []
    for iv in run.intervals.all():
        fx.append(iv.start.astimezone(zone).strftime("%Y-%m-%d %H:%M"))
        fy.append(round(iv.calls, 2))
        lo.append(None if iv.p10 is None else round(iv.p10, 2))
        hi.append(None if iv.p90 is None else round(iv.p90, 2))
    return {"actual": {"x": xs, "y": ys}, "forecast": {"x": fx, "y": fy, "p10": lo, "p90": hi}}


def plan_chart(plan: StaffingPlan) -> dict:
    zone = ZoneInfo(plan.center.timezone)
    ivs = list(plan.intervals.all())
    x = [iv.start.astimezone(zone).strftime("%Y-%m-%d %H:%M") for iv in ivs]
    return {
        "x": x,
        "calls": [round(iv.calls, 2) for iv in ivs],
        "agents": [iv.agents for iv in ivs],
        "scheduled": [iv.scheduled for iv in ivs],
        "sl": [None if iv.service_level is None else round(iv.service_level, 4) for iv in ivs],
    }


def my_shifts(person: Person, first: dt.date, last: dt.date):
    """The person's own shifts from published rosters only."""
    return (
        RosterAssignment.objects.filter(
            person=person, roster__status=Roster.Status.PUBLISHED, date__range=(first, last)
        )
        .select_related("shift")
        .order_by("date")
    )


# ------------------------------------------------------------------------------------- intraday


@dataclass
class IntradayRow:
    start: dt.datetime
    actual: float = 0.0
    forecast: float | None = None
    scheduled: float = 0.0
    staffed: float = 0.0
    alerts: list = field(default_factory=list)


@dataclass
class Alert:
    kind: str  # volume | staff
    start: dt.datetime
    actual: float
    expected: float
    severity: float  # excess as a fraction (0.6 = 60% over forecast / 60% short of schedule)
    levels: list = field(default_factory=list)  # EscalationLevel rows (in force that day) to be told
    plan: object = None  # the contingency plan that answers it (set by the page)
    message: str = ""  # its text in the reader's language (set by the page)


def _overlap_minutes(a0: dt.datetime, a1: dt.datetime, b0: dt.datetime, b1: dt.datetime) -> float:
    return max(0.0, (min(a1, b1) - max(a0, b0)).total_seconds() / 60.0)


def escalation_levels(center: Center, day: dt.date) -> list:
    """The escalation levels of ``center`` in force on ``day`` (kind ``escalation``: for each level its
    version in force that day; withdrawn levels left out), by level — a past day's alerts are escalated
    by that day's levels, whatever changed since."""
    return [lv for lv in policies_in_force("escalation", center, day, related=("person",)) if not lv.removed]


def intraday_scope(center: Center, skill: Skill | None) -> tuple[list[Skill], list[int] | None]:
    """The skills compared and the teams whose heads count (§5: center × skill, the heads of every team
    rostered on the skill). ``None`` teams: the whole center (a compared skill names no team)."""
    skills = [skill] if skill else list(Skill.objects.filter(center=center).prefetch_related("teams"))
    if not skills:
        return skills, None
    teams: set[int] = set()
    for sk in skills:
        ids = [t.pk for t in sk.teams.all()]
        if not ids:
            return skills, None
        teams.update(ids)
    return skills, sorted(teams)


def intraday(center: Center, day: dt.date, *, skill: Skill | None = None, interval: int = 30, settings=None,
             now: dt.datetime | None = None) -> tuple[list[IntradayRow], list[Alert]]:  # fmt: skip
    """Per interval of ``day``: actual vs forecast calls (the skill's newest forecast covering the
    day; all skills summed without one), scheduled heads (published rosters' shifts on duty,
    breaks excluded, in heads = minutes on duty / interval) vs staffed heads (attendance states
    ready/talk/acw, same unit) — heads of the teams rostered on the compared skills
    (``intraday_scope``; the whole center when a skill names no team). Alerts (§5) for intervals that
    have started: volume above forecast by ``settings.volume_over`` and staffed below scheduled by
    ``settings.staff_under``."""
    from hotline.core.roster import Shift

    zone = ZoneInfo(center.timezone)
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    n = 1440 // interval
    rows = [IntradayRow(midnight + dt.timedelta(minutes=k * interval)) for k in range(n)]
    width = dt.timedelta(minutes=interval)

    def slot(t: dt.datetime) -> int:
        local = t.astimezone(zone)
        return (local.hour * 60 + local.minute) // interval

    skills, teams = intraday_scope(center, skill)
    forecast_skills = []
    for sk in skills:
        run = (
            ForecastRun.objects.filter(
                skill=sk, first_day__lte=day, first_day__gt=day - dt.timedelta(days=62)
            )
            .order_by("-created_at")
            .first()
        )
        if run is None:
            continue
        for iv in ForecastInterval.objects.filter(
            run=run, start__gte=midnight, start__lt=midnight + dt.timedelta(days=1)
        ):
            parts = max(1, run.interval_minutes // interval)  # a coarser forecast is spread evenly
            for j in range(parts):
                k = slot(iv.start + dt.timedelta(minutes=j * interval))
                rows[k].forecast = (rows[k].forecast or 0.0) + iv.calls / parts
        forecast_skills.append(sk.name)

    # actual arrivals of the skills compared, each by its channel (§5 "Every channel": calls by
    # direction, chat/email/fax from the imported counts); no skill and no forecast: every inbound call
    compared = [skill] if skill is not None else [sk for sk in skills if sk.name in forecast_skills]
    if compared:
        for sk in compared:
            for t, n in actual_series(sk, day, day, interval).items():
                rows[slot(t)].actual += n
    else:
        for s in Call.objects.filter(center=center, direction=Direction.IN, local_date=day).values_list(
            "started_at", flat=True
        ):
            rows[slot(s)].actual += 1

    assignments = RosterAssignment.objects.filter(
        roster__center=center, roster__status=Roster.Status.PUBLISHED, date=day, shift__is_rest=False
    ).select_related("shift")
    if teams is not None:
        assignments = assignments.filter(person__team_id__in=teams)
    for a in assignments:
        st = a.shift
        if st.start is None or st.end is None:
            continue
        core = Shift(st.short, st.start.hour * 60 + st.start.minute, st.end.hour * 60 + st.end.minute,
                     tuple(_break_minutes(b) for b in st.breaks or []))  # fmt: skip
        for p0, p1 in core.on_duty():
            a0, a1 = midnight + dt.timedelta(minutes=p0), midnight + dt.timedelta(minutes=p1)
            for r in rows:
                m = _overlap_minutes(a0, a1, r.start, r.start + width)
                if m:
                    r.scheduled += m / interval

    end_of_day = midnight + dt.timedelta(days=1)
    states = AttendanceState.objects.filter(
        batch__center=center, state__in=AttendanceState.STAFFED, start__lt=end_of_day, end__gt=midnight
    )
    if teams is not None:
        states = states.filter(agent__team_id__in=teams)
    for s in states:
        for r in rows:
            m = _overlap_minutes(s.start, s.end, r.start, r.start + width)
            if m:
                r.staffed += m / interval

    now = now or dt.datetime.now(tz=zone)
    volume_over = settings.volume_over if settings else 0.5
    staff_under = settings.staff_under if settings else 0.2
    levels = escalation_levels(center, day)  # the levels in force on the alerts' day
    alerts: list[Alert] = []
    for r in rows:
        if r.start > now:
            continue
        if r.forecast and r.forecast > 0 and r.actual > r.forecast * (1 + volume_over) + 1e-9:
            alerts.append(Alert("volume", r.start, r.actual, r.forecast, r.actual / r.forecast - 1))
        if r.scheduled > 0 and r.staffed < r.scheduled * (1 - staff_under) - 1e-9:
            alerts.append(Alert("staff", r.start, r.staffed, r.scheduled, 1 - r.staffed / r.scheduled))
    for al in alerts:
        al.levels = [lv for lv in levels if al.severity >= lv.min_severity]
        rows[slot(al.start)].alerts.append(al)
    return rows, alerts


def _break_minutes(b) -> tuple[int, int]:
    h0, m0 = (int(x) for x in str(b[0]).split(":"))
    h1, m1 = (int(x) for x in str(b[1]).split(":"))
    return h0 * 60 + m0, h1 * 60 + m1


def pending_for(person: Person):
    from .models import RequestStatus, SwapRequest

    return SwapRequest.objects.filter(Q(requester=person) | Q(partner=person)).exclude(
        status=RequestStatus.REJECTED
    )
