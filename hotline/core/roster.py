"""Rosters: who works which shift on which day (SPEC §5 "Shifts and rosters").

This module holds the problem and result types, reading a problem from JSON-like data, and
``solve_roster``. The CP-SAT model lives in ``roster_model`` and the independent rule checker in
``roster_check`` (``check_roster``).

Units and conventions
- Days are numbered 1..``days`` in messages and requests; lists inside a result are 0-based
  (index 0 is day 1). ``first_day`` (an ISO date) only labels days and decides weekends.
- Times are minutes after midnight of the shift's own day; a shift whose end is not after its start
  runs past midnight (``end + 1440``). Breaks are minutes in the same frame.
- Every person works exactly one shift per day; the rest shift (``rest``, default 休) is a shift.
- Next-day rules ``next = {shift: [allowed next-day shifts]}`` apply between day d and d+1, and
  between the last day and day 1 when ``cyclic`` (the roster repeats). Shifts absent from ``next``
  may be followed by anything. Without ``next`` and with shifts named 早/中/晚/休 the users' rules
  (``DEFAULT_NEXT``) apply.
- Shift demand (``demand``: heads per shift per day) is ``exact`` or ``min``; it is a hard rule.
  Interval coverage (``coverage``: heads per interval) is soft: its shortfall in agent-minutes is
  minimised first and reported as ``uncovered``.

Semantics of the result status (the contract of ``hotline roster solve``)
- ``optimal``/``feasible``: every hard rule holds (``violations`` is empty); coverage shortfall,
  if any, is in ``uncovered``. ``optimal`` means CP-SAT proved the objective (coverage shortfall
  first, then fairness spread) cannot be improved.
- ``infeasible``: CP-SAT proved the rules cannot all hold. A second, relaxed model is then solved in
  which shift demand, next-day rules, fixed requests, days off and work-rest limits become
  penalised: a broken personal rule (next-day, fixed, day off, consecutive days, weekly rest) costs
  ``RULE_PENALTY``, one head short or over on a shift-day costs ``DEMAND_PENALTY`` — so the relaxed
  roster prefers being short-staffed to breaking a person's rules. That roster is returned with its
  named violations (found by ``check_roster``) and shift-day shortfalls in ``uncovered``.
- ``unknown``: the time limit passed before any roster satisfying the rules was found; the relaxed
  model's best roster (if any) is returned with its violations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from hotline.core.errors import InvalidInput

DEFAULT_REST = "休"
DEFAULT_NEXT: dict[str, tuple[str, ...]] = {
    "早": ("中", "晚"),
    "中": ("早", "中", "晚", "休"),
    "晚": ("休", "中"),
    "休": ("早", "中"),
}
NIGHT_MARKS = ("晚", "夜", "night")
RULE_PENALTY = 10_000
DEMAND_PENALTY = 100
MINUTES_PER_DAY = 1440


class RosterInputError(InvalidInput):
    """Bad problem data; the message starts with the offending field (``fixed[2].day: …``)."""

    code = "roster_input"


@dataclass(frozen=True)
class Shift:
    """A shift type. ``start``/``end`` in minutes after midnight (None: no times, e.g. 休);
    ``breaks`` are (start, end) minute pairs inside the shift; ``night`` counts for fairness."""

    name: str
    start: int | None = None
    end: int | None = None
    breaks: tuple[tuple[int, int], ...] = ()
    night: bool = False

    def on_duty(self) -> list[tuple[int, int]]:
        """Working minute ranges (breaks removed), relative to midnight of the shift's day."""
        if self.start is None or self.end is None:
            return []
        end = self.end if self.end > self.start else self.end + MINUTES_PER_DAY
        pieces = [(self.start, end)]
        for b0, b1 in sorted(self.breaks):
            nxt = []
            for a, b in pieces:
                if b1 <= a or b0 >= b:
                    nxt.append((a, b))
                    continue
                if a < b0:
                    nxt.append((a, b0))
                if b1 < b:
                    nxt.append((b1, b))
            pieces = nxt
        return pieces

    @property
    def paid_minutes(self) -> int:
        return sum(b - a for a, b in self.on_duty())


@dataclass(frozen=True)
class Person:
    name: str
    days_off: tuple[int, ...] = ()  # 1-based days that must be the rest shift


@dataclass(frozen=True)
class FixedRequest:
    person: str
    day: int  # 1-based
    shift: str


@dataclass(frozen=True)
class Coverage:
    """Heads wanted per interval: ``demand[d][k]`` for day d (0-based), interval k starting at
    ``start + k * interval_minutes`` minutes after midnight."""

    interval_minutes: int
    start: int
    demand: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class RosterProblem:
    """A roster problem (SPEC §5). See the module docstring for the rules and their semantics."""

    days: int
    people: tuple[Person, ...]
    shifts: tuple[Shift, ...]
    rest: str = DEFAULT_REST
    demand: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # shift -> heads per day
    demand_is: str = "exact"  # "exact" | "min"
    next: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    cyclic: bool = False
    fixed: tuple[FixedRequest, ...] = ()
    coverage: Coverage | None = None
    first_day: dt.date | None = None
    max_consecutive_work: int | None = None  # at most this many working days in a row
    min_rest_per_week: int | None = None  # rest days in each full week (days 1–7, 8–14, …)
    fair_nights: bool = True
    fair_weekends: bool = True
    time_limit_s: float = 30.0
    seed: int = 0
    workers: int = 8  # CP-SAT portfolio; 8 beats 1–2 even on 2 cores (notes/wfm-anchors §1.4)

    @property
    def shift_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.shifts)

    def shift(self, name: str) -> Shift:
        for s in self.shifts:
            if s.name == name:
                return s
        raise KeyError(name)

    def night_shifts(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.shifts if s.night and s.name != self.rest)

    def day_label(self, day: int) -> str:
        """``day 3 (2026-12-03)`` for 1-based ``day``; without ``first_day`` just ``day 3``."""
        if self.first_day is None:
            return f"day {day}"
        return f"day {day} ({(self.first_day + dt.timedelta(days=day - 1)).isoformat()})"

    def weekend_days(self) -> tuple[int, ...]:
        """1-based days off for the calendar: Saturdays and Sundays, and with a ``first_day`` the
        Chinese public holidays (adjusted working days count as weekdays) where chinesecalendar
        covers the year. Without ``first_day`` day 1 is taken to be a Monday."""
        if self.first_day is None:
            return tuple(d for d in range(1, self.days + 1) if (d - 1) % 7 >= 5)
        return tuple(
            d for d in range(1, self.days + 1) if _is_day_off(self.first_day + dt.timedelta(days=d - 1))
        )

    def coverage_minutes(self) -> dict[tuple[int, str], list[tuple[int, int, int]]]:
        """For coverage: ``{(day, shift): [(cov_day, interval, minutes on duty)]}`` (0-based days),
        how many minutes of each interval a person on that shift-day works. Overnight parts spill
        into the next day's intervals (the first day's when cyclic; dropped past the horizon)."""
        cov = self.coverage
        if cov is None:
            return {}
        n_int = len(cov.demand[0]) if cov.demand else 0
        width = cov.interval_minutes
        out: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
        for s in self.shifts:
            pieces = s.on_duty()
            if not pieces:
                continue
            for d in range(self.days):
                cells: dict[tuple[int, int], int] = {}
                for a, b in pieces:
                    for offset in (0, 1):  # the shift's own day, and the next day for overnight parts
                        e = d + offset
                        if e >= self.days:
                            if not self.cyclic:
                                continue
                            e -= self.days
                        base = offset * MINUTES_PER_DAY + cov.start
                        k0 = max(0, (a - base) // width)
                        k1 = min(n_int, -(-(b - base) // width))
                        for k in range(k0, k1):
                            lo = base + k * width
                            m = min(b, lo + width) - max(a, lo)
                            if m > 0:
                                cells[(e, k)] = cells.get((e, k), 0) + m
                if cells:
                    out[(d, s.name)] = [(e, k, m) for (e, k), m in sorted(cells.items())]
        return out


@dataclass(frozen=True)
class Violation:
    """A broken rule a person can read. ``kind``: demand, next_day, fixed, day_off,
    consecutive, weekly_rest, unknown_shift, length, missing_person."""

    kind: str
    message: str
    person: str | None = None
    day: int | None = None  # 1-based
    shift: str | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class RosterResult:
    """``roster[person][d]`` is the shift on day d+1. ``uncovered`` rows are dicts: shift-days short
    (``{"day", "shift", "demand", "staffed", "short"}``) and intervals short (``{"day", "start",
    "end", "demand", "staffed", "short"}``, heads, fractional when people cover part of an
    interval). ``objective``/``bound`` are CP-SAT's, in the model's units (coverage agent-minutes
    × weight + fairness spreads); ``wall_time`` in seconds for all solves."""

    status: str  # optimal | feasible | infeasible | unknown
    roster: Mapping[str, tuple[str, ...]]
    violations: tuple[Violation, ...] = ()
    uncovered: tuple[Mapping[str, object], ...] = ()
    objective: float | None = None
    bound: float | None = None
    wall_time: float = 0.0
    shortfall_minutes: int = 0  # interval coverage shortfall, agent-minutes
    night_spread: int | None = None
    weekend_spread: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "roster": {p: list(v) for p, v in self.roster.items()},
            "violations": [v.message for v in self.violations],
            "violation_details": [
                {"kind": v.kind, "message": v.message, "person": v.person, "day": v.day, "shift": v.shift}
                for v in self.violations
            ],
            "uncovered": [dict(u) for u in self.uncovered],
            "shortfall_minutes": self.shortfall_minutes,
            "night_spread": self.night_spread,
            "weekend_spread": self.weekend_spread,
            "objective": self.objective,
            "bound": self.bound,
            "wall_time": round(self.wall_time, 3),
        }


def _is_day_off(date: dt.date) -> bool:
    try:
        import chinese_calendar

        return not chinese_calendar.is_workday(date)
    except (ImportError, NotImplementedError):
        return date.weekday() >= 5


def solve_roster(problem: RosterProblem) -> RosterResult:
    """Solve ``problem`` with CP-SAT (seeded, ``workers`` threads, ``time_limit_s`` per model).
    See the module docstring for what each status means. Imports ortools lazily."""
    from .roster_model import solve

    return solve(problem)


# --------------------------------------------------------------------------- reading problems


def _time(value: object, where: str) -> int:
    if not isinstance(value, str) or ":" not in value:
        raise RosterInputError(f"{where}: expected a time HH:MM, got {value!r}")
    hh, _, mm = value.partition(":")
    try:
        h, m = int(hh), int(mm)
    except ValueError:
        raise RosterInputError(f"{where}: expected a time HH:MM, got {value!r}") from None
    if not (0 <= h <= 24 and 0 <= m < 60) or h * 60 + m > MINUTES_PER_DAY:
        raise RosterInputError(f"{where}: {value!r} is not a time of day")
    return h * 60 + m


def _int(value: object, where: str, lo: int | None = None, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RosterInputError(f"{where}: expected a whole number, got {value!r}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        rng = f"{lo}..{hi}" if hi is not None else f">= {lo}"
        raise RosterInputError(f"{where}: {value} is outside {rng}")
    return value


def _shift_from(item: object, where: str) -> Shift:
    if isinstance(item, str):
        return Shift(item, night=any(m in item.lower() for m in NIGHT_MARKS))
    if not isinstance(item, Mapping) or not isinstance(item.get("name"), str) or not item["name"]:
        raise RosterInputError(f'{where}: expected a shift name or an object with a "name"')
    name = item["name"]
    start = _time(item["start"], f"{where}.start") if item.get("start") is not None else None
    end = _time(item["end"], f"{where}.end") if item.get("end") is not None else None
    if (start is None) != (end is None):
        raise RosterInputError(f'{where}: give both "start" and "end" or neither')
    breaks = []
    for j, b in enumerate(item.get("breaks") or ()):
        bw = f"{where}.breaks[{j}]"
        if isinstance(b, Mapping):
            b0, b1 = _time(b.get("start"), f"{bw}.start"), _time(b.get("end"), f"{bw}.end")
        elif isinstance(b, Sequence) and not isinstance(b, str) and len(b) == 2:
            b0, b1 = _time(b[0], bw), _time(b[1], bw)
        else:
            raise RosterInputError(f'{bw}: expected ["HH:MM", "HH:MM"]')
        if start is not None and b0 < start:  # a break after midnight of an overnight shift
            b0, b1 = b0 + MINUTES_PER_DAY, b1 + MINUTES_PER_DAY
        if b1 <= b0:
            raise RosterInputError(f"{bw}: the break ends before it starts")
        breaks.append((b0, b1))
    night = item.get("night")
    if night is None:
        night = any(m in name.lower() for m in NIGHT_MARKS)
    return Shift(name, start, end, tuple(breaks), bool(night))


def problem_from_dict(data: object, *, time_limit_s: float | None = None) -> RosterProblem:
    """Build a ``RosterProblem`` from the JSON of ``hotline roster solve`` (CLI.md). Raises
    ``RosterInputError`` naming the field on bad input."""
    if not isinstance(data, Mapping):
        raise RosterInputError("problem: expected a JSON object")
    days = _int(data.get("days"), "days", 1, 366)
    first_day = None
    if data.get("first_day") is not None:
        try:
            first_day = dt.date.fromisoformat(str(data["first_day"]))
        except ValueError:
            raise RosterInputError(f"first_day: {data['first_day']!r} is not a date YYYY-MM-DD") from None
    rest = data.get("rest", DEFAULT_REST)
    if not isinstance(rest, str) or not rest:
        raise RosterInputError("rest: expected a shift name")

    raw_shifts = data.get("shifts")
    if not isinstance(raw_shifts, list) or not raw_shifts:
        raise RosterInputError("shifts: expected a non-empty list")
    shifts = [_shift_from(s, f"shifts[{i}]") for i, s in enumerate(raw_shifts)]
    names = [s.name for s in shifts]
    if len(set(names)) != len(names):
        raise RosterInputError(f"shifts: duplicate names in {names}")
    if rest not in names:
        shifts.append(Shift(rest))
        names.append(rest)
    shifts = [Shift(s.name, None, None, (), False) if s.name == rest else s for s in shifts]
    known = set(names)

    def shift_name(value: object, where: str) -> str:
        if value not in known:
            raise RosterInputError(f"{where}: unknown shift {value!r} (shifts: {', '.join(names)})")
        return value  # type: ignore[return-value]

    raw_people = data.get("people")
    if not isinstance(raw_people, list) or not raw_people:
        raise RosterInputError("people: expected a non-empty list")
    people = []
    for i, p in enumerate(raw_people):
        if isinstance(p, str) and p:
            people.append(Person(p))
        elif isinstance(p, Mapping) and isinstance(p.get("name"), str) and p["name"]:
            off = tuple(
                _int(d, f"people[{i}].days_off[{j}]", 1, days) for j, d in enumerate(p.get("days_off") or ())
            )
            people.append(Person(p["name"], off))
        else:
            raise RosterInputError(f'people[{i}]: expected a name or an object with a "name"')
    pnames = [p.name for p in people]
    if len(set(pnames)) != len(pnames):
        raise RosterInputError("people: duplicate names")

    demand: dict[str, tuple[int, ...]] = {}
    raw_demand = data.get("demand") or {}
    if not isinstance(raw_demand, Mapping):
        raise RosterInputError("demand: expected an object {shift: n | [n per day]}")
    for s, v in raw_demand.items():
        shift_name(s, f"demand.{s}")
        if isinstance(v, list):
            if len(v) != days:
                raise RosterInputError(f"demand.{s}: expected {days} numbers (one per day), got {len(v)}")
            demand[s] = tuple(_int(x, f"demand.{s}[{j}]", 0) for j, x in enumerate(v))
        else:
            demand[s] = (_int(v, f"demand.{s}", 0),) * days
    demand_is = data.get("demand_is", "exact")
    if demand_is not in ("exact", "min"):
        raise RosterInputError(f'demand_is: expected "exact" or "min", got {demand_is!r}')

    if data.get("next") is None:
        nxt = dict(DEFAULT_NEXT) if set(DEFAULT_NEXT) <= known and rest == DEFAULT_REST else {}
    else:
        if not isinstance(data["next"], Mapping):
            raise RosterInputError("next: expected an object {shift: [allowed next shifts]}")
        nxt = {}
        for s, allowed in data["next"].items():
            shift_name(s, f"next.{s}")
            if not isinstance(allowed, list):
                raise RosterInputError(f"next.{s}: expected a list of shift names")
            nxt[s] = tuple(shift_name(a, f"next.{s}[{j}]") for j, a in enumerate(allowed))

    fixed = []
    for i, f in enumerate(data.get("fixed") or ()):
        if not isinstance(f, Mapping):
            raise RosterInputError(f'fixed[{i}]: expected {{"person", "day", "shift"}}')
        if f.get("person") not in pnames:
            raise RosterInputError(f"fixed[{i}].person: unknown person {f.get('person')!r}")
        fixed.append(
            FixedRequest(
                f["person"],
                _int(f.get("day"), f"fixed[{i}].day", 1, days),
                shift_name(f.get("shift"), f"fixed[{i}].shift"),
            )
        )

    coverage = None
    if data.get("coverage") is not None:
        coverage = _coverage_from(data["coverage"], days)
        if not any(s.on_duty() for s in shifts):
            raise RosterInputError("coverage: no shift has start and end times to cover intervals")

    def opt_int(key: str, lo: int) -> int | None:
        return None if data.get(key) is None else _int(data[key], key, lo)

    tl = data.get("time_limit_s", 30.0) if time_limit_s is None else time_limit_s
    if isinstance(tl, bool) or not isinstance(tl, int | float) or tl <= 0:
        raise RosterInputError(f"time_limit_s: expected a positive number of seconds, got {tl!r}")
    cyclic = data.get("cyclic", False)
    if not isinstance(cyclic, bool):
        raise RosterInputError("cyclic: expected true or false")
    return RosterProblem(
        days=days,
        people=tuple(people),
        shifts=tuple(shifts),
        rest=rest,
        demand=demand,
        demand_is=demand_is,
        next=nxt,
        cyclic=cyclic,
        fixed=tuple(fixed),
        coverage=coverage,
        first_day=first_day,
        max_consecutive_work=opt_int("max_consecutive_work", 1),
        min_rest_per_week=opt_int("min_rest_per_week", 0),
        fair_nights=bool(data.get("fair_nights", True)),
        fair_weekends=bool(data.get("fair_weekends", True)),
        time_limit_s=float(tl),
        seed=_int(data.get("seed", 0), "seed", 0),
        workers=_int(data.get("workers", 8), "workers", 1, 64),
    )


def _coverage_from(raw: object, days: int) -> Coverage:
    if not isinstance(raw, Mapping):
        raise RosterInputError('coverage: expected {"interval_minutes", "start", "demand"}')
    width = _int(raw.get("interval_minutes", 30), "coverage.interval_minutes", 1, 1440)
    start = _time(raw.get("start", "00:00"), "coverage.start")
    rows = raw.get("demand")
    if not isinstance(rows, list) or not rows:
        raise RosterInputError("coverage.demand: expected [n per interval] or [[n per interval] per day]")
    if all(isinstance(r, list) for r in rows):
        if len(rows) != days:
            raise RosterInputError(f"coverage.demand: expected {days} days of intervals, got {len(rows)}")
        if len({len(r) for r in rows}) != 1:
            raise RosterInputError("coverage.demand: every day needs the same number of intervals")
        table = tuple(
            tuple(_int(x, f"coverage.demand[{d}][{k}]", 0) for k, x in enumerate(r))
            for d, r in enumerate(rows)
        )
    else:
        one = tuple(_int(x, f"coverage.demand[{k}]", 0) for k, x in enumerate(rows))
        table = (one,) * days
    return Coverage(width, start, table)
