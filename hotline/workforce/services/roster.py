"""Workforce writes, part 2 (§5 "Shifts and rosters"): generate a roster with the core CP-SAT
solver, publish it (audited), agents' personal requests and swap requests with their limits.

People are named by work number inside the core problem (unique); shifts by their short name
(早/中/晚/休). Roster days are 1-based in the core and real dates here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from hotline.core.errors import InvalidInput
from hotline.core.periods import month_bounds
from hotline.core.spreadsheet import xlsx_bytes
from hotline.org.models import Center, Person, Role, Team
from hotline.org.selectors import absent_days
from hotline.org.services import audit_record

from ..models import (
    RequestStatus,
    Roster,
    RosterAssignment,
    RosterRule,
    ShiftRequest,
    ShiftType,
    StaffingPlan,
    SwapRequest,
)

SWAPS_PER_MONTH = 1
BACK_TO_BACK_PER_YEAR = 2

WEEKDAYS = (
    gettext_noop("周一"), gettext_noop("周二"), gettext_noop("周三"), gettext_noop("周四"), gettext_noop("周五"),
    gettext_noop("周六"), gettext_noop("周日"),
)  # fmt: skip


class RosterError(InvalidInput):
    """A roster request that cannot be carried out; the message is shown to the user."""


class SwapRefused(InvalidInput):
    """A swap request refused by the rules (§5: ≤ 1 a month, paid back within a month)."""

    code = "swap_refused"


def _hhmm(t: dt.time | None) -> str | None:
    return None if t is None else t.strftime("%H:%M")


def shift_types(center: Center) -> list[ShiftType]:
    return list(ShiftType.objects.filter(center=center))


def rest_shift(center: Center) -> ShiftType:
    rest = ShiftType.objects.filter(center=center, is_rest=True).first()
    if rest is None:
        raise RosterError(gettext("请先设置休息班次（休）"))
    return rest


def roster_people(*, center: Center, team: Team | None) -> list[Person]:
    qs = Person.objects.filter(center=center, active=True, role=Role.AGENT)
    if team is not None:
        qs = qs.filter(team=team)
    return list(qs.order_by("sort_key", "work_number"))


def coverage_from_plan(plan: StaffingPlan, *, first_day: dt.date, days: int, share: float) -> dict:
    """Interval coverage for the roster days from a staffing plan: each roster day takes the plan day
    of the same weekday; heads = ceil(scheduled × share) where ``share`` is the team's part."""
    zone = ZoneInfo(plan.center.timezone)
    width = plan.forecast.interval_minutes
    per_day: dict[int, list[int]] = {}
    for iv in plan.intervals.all():
        local = iv.start.astimezone(zone)
        row = per_day.setdefault(local.weekday(), [0] * (1440 // width))
        row[(local.hour * 60 + local.minute) // width] = math.ceil(iv.scheduled * share - 1e-9)
    empty = [0] * (1440 // width)
    rows = [per_day.get((first_day + dt.timedelta(days=d)).weekday(), empty) for d in range(days)]
    return {"interval_minutes": width, "start": "00:00", "demand": rows}


def problem_data(roster: Roster) -> dict:
    """The core roster problem (``hotline roster solve`` JSON shape) for a roster row."""
    center = roster.center
    shifts = shift_types(center)
    rest = rest_shift(center)
    people = roster_people(center=center, team=roster.team)
    if not people:
        raise RosterError(gettext("该班组没有在职座席"))
    last = roster.first_day + dt.timedelta(days=roster.days - 1)
    index = {p.pk: p.work_number for p in people}

    def day_no(d: dt.date) -> int:
        return (d - roster.first_day).days + 1

    requests = ShiftRequest.objects.filter(
        agent_id__in=index, status=RequestStatus.APPROVED, date__range=(roster.first_day, last)
    ).select_related("shift")
    leave = leave_days(people, roster.first_day, last)
    days_off: dict[int, list[int]] = {pk: [day_no(d) for d in sorted(ds)] for pk, ds in leave.items()}
    fixed = []
    for r in requests:
        if r.date in leave.get(r.agent_id, set()):
            continue  # approved leave wins over a personal request of the same day
        if r.shift_id is None or r.shift.is_rest:
            days_off.setdefault(r.agent_id, []).append(day_no(r.date))
        else:
            fixed.append({"person": index[r.agent_id], "day": day_no(r.date), "shift": r.shift.short})
    data: dict = {
        "days": roster.days,
        "first_day": roster.first_day.isoformat(),
        "people": [{"name": index[p.pk], "days_off": sorted(set(days_off.get(p.pk, [])))} for p in people],
        "shifts": [
            {
                "name": s.short,
                "start": _hhmm(s.start),
                "end": _hhmm(s.end),
                "breaks": [list(b) for b in s.breaks or []],
                "night": s.night,
            }
            if not s.is_rest
            else {"name": s.short}
            for s in shifts
        ],
        "rest": rest.short,
        "fixed": fixed,
        "time_limit_s": roster.time_limit_s,
        "max_consecutive_work": 6,
        "min_rest_per_week": int(roster.demand.get("min_rest_per_week", 2)),
        "workers": 2,
    }
    rules = RosterRule.objects.filter(center=center).prefetch_related("allowed_next").select_related("shift")
    if rules:
        data["next"] = {r.shift.short: [a.short for a in r.allowed_next.all()] for r in rules}
    mode = roster.demand.get("mode", "counts")
    if mode == "counts":
        data["demand"] = {k: int(v) for k, v in roster.demand.get("counts", {}).items() if int(v) > 0}
        data["demand_is"] = "min"
    else:
        plan = StaffingPlan.objects.filter(pk=roster.demand.get("plan"), center=center).first()
        if plan is None:
            raise RosterError(gettext("找不到所选的人员配备方案"))
        total = Person.objects.filter(center=center, active=True, role=Role.AGENT).count() or 1
        share = float(roster.demand.get("share") or len(people) / total)
        data["coverage"] = coverage_from_plan(plan, first_day=roster.first_day, days=roster.days, share=share)
    return data


def roster_create(
    *, center: Center, team: Team | None, first_day: dt.date, days: int = 28, demand: dict, time_limit_s: float = 20,
    actor=None,
) -> Roster:  # fmt: skip
    """A draft roster waiting to be solved (``roster_solve``, run by the task ``solve_roster_task``)."""
    if days < 1 or days > 62:
        raise RosterError(gettext("天数应在 1–62 之间"))
    if team is not None and team.center_id != center.pk:
        raise RosterError(gettext("班组不属于该中心"))
    return Roster.objects.create(
        center=center, team=team, first_day=first_day, days=days, demand=demand, time_limit_s=time_limit_s,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip


def roster_solve(*, roster: Roster, progress: Callable[[str], None] | None = None) -> Roster:
    """Solve the roster with the core CP-SAT model and store the assignments, the solver status,
    named violations and uncovered shift-days/intervals. ``state`` goes queued → solving → done."""
    from hotline.core.roster import RosterInputError, problem_from_dict, solve_roster

    Roster.objects.filter(pk=roster.pk).update(state=Roster.State.SOLVING)
    if progress:
        progress("solving")
    try:
        checks = roster_precheck(roster)
        Roster.objects.filter(pk=roster.pk).update(precheck=checks)
        roster.precheck = checks
        problem = problem_from_dict(problem_data(roster))
        result = solve_roster(problem)
    except (RosterError, RosterInputError) as exc:
        Roster.objects.filter(pk=roster.pk).update(state=Roster.State.FAILED, error=str(exc))
        roster.refresh_from_db()
        return roster
    shifts = {s.short: s for s in shift_types(roster.center)}
    people = {p.work_number: p for p in roster_people(center=roster.center, team=roster.team)}
    with transaction.atomic():
        roster.assignments.all().delete()
        RosterAssignment.objects.bulk_create(
            [
                RosterAssignment(
                    roster=roster,
                    person=people[who],
                    date=roster.first_day + dt.timedelta(days=d),
                    shift=shifts[s],
                )
                for who, row in result.roster.items()
                for d, s in enumerate(row)
            ],
            batch_size=2000,
        )
        roster.solver_status = result.status
        roster.objective = result.objective
        roster.wall_time = result.wall_time
        roster.violations = [
            {
                "kind": v.kind,
                "message": v.message,
                "person": _name(people, v.person),
                "day": v.day,
                "shift": v.shift,
            }
            for v in result.violations
        ]
        roster.uncovered = [dict(u) for u in result.uncovered]
        roster.state = Roster.State.DONE
        roster.error = ""
        roster.save()
    if progress:
        progress("done")
    return roster


def _name(people: dict, work_number: str | None) -> str | None:
    if work_number is None:
        return None
    p = people.get(work_number)
    return f"{p.name}（{p.work_number}）" if p else work_number


def leave_days(people, first: dt.date, last: dt.date) -> dict[int, set[dt.date]]:
    """Approved leave (``org.Absence``, entered once) per person id over ``first``…``last``."""
    return absent_days(people, first, last)


def roster_precheck(roster: Roster) -> list[dict]:
    """Why the roster's demand cannot be met, before solving (core ``roster_precheck``): stored on
    the roster (``precheck``) and shown as sentences (``precheck_lines``)."""
    from hotline.core.roster_precheck import precheck

    data = problem_data(roster)
    people = roster_people(center=roster.center, team=roster.team)
    last = roster.first_day + dt.timedelta(days=roster.days - 1)
    leave = leave_days(people, roster.first_day, last)
    idx = {p.pk: i for i, p in enumerate(people)}
    leave_idx = {idx[pk]: [(d - roster.first_day).days for d in ds] for pk, ds in leave.items() if pk in idx}
    off_idx = {
        i: [d - 1 for d in person["days_off"] if d - 1 not in set(leave_idx.get(i, []))]
        for i, person in enumerate(data["people"])
    }
    kwargs: dict = {}
    if "coverage" in data:
        cov = data["coverage"]
        windows = []
        for sh in data["shifts"]:
            if sh.get("start") and sh.get("end"):
                a = int(sh["start"][:2]) * 60 + int(sh["start"][3:5])
                b = int(sh["end"][:2]) * 60 + int(sh["end"][3:5])
                windows.append((a, b))
        kwargs = {
            "coverage": cov["demand"],
            "interval_minutes": cov["interval_minutes"],
            "shift_windows": windows,
        }
    else:
        total = sum(int(v) for v in data.get("demand", {}).values())
        kwargs = {"day_demand": [total] * roster.days}
    found = precheck(
        days=roster.days, people=len(people), leave=leave_idx, days_off=off_idx,
        min_rest_per_week=int(data.get("min_rest_per_week", 2)), **kwargs,
    )  # fmt: skip
    return [f.as_dict() for f in found[:200]]


WEEKDAYS = (_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日"))


def _hm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def precheck_lines(roster: Roster) -> list[str]:
    """The stored pre-check as sentences in the reader's language, e.g. "周三 11-05 10:00–11:00 需要
    12 人，最多可排 9 人：3 人请假"."""
    out = []
    for f in roster.precheck or []:
        day = roster.first_day + dt.timedelta(days=int(f["day"]))
        label = f"{WEEKDAYS[day.weekday()]} {day:%m-%d}"
        why = []
        if f.get("no_shift"):
            why.append(gettext("没有班次覆盖该时段"))
        if f.get("on_leave"):
            why.append(gettext("%(n)s 人请假") % {"n": f["on_leave"]})
        if f.get("days_off"):
            why.append(gettext("%(n)s 人已批准休息") % {"n": f["days_off"]})
        reason = "、".join(why) or gettext("人数不足")
        if f["kind"] == "interval":
            out.append(
                gettext("%(day)s %(start)s–%(end)s 需要 %(need)s 人，最多可排 %(can)s 人：%(why)s")
                % {"day": label, "start": _hm(f["first_minute"]), "end": _hm(f["end_minute"]),
                   "need": f["need"], "can": f["available"], "why": reason}
            )  # fmt: skip
        elif f["kind"] == "day":
            out.append(
                gettext("%(day)s 需要 %(need)s 人，最多可排 %(can)s 人：%(why)s")
                % {"day": label, "need": f["need"], "can": f["available"], "why": reason}
            )
        else:
            out.append(
                gettext("%(day)s 起的一周需要 %(need)s 个人·班，在每周休息规则下最多 %(can)s 个：%(why)s")
                % {"day": label, "need": f["need"], "can": f["available"], "why": reason}
            )
    return out


def roster_infeasible(roster: Roster) -> bool:
    """Hard rules broken, or demand left uncovered, or the pre-check found demand no one can meet."""
    return bool(roster.violations or roster.uncovered or roster.precheck) or roster.solver_status in (
        "infeasible", "unknown", "model_invalid",
    )  # fmt: skip


def roster_publish(*, roster: Roster, actor=None, override_reason: str = "") -> Roster:
    """Publish a solved roster to its agents; an earlier published roster of the same team that
    overlaps its dates is archived (only the newest is visible). Audited.

    An infeasible roster (``roster_infeasible``) is refused unless ``override_reason`` says why it is
    published anyway; the override (who, when, why) is stored and audited ``roster.publish_override``."""
    if roster.state != Roster.State.DONE or not roster.assignments.exists():
        raise RosterError(gettext("排班尚未生成，不能发布"))
    override_reason = (override_reason or "").strip()[:500]
    if roster_infeasible(roster) and not override_reason:
        raise RosterError(gettext("该排班不满足需求或规则（见预检与违规清单），须填写强制发布原因才能发布"))
    last = roster.first_day + dt.timedelta(days=roster.days - 1)
    with transaction.atomic():
        older = Roster.objects.filter(
            center=roster.center, team=roster.team, status=Roster.Status.PUBLISHED, first_day__lte=last
        ).exclude(pk=roster.pk)
        archived = [r.pk for r in older if r.first_day + dt.timedelta(days=r.days - 1) >= roster.first_day]
        Roster.objects.filter(pk__in=archived).update(status=Roster.Status.ARCHIVED)
        before = {"status": roster.status}
        roster.status = Roster.Status.PUBLISHED
        roster.published_at = timezone.now()
        fields = ["status", "published_at"]
        forced = roster_infeasible(roster)
        if forced:
            roster.override_reason = override_reason
            roster.override_by = actor if getattr(actor, "is_authenticated", False) else None
            roster.override_at = roster.published_at
            fields += ["override_reason", "override_by", "override_at"]
        roster.save(update_fields=fields)
        audit_record(
            actor=actor, action="roster.publish_override" if forced else "roster.publish", obj=roster,
            before=before, reason=override_reason if forced else "",
            after={"status": roster.status, "archived": archived, "solver_status": roster.solver_status,
                   "violations": len(roster.violations or []), "uncovered": len(roster.uncovered or []),
                   "precheck": len(roster.precheck or [])},
        )  # fmt: skip
    return roster


# ------------------------------------------------------------------------------------- requests


def shift_request_create(
    *, agent: Person, date: dt.date, shift: ShiftType | None, note: str = ""
) -> ShiftRequest:
    """A personal request: a fixed shift on a date, or a day off (``shift`` None or the rest shift)."""
    if shift is not None and shift.center_id != agent.center_id:
        raise RosterError(gettext("班次不属于本中心"))
    if ShiftRequest.objects.filter(agent=agent, date=date).exclude(status=RequestStatus.REJECTED).exists():
        raise RosterError(gettext("该日期已有申请"))
    return ShiftRequest.objects.create(agent=agent, date=date, shift=shift, note=note)


def shift_request_decide(*, request: ShiftRequest, approve: bool, by: Person) -> ShiftRequest:
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    request.decided_by = by
    request.save(update_fields=["status", "decided_by"])
    return request


def add_month(d: dt.date) -> dt.date:
    """The same day next month (clamped to the month's end: 01-31 → 02-28/29)."""
    y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return d.replace(year=y, month=m, day=min(d.day, calendar.monthrange(y, m)[1]))


def swap_check(
    *, requester: Person, partner: Person, date: dt.date, payback_date: dt.date, exclude=None,
    back_to_back: bool = False,
) -> None:  # fmt: skip
    """Raise ``SwapRefused`` (a message for the user) unless the swap keeps the §5 rules (seed 003):
    the partner is an active agent of the same center and, when the requester has a team, of the same
    team (teams are rostered per skill: same team, same skill); no day of the swap or its payback is
    in the past (the center's today); the payback is after the swap and within a month of it; neither
    agent has another pending or approved swap in the month of ``date``; a back-to-back swap (two
    consecutive shifts swapped together) is requested at least a month ahead and each agent has at
    most two a calendar year."""
    if partner.pk == requester.pk:
        raise SwapRefused(gettext("不能与自己调班"))
    if partner.center_id != requester.center_id or partner.role != Role.AGENT or not partner.active:
        raise SwapRefused(gettext("只能与本中心在职座席调班"))
    today = requester.center.today()
    if date < today:
        raise SwapRefused(gettext("不能调已经过去的班（%(date)s）") % {"date": date.isoformat()})
    if payback_date <= date:
        raise SwapRefused(gettext("还班日期必须晚于调班日期"))
    if payback_date > add_month(date):
        raise SwapRefused(
            gettext("须在一个月内还班（最晚 %(last)s）") % {"last": add_month(date).isoformat()}
        )
    if back_to_back and payback_date <= date + dt.timedelta(days=1):
        raise SwapRefused(gettext("连续两个班次同调时，还班须在调班的两天之后"))
    first, last = month_bounds(date)
    live = SwapRequest.objects.filter(status__in=[RequestStatus.PENDING, RequestStatus.APPROVED])
    if exclude is not None:
        live = live.exclude(pk=exclude.pk)
    active = live.filter(date__range=(first, last))
    for who in (requester, partner):
        if active.filter(Q(requester=who) | Q(partner=who)).count() >= SWAPS_PER_MONTH:
            raise SwapRefused(
                gettext("%(name)s 本月已有调班（每月最多 %(n)s 次）")
                % {"name": who.name, "n": SWAPS_PER_MONTH}
            )
    if back_to_back:
        if date < add_month(today):
            raise SwapRefused(
                gettext("连续两个班次同调须提前一个月申请（最早 %(first)s）")
                % {"first": add_month(today).isoformat()}
            )
        year = live.filter(back_to_back=True, date__year=date.year)
        for who in (requester, partner):
            if year.filter(Q(requester=who) | Q(partner=who)).count() >= BACK_TO_BACK_PER_YEAR:
                raise SwapRefused(
                    gettext("%(name)s 今年已有 %(n)s 次连续两个班次同调（每年最多 %(n)s 次）")
                    % {"name": who.name, "n": BACK_TO_BACK_PER_YEAR}
                )
    if requester.team_id and partner.team_id != requester.team_id:
        raise SwapRefused(gettext("只能与同班组（同技能）的座席调班"))


def swap_request_create(
    *, requester: Person, partner: Person, date: dt.date, payback_date: dt.date, note: str = "",
    back_to_back: bool = False, actor=None,
) -> SwapRequest:  # fmt: skip
    """A pending swap (rules: ``swap_check``). Audited ``swap.request``."""
    with transaction.atomic():
        swap_check(
            requester=requester,
            partner=partner,
            date=date,
            payback_date=payback_date,
            back_to_back=back_to_back,
        )
        swap = SwapRequest.objects.create(
            requester=requester, partner=partner, date=date, payback_date=payback_date, note=note,
            back_to_back=back_to_back,
        )  # fmt: skip
        audit_record(
            actor=actor, action="swap.request", obj=swap,
            after={"requester": requester.work_number, "partner": partner.work_number, "date": date.isoformat(),
                   "payback": payback_date.isoformat(), "back_to_back": back_to_back},
        )  # fmt: skip
        return swap


def _published(person: Person, date: dt.date) -> RosterAssignment | None:
    return (
        RosterAssignment.objects.filter(person=person, date=date, roster__status=Roster.Status.PUBLISHED)
        .select_related("shift")
        .first()
    )


def swap_request_decide(*, swap: SwapRequest, approve: bool, by: Person, actor=None) -> SwapRequest:
    """Approve (exchange the two agents' published shifts on the swap date and again on the
    payback date; limits re-checked) or reject. Audited."""
    if swap.status != RequestStatus.PENDING:
        raise SwapRefused(gettext("该申请已处理"))
    with transaction.atomic():
        if approve:
            swap_check(
                requester=swap.requester, partner=swap.partner, date=swap.date,
                payback_date=swap.payback_date, exclude=swap, back_to_back=swap.back_to_back,
            )  # fmt: skip
            days = [swap.date, swap.payback_date]
            if swap.back_to_back:
                days += [swap.date + dt.timedelta(days=1), swap.payback_date + dt.timedelta(days=1)]
            for day in days:
                a, b = _published(swap.requester, day), _published(swap.partner, day)
                if a and b:
                    a.shift, b.shift = b.shift, a.shift
                    RosterAssignment.objects.bulk_update([a, b], ["shift"])
        swap.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
        swap.approver = by
        swap.decided_at = timezone.now()
        swap.save(update_fields=["status", "approver", "decided_at"])
        audit_record(
            actor=actor, action="swap.approve" if approve else "swap.reject", obj=swap,
            after={"requester": swap.requester.work_number, "partner": swap.partner.work_number,
                   "date": swap.date.isoformat(), "payback": swap.payback_date.isoformat()},
        )  # fmt: skip
    return swap


def roster_xlsx(roster: Roster) -> bytes:
    """People × days with the shift names, cells coloured as on the page."""

    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    grid, dates = roster_grid(roster)
    wb = Workbook()
    ws = wb.active
    ws.title = gettext("排班")
    ws.append(
        [gettext("工号"), gettext("姓名"), *[f"{d:%m-%d} {gettext(WEEKDAYS[d.weekday()])}" for d in dates]]
    )
    fills: dict[str, PatternFill] = {}
    for person, cells in grid:
        ws.append([person.work_number, person.name, *[c.short if c else "" for c in cells]])
        for j, c in enumerate(cells):
            if c:
                colour = c.colour.lstrip("#")[:6].upper()
                fill = fills.setdefault(colour, PatternFill("solid", start_color=colour, end_color=colour))
                ws.cell(row=ws.max_row, column=3 + j).fill = fill
    ws.freeze_panes = "C2"
    return xlsx_bytes(wb)  # formulas neutralised (hotline.core.spreadsheet)


def roster_grid(roster: Roster, dates: list[dt.date] | None = None):
    """[(person, [ShiftType or None per date])] and the dates shown (default: every roster day)."""
    if dates is None:
        dates = [roster.first_day + dt.timedelta(days=i) for i in range(roster.days)]
    rows: dict[int, tuple[Person, dict]] = {}
    for a in (
        roster.assignments.filter(date__in=dates)
        .select_related("person", "shift")
        .order_by("person__sort_key", "person__work_number")
    ):
        rows.setdefault(a.person_id, (a.person, {}))[1][a.date] = a.shift
    return [(p, [cells.get(d) for d in dates]) for p, cells in rows.values()], dates
