"""The monitoring plan of one period for one center (SPEC §3.4; frequency §3.1, live order §3.3).

Django-free and deterministic: the same :class:`PlanProblem` always gives the same :class:`Plan`.

Inputs: the period's working days (see :func:`hotline.core.workdays.working_days`), the recording
days (§3.1: the first working days after the period, when its recording sessions sample the whole
half-month; by default the period's own working days), the live order
(agents with their company, as §3.3 produces it), the QA monitors, monitor leave (whole dates), agent
absences (whole dates), last period's agent → monitor assignment, sessions already done (kept exactly
as they are), sessions carried over as overdue from the previous period, an optional capacity (sessions
per monitor per half-day; by default derived by spreading each monitor's load evenly over their
available half-days) and ``not_before`` (when re-generating mid-period: no new session before it).

Every agent gets one live session (a morning of the period, ``am``) and one recording session (an
afternoon of the recording days, ``pm``), both with the same monitor where the monitor works on both;
carried-over sessions come on top. A carried-over recording session samples a half-month that is long
over, so it is held in an afternoon of the period itself (the first free one), not after it.

Algorithm
---------
1. **Monitors.** A monitor with no working day left (leave, ``not_before``), neither in the period
   nor among the recording days, is inactive and gets nothing; the others share the agents.
2. **Agent → monitor (one min-cost flow).** Agents with a done session stay with that session's
   monitor. With T agents and M active monitors each monitor should hold ⌊T/M⌋ or ⌈T/M⌉ agents
   (so the load of each kind differs by at most one); these bounds are arcs to the sink priced so
   that breaking them is dearer than anything but leaving an agent unplanned. Each company first
   gets a *home* monitor, walking the companies in live order: the least-loaded monitor among those
   that judged none of its agents last period. An agent's arc costs
   ``100000`` if the monitor judged it last period (only when M ≥ 2), plus ``10 + k`` when the monitor
   is not its company's home (k = agents after it in its company, so a company that must be split
   for balance gives away its tail), plus ``1000`` unless the company is a *donor*: the last home
   companies of a monitor whose homes exceed ⌈T/M⌉ (so balance splits as few companies as it can).
   An agent absent on every day a monitor works has no arc to that monitor. An agent that cannot be placed at all is overdue. Priorities, strongest first: plan every
   agent, balance ±1, no repeat of last period's monitor, keep companies whole.
3. **Carried-over sessions** go, kind by kind, to the monitor with the lowest load of that kind
   (ties: not the agent's monitor of this period, not last period's, then monitor order), which keeps
   the ±1 balance.
4. **Lanes.** Each monitor walks their own sessions of a kind — carried-over first, then their agents
   in live order — through their available mornings (live) or afternoons (recording): session i of n
   over H half-days goes to half-day ⌊i·H/n⌋, so no half-day holds more than ⌈n/H⌉ (or ``capacity``;
   sessions beyond ``capacity × H`` are overdue). Hence, per monitor, the mornings walk the live
   order. Because homes are dealt in live order and every monitor spreads over the whole period,
   early companies are heard early and late ones late for the center as a whole.
5. **Absent agents.** A session whose agent is absent on its half-day moves to the next half-day
   the agent is present with room (then, failing that, an earlier one; room = the lane's limit, and
   without an explicit capacity one more), flagged ``moved``. If none exists it is overdue.

   A monitor without a half-day of a kind (on leave all the recording days, or every morning of the
   period already past) hands its sessions of that kind, one by one, to the monitor with the fewest
   sessions of that kind that has such half-days; when no monitor has one they are overdue. A lane
   without any half-day never divides by zero: its sessions are overdue.

Done sessions are copied unchanged into the plan and count in the loads.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

LIVE = "live"
RECORDING = "recording"
KINDS = (LIVE, RECORDING)
HALF = {LIVE: "am", RECORDING: "pm"}

_OVERDUE = 10**9
_IMBALANCE = 10**7
_BALANCE = 10**6  # the +1 of ⌈T/M⌉: exactly T mod M monitors take it
_REPEAT = 10**5
_NOT_HOME = 10
_NOT_DONOR = 1000


@dataclass(frozen=True)
class PlanAgent:
    work_number: str
    company: str


@dataclass(frozen=True)
class DoneSession:
    """A session already held: it keeps its date and monitor when the plan is re-generated."""

    agent: str
    kind: str
    date: dt.date
    monitor: str


@dataclass(frozen=True)
class Overdue:
    """A session that could not be planned (output) or is carried over from last period (input)."""

    agent: str
    kind: str
    reason: str = ""
    company: str = ""


@dataclass(frozen=True)
class Slot:
    agent: str
    company: str
    kind: str
    date: dt.date
    half: str  # "am" (live) or "pm" (recording)
    monitor: str
    done: bool = False
    carried: bool = False  # carried over from last period (overdue there)
    moved: bool = False  # the agent was absent on the half-day the walk gave it


@dataclass(frozen=True)
class PlanWarning:
    """A remark on a plan: ``code`` names it (the apps render it in the reader's language from
    ``code`` and ``params``), ``message`` is the English text for logs and the core's own tests."""

    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class PlanProblem:
    working_days: tuple[dt.date, ...]
    live_order: tuple[PlanAgent, ...]
    monitors: tuple[str, ...]
    monitor_leave: Mapping[str, frozenset[dt.date]] = field(default_factory=dict)
    agent_absence: Mapping[str, frozenset[dt.date]] = field(default_factory=dict)
    previous_assignment: Mapping[str, str] = field(default_factory=dict)
    done: tuple[DoneSession, ...] = ()
    carry_over: tuple[Overdue, ...] = ()
    capacity: int | None = None
    not_before: dt.date | None = None
    recording_days: tuple[dt.date, ...] | None = None  # None: the period's working days


@dataclass(frozen=True)
class Plan:
    slots: tuple[Slot, ...]
    assignment: tuple[tuple[str, str], ...]  # (agent, monitor) in live order: next period's "previous"
    overdue: tuple[Overdue, ...]
    warnings: tuple[PlanWarning, ...]
    monitors: tuple[str, ...] = ()  # active monitors

    def assignment_map(self) -> dict[str, str]:
        return dict(self.assignment)

    def loads(self) -> dict[str, dict[str, int]]:
        """Sessions (done + planned) per active monitor and kind."""
        out = {m: {k: 0 for k in KINDS} for m in self.monitors}
        for s in self.slots:
            if s.monitor in out:
                out[s.monitor][s.kind] += 1
        return out

    def by_monitor(self) -> dict[str, list[Slot]]:
        """Each monitor's calendar: slots by date, morning first, then live order."""
        out: dict[str, list[Slot]] = defaultdict(list)
        for s in self.slots:
            out[s.monitor].append(s)
        for v in out.values():
            v.sort(key=lambda s: (s.date, s.half))
        return dict(out)


def make_plan(
    working_days: Iterable[dt.date],
    live_order: Iterable,
    monitors: Iterable[str],
    *,
    monitor_leave: Mapping[str, Iterable[dt.date]] | None = None,
    agent_absence: Mapping[str, Iterable[dt.date]] | None = None,
    previous_assignment: Mapping[str, str] | None = None,
    done: Iterable[DoneSession] = (),
    carry_over: Iterable[Overdue] = (),
    capacity: int | None = None,
    not_before: dt.date | None = None,
    recording_days: Iterable[dt.date] | None = None,
) -> Plan:
    """Keyword front door to :func:`plan`; ``live_order`` items need ``work_number`` and ``company``.

    ``recording_days``: the afternoons' dates of the recording sessions (§3.1: the first working days
    after the period); ``None`` puts them in the period's own working days."""
    problem = PlanProblem(
        working_days=tuple(sorted(set(working_days))),
        live_order=tuple(PlanAgent(str(a.work_number), str(a.company)) for a in live_order),
        monitors=tuple(monitors),
        monitor_leave={m: frozenset(v) for m, v in (monitor_leave or {}).items()},
        agent_absence={a: frozenset(v) for a, v in (agent_absence or {}).items()},
        previous_assignment=dict(previous_assignment or {}),
        done=tuple(done),
        carry_over=tuple(carry_over),
        capacity=capacity,
        not_before=not_before,
        recording_days=None if recording_days is None else tuple(sorted(set(recording_days))),
    )
    return plan(problem)


def _check(p: PlanProblem) -> None:
    seen: set[str] = set()
    for a in p.live_order:
        if a.work_number in seen:
            raise ValueError(f"agent {a.work_number} appears twice in the live order")
        seen.add(a.work_number)
    if len(set(p.monitors)) != len(p.monitors):
        raise ValueError("a monitor is listed twice")
    keys = [(d.agent, d.kind) for d in p.done]
    for d in p.done:
        if d.kind not in KINDS:
            raise ValueError(f"done session of {d.agent}: kind {d.kind!r} is not live or recording")
        if keys.count((d.agent, d.kind)) > 1:
            raise ValueError(f"agent {d.agent} has two done {d.kind} sessions")
    for c in p.carry_over:
        if c.kind not in KINDS:
            raise ValueError(f"carried-over session of {c.agent}: kind {c.kind!r} is not live or recording")
    if p.capacity is not None and p.capacity < 1:
        raise ValueError("capacity must be at least 1 session per half-day")


def plan(p: PlanProblem) -> Plan:
    """Build the §3.4 plan (see the module docstring for the algorithm)."""
    _check(p)
    warnings: list[PlanWarning] = []

    def usable(source) -> list[dt.date]:
        return [d for d in sorted(set(source)) if p.not_before is None or d >= p.not_before]

    live_days = usable(p.working_days)
    separate = p.recording_days is not None
    rec_days = usable(p.recording_days) if separate else live_days
    avail_kind = {
        m: {
            LIVE: [d for d in live_days if d not in p.monitor_leave.get(m, ())],
            RECORDING: [d for d in rec_days if d not in p.monitor_leave.get(m, ())],
        }
        for m in p.monitors
    }
    avail = {m: sorted(set(avail_kind[m][LIVE]) | set(avail_kind[m][RECORDING])) for m in p.monitors}
    active = [m for m in p.monitors if avail[m]]
    for m in p.monitors:
        if not avail[m]:
            warnings.append(
                PlanWarning(
                    "monitor_unavailable", f"monitor {m} has no working day in this plan", {"monitor": m}
                )
            )
    company = {a.work_number: a.company for a in p.live_order}
    order_pos = {a.work_number: i for i, a in enumerate(p.live_order)}
    done = {(d.agent, d.kind): d for d in p.done}

    def present(agent: str, day: dt.date) -> bool:
        return day not in p.agent_absence.get(agent, ())

    def can_serve(agent: str, m: str) -> bool:
        return any(present(agent, d) for d in avail[m])

    # 2. agent → monitor -------------------------------------------------------------------------
    monitor_of: dict[str, str] = {}
    free: list[str] = []
    for a in p.live_order:
        w = a.work_number
        pending = [k for k in KINDS if (w, k) not in done]
        fixed = next((done[(w, k)].monitor for k in KINDS if (w, k) in done), None)
        if fixed is not None and (fixed in active or not pending):
            monitor_of[w] = fixed
        elif pending:
            free.append(w)
    overdue: list[Overdue] = []
    if active:
        per_kind = {
            m: min(len(v) for v in avail_kind[m].values() if v) for m in active
        }  # half-days of the scarcer kind: what an explicit capacity allows
        monitor_of.update(_assign(p, active, per_kind, free, monitor_of, company, can_serve))
    for w in free:
        if w not in monitor_of:
            reason = (
                "no QA monitor works this period" if not active else "absent on every day a monitor works"
            )
            for k in KINDS:
                if (w, k) not in done:
                    overdue.append(Overdue(w, k, reason, company.get(w, "")))

    # 3. carried-over sessions --------------------------------------------------------------------
    # a lane = (monitor, kind, the day list it walks): LIVE = the period's mornings, RECORDING = the
    # recording afternoons; a carried-over recording session walks the period's afternoons
    Lane = tuple[str, str, str]
    lanes: dict[Lane, list[tuple[str, str, bool]]] = {}
    load = {k: {m: 0 for m in active} for k in KINDS}
    for w, m in monitor_of.items():
        for k in KINDS:
            mk = done[(w, k)].monitor if (w, k) in done else m
            if mk in active:
                load[k][mk] += 1
    for c in p.carry_over:
        comp = c.company or company.get(c.agent, "")
        options = [m for m in active if can_serve(c.agent, m)]
        if not options:
            overdue.append(
                Overdue(c.agent, c.kind, "carried over, and absent on every day a monitor works", comp)
            )
            continue
        m = min(
            options,
            key=lambda m: (
                load[c.kind][m],
                monitor_of.get(c.agent) == m,
                p.previous_assignment.get(c.agent) == m,
                active.index(m),
            ),
        )
        load[c.kind][m] += 1
        source = LIVE if (c.kind == LIVE or separate) else RECORDING
        lanes.setdefault((m, c.kind, source), []).append((c.agent, comp, True))
    for a in p.live_order:
        w = a.work_number
        if w in monitor_of and monitor_of[w] in active:
            for k in KINDS:
                if (w, k) not in done:
                    lanes.setdefault((monitor_of[w], k, k), []).append((w, a.company, False))

    def lane_days(m: str, source: str) -> list[dt.date]:
        return avail_kind[m][source] if m in avail_kind else []

    # a monitor without half-days of a lane's kind hands its sessions to those who have some
    for (m, k, source), tasks in sorted(lanes.items(), key=lambda kv: _lane_key(kv[0], active)):
        if lane_days(m, source) or not tasks:
            continue
        takers = [x for x in active if lane_days(x, source)]
        keep = []
        for task in tasks:
            options = [x for x in takers if any(present(task[0], d) for d in lane_days(x, source))]
            if not options:
                keep.append(task)
                continue
            x = min(options, key=lambda x: (load[k][x], active.index(x)))
            load[k][x] += 1
            load[k][m] -= 1
            lanes.setdefault((x, k, source), []).append(task)
        lanes[(m, k, source)] = keep

    # 4–5. lanes through the half-days --------------------------------------------------------------
    slots = [
        Slot(d.agent, company.get(d.agent, ""), d.kind, d.date, HALF[d.kind], d.monitor, done=True)
        for d in sorted(p.done, key=lambda d: (d.date, HALF[d.kind], d.monitor, d.agent))
    ]
    for (m, k, source), tasks in sorted(lanes.items(), key=lambda kv: _lane_key(kv[0], active)):
        day_list = lane_days(m, source)
        if not day_list:
            reason = (
                "no working day of the period left"
                if source == LIVE
                else "no QA monitor works on the recording days"
            )
            overdue.extend(Overdue(w, k, reason, comp) for w, comp, _car in tasks)
            continue
        placed, late = _walk(tasks, day_list, p.capacity, present)
        slots.extend(
            Slot(w, comp, k, day, HALF[k], m, carried=car, moved=mv) for w, comp, car, day, mv in placed
        )
        overdue.extend(Overdue(w, k, reason, comp) for w, comp, reason in late)

    slots.sort(key=lambda s: (s.date, s.half, active.index(s.monitor) if s.monitor in active else -1,
                              order_pos.get(s.agent, -1), s.carried))  # fmt: skip
    warnings.extend(_audit(p, active, slots, monitor_of))
    assignment = tuple(
        (a.work_number, monitor_of[a.work_number]) for a in p.live_order if a.work_number in monitor_of
    )
    return Plan(tuple(slots), assignment, tuple(overdue), tuple(warnings), tuple(active))


def _lane_key(lane: tuple[str, str, str], active: list[str]) -> tuple:
    m, k, source = lane
    return (active.index(m), KINDS.index(k), KINDS.index(source))


def _assign(p, active, avail, free, fixed, company, can_serve) -> dict[str, str]:
    """Min-cost flow: free agents → active monitors (balance ±1, no repeat, companies whole);
    ``avail``: monitor → number of half-days of the kind it has fewer of."""
    from ortools.graph.python import min_cost_flow

    M = len(active)
    fixed_count = {m: 0 for m in active}
    for m in fixed.values():
        if m in fixed_count:
            fixed_count[m] += 1
    total = len(free) + sum(fixed_count.values())
    q = total // M
    prev = p.previous_assignment if M >= 2 else {}

    # homes: companies in live order, the least-loaded monitor that judged none of its agents
    by_company: dict[str, list[str]] = defaultdict(list)
    for w in free:
        by_company[company[w]].append(w)
    home_load = dict(fixed_count)
    home: dict[str, str] = {}
    for c, agents in by_company.items():
        m = min(active, key=lambda m: (any(prev.get(w) == m for w in agents), home_load[m], active.index(m)))
        home[c] = m
        home_load[m] += len(agents)
    # a monitor whose homes exceed ⌈T/M⌉ gives away the tails of its last companies (donors) first,
    # so balance splits as few companies as possible
    donors: set[str] = set()
    for m in active:
        excess = home_load[m] - (q + 1)
        for c in reversed([c for c in by_company if home[c] == m]):
            if excess <= 0:
                break
            donors.add(c)
            excess -= len(by_company[c])

    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1 + len(free) + M
    mnode = {m: 1 + len(free) + j for j, m in enumerate(active)}
    for i, w in enumerate(free):
        node = 1 + i
        flow.add_arc_with_capacity_and_unit_cost(source, node, 1, 0)
        flow.add_arc_with_capacity_and_unit_cost(node, sink, 1, _OVERDUE)
        agents = by_company[company[w]]
        tail = len(agents) - 1 - agents.index(w)
        for m in active:
            if not can_serve(w, m):
                continue
            away = _NOT_HOME + tail + (0 if company[w] in donors else _NOT_DONOR)
            cost = (_REPEAT if prev.get(w) == m else 0) + (0 if home[company[w]] == m else away)
            flow.add_arc_with_capacity_and_unit_cost(node, mnode[m], 1, cost)
    for m in active:
        bound = len(free) + 1 if p.capacity is None else max(p.capacity * avail[m] - fixed_count[m], 0)
        lo = min(max(q - fixed_count[m], 0), bound)
        hi = min(max(q + 1 - fixed_count[m], 0), bound) - lo
        rest = bound - lo - hi
        for cap, cost in ((lo, 0), (hi, _BALANCE), (rest, _IMBALANCE)):
            if cap > 0:
                flow.add_arc_with_capacity_and_unit_cost(mnode[m], sink, cap, cost)
    flow.set_node_supply(source, len(free))
    flow.set_node_supply(sink, -len(free))
    status = flow.solve()
    if status != flow.OPTIMAL:  # cannot happen: every agent has its overdue arc
        raise RuntimeError(f"plan assignment flow failed with status {status}")
    out: dict[str, str] = {}
    node_monitor = {v: m for m, v in mnode.items()}
    for arc in range(flow.num_arcs()):
        if flow.flow(arc) and 0 < flow.tail(arc) <= len(free) and flow.head(arc) in node_monitor:
            out[free[flow.tail(arc) - 1]] = node_monitor[flow.head(arc)]
    return out


def _walk(tasks, days: Sequence[dt.date], capacity: int | None, present):
    """Spread one monitor's sessions of one kind over their half-days (steps 4–5 of the docstring)."""
    n, h = len(tasks), len(days)
    placed: list[tuple[str, str, bool, dt.date, bool]] = []
    late: list[tuple[str, str, str]] = []
    if not n:
        return placed, late
    if not h:  # no half-day at all: nothing to spread over (never a division by zero)
        return placed, [(w, comp, "no half-day left to hold it") for w, comp, _carried in tasks]
    limit = capacity if capacity is not None else math.ceil(n / h)
    if n <= limit * h:
        nominal = [i * h // n for i in range(n)]
    else:
        nominal = [i // limit for i in range(limit * h)]
    count = [0] * h
    displaced = []
    for i, (w, comp, carried) in enumerate(tasks):
        if i >= len(nominal):
            late.append((w, comp, f"more sessions than capacity ({limit} per half-day)"))
        elif present(w, days[nominal[i]]):
            count[nominal[i]] += 1
            placed.append((w, comp, carried, days[nominal[i]], False))
        else:
            displaced.append((nominal[i], w, comp, carried))
    room_limits = (limit,) if capacity is not None else (limit, limit + 1)
    for start, w, comp, carried in displaced:
        candidates = list(range(start + 1, h)) + list(range(start - 1, -1, -1))
        spot = next(
            (j for room in room_limits for j in candidates if count[j] < room and present(w, days[j])),
            None,
        )
        if spot is None:
            late.append((w, comp, "absent on every free half-day of the monitor"))
        else:
            count[spot] += 1
            placed.append((w, comp, carried, days[spot], True))
    return placed, late


def _audit(p, active, slots, monitor_of) -> list[PlanWarning]:
    out = []
    for k in KINDS:
        loads = {m: 0 for m in active}
        for s in slots:
            if s.kind == k and s.monitor in loads:
                loads[s.monitor] += 1
        if loads and max(loads.values()) - min(loads.values()) > 1:
            shown = ", ".join(f"{m} {n}" for m, n in loads.items())
            out.append(
                PlanWarning(
                    "unbalanced", f"{k} sessions differ by more than one between monitors: {shown}",
                    {"kind": k, "loads": shown},
                )
            )  # fmt: skip
    if len(active) >= 2:
        for w, m in monitor_of.items():
            if p.previous_assignment.get(w) == m:
                out.append(
                    PlanWarning(
                        "repeat",
                        f"monitor {m} judges agent {w} two periods in a row",
                        {"monitor": m, "agent": w},
                    )
                )
    return out


__all__ = [
    "LIVE", "RECORDING", "KINDS", "HALF", "PlanAgent", "DoneSession", "Overdue", "Slot", "PlanWarning",
    "PlanProblem", "Plan", "make_plan", "plan",
]  # fmt: skip
