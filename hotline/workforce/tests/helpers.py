"""Builders for workforce tests: the users' shift types, a skill, a few weeks of calls."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hotline.calls.models import Call
from hotline.workforce.models import Roster, RosterAssignment, ShiftType, Skill

SH = ZoneInfo("Asia/Shanghai")


def make_shifts(center) -> dict[str, ShiftType]:
    """早 8:30–17:30, 中 12:00–21:00, 晚 9:30–22:00 with a 12:00–14:00 break, 休 (SPEC §5)."""
    rows = [
        ("早班", "早", dt.time(8, 30), dt.time(17, 30), [], False, "#c8e6c9"),
        ("中班", "中", dt.time(12, 0), dt.time(21, 0), [], False, "#fff9c4"),
        ("晚班", "晚", dt.time(9, 30), dt.time(22, 0), [["12:00", "14:00"]], True, "#bbdefb"),
        ("休", "休", None, None, [], False, "#eeeeee"),
    ]
    out = {}
    for i, (name, short, start, end, breaks, night, colour) in enumerate(rows):
        out[short] = ShiftType.objects.create(
            center=center, name=name, short=short, start=start, end=end, breaks=breaks, night=night,
            is_rest=short == "休", colour=colour, order=i,
        )  # fmt: skip
    return out


def make_skill(center, name="订货", **kw) -> Skill:
    return Skill.objects.create(center=center, name=name, **kw)


def make_calls(
    center, agent, *, first: dt.date, days: int, per_hour: int = 2, skill="订货", hours=range(9, 18)
):
    """``per_hour`` inbound calls in each hour of ``hours`` on each day (talk 120 s, ACW 30 s)."""
    rows = []
    for d in range(days):
        day = first + dt.timedelta(days=d)
        for h in hours:
            for k in range(per_hour):
                start = dt.datetime.combine(day, dt.time(h, k * 60 // per_hour), tzinfo=SH)
                rows.append(
                    Call(
                        call_id=f"c{day:%m%d}{h:02d}{k:02d}{skill}",
                        center=center,
                        agent=agent,
                        skill=skill,
                        queued_at=start,
                        answered_at=start + dt.timedelta(seconds=5),
                        ended_at=start + dt.timedelta(seconds=125),
                        started_at=start,
                        local_date=day,
                        weekday=day.weekday(),
                        talk_seconds=120,
                        acw_seconds=30,
                        wait_seconds=5,
                    )  # fmt: skip
                )
    Call.objects.bulk_create(rows)
    return len(rows)


def published_roster(center, team, first: dt.date, rows: dict, shifts: dict, status="published") -> Roster:
    """A roster with given rows {person: "早中晚休…"}, already solved."""
    roster = Roster.objects.create(
        center=center, team=team, first_day=first, days=max(len(v) for v in rows.values()), status=status,
        state=Roster.State.DONE, solver_status="optimal",
    )  # fmt: skip
    for person, text in rows.items():
        for i, ch in enumerate(text):
            RosterAssignment.objects.create(
                roster=roster, person=person, date=first + dt.timedelta(days=i), shift=shifts[ch]
            )
    return roster
