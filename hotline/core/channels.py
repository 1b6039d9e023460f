"""Every channel staffed (SPEC §5 "Every channel"), Django-free.

Channels of a queue: inbound calls, outbound calls, web chat, email and fax. How each is staffed:

* **inbound calls** — Erlang C (Erlang A with a patience), in :mod:`hotline.core.erlang`;
* **web chat** — Erlang C over *slots*: an agent handles ``concurrency`` chats at once, so N agents
  are N × concurrency servers; the handle time is a chat's duration as measured with that concurrency
  (longer than a lone chat). Agents = ⌈slots / concurrency⌉ (:func:`chat_agents`);
* **outbound calls** — workload: attempts × handle time / (interval × productive share)
  (:func:`workload_agents`); nobody waits in a queue, the dialling is planned;
* **email and fax** — workload within a response deadline: the least agents such that, answering
  first-come first-served, every item is answered within the deadline (:func:`backlog_staffing`).

Units: seconds for times (interval, handle time, deadline), items (calls, chats, emails, faxes) per
interval for volumes, agents are heads *on the channel* (productive, before shrinkage).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

CALL_IN = "call_in"
CALL_OUT = "call_out"
CHAT = "chat"
EMAIL = "email"
FAX = "fax"
CHANNELS = (CALL_IN, CALL_OUT, CHAT, EMAIL, FAX)

#: The staffing method of each channel: ``erlang`` (a queue answered live), ``workload`` (planned
#: work: outbound), ``backlog`` (work answered within a response deadline).
METHOD = {CALL_IN: "erlang", CHAT: "erlang", CALL_OUT: "workload", EMAIL: "backlog", FAX: "backlog"}
#: Response deadline in hours when the queue sets none (email within a working day, fax sooner).
DEFAULT_DEADLINE_H = {EMAIL: 24.0, FAX: 4.0}
#: Handle time in seconds when neither a setting nor a history gives one.
DEFAULT_HANDLE_S = {CALL_IN: 180.0, CALL_OUT: 120.0, CHAT: 480.0, EMAIL: 300.0, FAX: 240.0}

_EPS = 1e-9


def staffing_method(channel: str) -> str:
    """``erlang``, ``workload`` or ``backlog`` (see the module docstring); ValueError if unknown."""
    try:
        return METHOD[channel]
    except KeyError:
        raise ValueError(f"unknown channel {channel!r} (one of {', '.join(CHANNELS)})") from None


def chat_agents(slots: int, concurrency: int) -> int:
    """Agents for ``slots`` simultaneous chats when each agent handles ``concurrency`` at once."""
    if concurrency < 1 or slots < 0:
        raise ValueError("concurrency ≥ 1 and slots ≥ 0 are required")
    return -(-int(slots) // int(concurrency))


def workload_agents(
    volume: Sequence[float], *, interval_s: float, handle_s: float, productive: float = 1.0
) -> list[int]:
    """Agents per interval for planned work: ⌈volume × handle_s / (interval_s × productive)⌉.

    ``volume``: items (outbound attempts) per interval; ``handle_s``: seconds of work per item
    (dialling, talk and wrap-up, averaged over attempts); ``productive``: the share of an on-duty
    agent's time that produces (0 < productive ≤ 1, e.g. 0.85).
    """
    if interval_s <= 0 or handle_s < 0 or not 0 < productive <= 1:
        raise ValueError("interval_s > 0, handle_s ≥ 0 and 0 < productive ≤ 1 are required")
    out = []
    for v in volume:
        if v < 0 or not math.isfinite(v):
            raise ValueError("volumes must be finite and ≥ 0")
        out.append(max(0, math.ceil(v * handle_s / (interval_s * productive) - _EPS)))
    return out


@dataclass(frozen=True)
class BacklogPlan:
    """The result of :func:`backlog_staffing`.

    ``agents`` per interval (0 in closed intervals); ``levels`` the agents of each block (one block
    when ``block`` is None); ``backlog`` the items still waiting at the end of each interval;
    ``occupancy`` the share of each interval's on-duty time spent on items (None when nobody is on
    duty); ``max_delay_s`` the longest open (working) time from an item's arrival to its answer among
    the items answered inside the horizon.
    """

    agents: tuple[int, ...]
    levels: tuple[int, ...]
    backlog: tuple[float, ...]
    occupancy: tuple[float | None, ...]
    max_delay_s: float


@dataclass
class _State:
    queue: deque  # [batch index, remaining work in agent-seconds]
    finish: dict  # batch index → business-clock time it was answered
    backlog: list
    occupancy: list
    waiting: float = 0.0  # work in the queue, agent-seconds


def _run(state: _State, arrivals, agents, first: int, last: int, *, interval_s, handle_s, clock) -> None:
    """Serve intervals ``first``…``last − 1`` first-come first-served (fluid: ``n`` agents do ``n``
    agent-seconds of work per second). Items of interval k join the queue at its start."""
    q = state.queue
    for k in range(first, last):
        if arrivals[k] > 0:
            q.append([k, arrivals[k] * handle_s])
            state.waiting += arrivals[k] * handle_s
        n = agents[k]
        capacity = n * interval_s
        used = 0.0
        while q and capacity - used > _EPS:
            head = q[0]
            take = min(head[1], capacity - used)
            used += take
            head[1] -= take
            if head[1] <= _EPS * max(1.0, handle_s):
                state.finish[head[0]] = clock[k] + used / n
                q.popleft()
        state.waiting = max(0.0, state.waiting - used) if q else 0.0
        state.backlog.append(state.waiting / handle_s if handle_s > 0 else 0.0)
        state.occupancy.append(used / capacity if capacity > 0 else None)


def _copy(s: _State) -> _State:
    return _State(
        deque([list(x) for x in s.queue]), dict(s.finish), list(s.backlog), list(s.occupancy), s.waiting
    )


def backlog_staffing(
    arrivals: Sequence[float],
    *,
    interval_s: float,
    handle_s: float,
    deadline_s: float,
    open_intervals: Sequence[bool] | None = None,
    block: int | None = None,
) -> BacklogPlan:
    """The minimum agents so that every item is answered within ``deadline_s`` (email, fax: §5).

    Inputs: ``arrivals`` — expected items per interval (floats ≥ 0) over consecutive intervals of
    ``interval_s`` seconds; ``handle_s`` — agent-seconds of work per item; ``deadline_s`` — the
    response deadline in seconds of **open time**; ``open_intervals`` — whether agents work in each
    interval (default: all); ``block`` — intervals per level (e.g. a day: 86400 / interval_s), or
    None for one level over the horizon.

    Model (assumptions): items are answered first-come first-served from one backlog; an item of
    interval k arrives at the interval's start (the strictest reading: none is later than its
    interval's start + deadline); work is fluid — N agents clear N agent-seconds per second, so an
    item's answer time is when its work is done; an item is *answered* when its handling ends. The
    deadline runs on the open-time clock: an item arriving at night is due ``deadline_s`` of open
    time after the opening (a "4 working hours" reading; with every interval open this is the wall
    clock). Items due after the horizon's open time ends are not judged (they belong to the next
    plan); the horizon starts with an empty backlog.

    Levels: with ``block`` None, the least constant N on every open interval (binary search;
    feasibility is monotone in N). With blocks, greedily in order: each block gets the least N such
    that, given the blocks before, every item due by the end of the block's open time is answered
    in time. Monotone: more items or a shorter deadline never need fewer agents (one level).
    """
    a = [float(x) for x in arrivals]
    K = len(a)
    if interval_s <= 0 or handle_s <= 0 or deadline_s <= 0:
        raise ValueError("interval_s, handle_s and deadline_s must be > 0")
    if any(x < 0 or not math.isfinite(x) for x in a):
        raise ValueError("arrivals must be finite and ≥ 0")
    is_open = [True] * K if open_intervals is None else [bool(x) for x in open_intervals]
    if len(is_open) != K:
        raise ValueError("open_intervals must have one flag per interval")
    if block is not None and block < 1:
        raise ValueError("block must be ≥ 1 interval")
    clock = [0.0] * (K + 1)  # open seconds before interval k's start
    for k in range(K):
        clock[k + 1] = clock[k] + (interval_s if is_open[k] else 0.0)
    total_open = clock[K]
    if any(x > 0 for x in a) and total_open == 0:
        raise ValueError("no interval is open")
    size = block or max(K, 1)
    starts = list(range(0, K, size)) or [0]
    levels: list[int] = []
    state = _State(deque(), {}, [], [])
    judged = [0]  # items before this index are judged (answered in time)

    def agents_with(prefix: list[int], n: int, upto: int) -> list[int]:
        lv = [*prefix, n]
        return [lv[k // size] if is_open[k] else 0 for k in range(upto)]

    def ok(base: _State, b: int, n: int) -> bool:
        first, last = starts[b], min(K, starts[b] + size)
        s = _copy(base)
        _run(s, a, agents_with(levels, n, last), first, last, interval_s=interval_s, handle_s=handle_s,
             clock=clock)  # fmt: skip
        horizon_end = clock[last]
        # due times grow with j: the items due by this block's end are the next run after those judged
        for j in range(judged[0], last):
            due = clock[j] + deadline_s
            if due > horizon_end + _EPS:
                break  # due after this block's open time: judged later (or by the next plan)
            if a[j] <= 0:
                continue
            f = s.finish.get(j)
            if f is None or f > due + 1e-6:
                return False
        return True

    for b in range(len(starts)):
        lo, hi = 0, 1
        while not ok(state, b, hi):
            lo, hi = hi, hi * 2
            if hi > 10_000_000:
                raise ValueError("the deadline cannot be met by any number of agents")
        if ok(state, b, 0):
            hi = 0
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if ok(state, b, mid):
                hi = mid
            else:
                lo = mid
        levels.append(hi)
        last = min(K, starts[b] + size)
        _run(state, a, agents_with(levels[:-1], hi, last), starts[b], last, interval_s=interval_s,
             handle_s=handle_s, clock=clock)  # fmt: skip
        while judged[0] < last and clock[judged[0]] + deadline_s <= clock[last] + _EPS:
            judged[0] += 1
    agents = tuple(levels[k // size] if is_open[k] else 0 for k in range(K))
    delays = [state.finish[j] - clock[j] for j in state.finish]
    return BacklogPlan(
        agents=agents,
        levels=tuple(levels),
        backlog=tuple(state.backlog),
        occupancy=tuple(state.occupancy),
        max_delay_s=max(delays, default=0.0),
    )


def backlog_delays(
    arrivals: Sequence[float],
    agents: Sequence[int],
    *,
    interval_s: float,
    handle_s: float,
    open_intervals: Sequence[bool] | None = None,
) -> list[float | None]:
    """Per interval with items: the open time (seconds) from its start until its items are all
    answered, given ``agents`` per interval (None: not answered inside the horizon). The check behind
    :func:`backlog_staffing`, for tests and for showing a plan's delays."""
    K = len(arrivals)
    is_open = [True] * K if open_intervals is None else [bool(x) for x in open_intervals]
    clock = [0.0] * (K + 1)
    for k in range(K):
        clock[k + 1] = clock[k] + (interval_s if is_open[k] else 0.0)
    n = [int(x) if is_open[k] else 0 for k, x in enumerate(agents)]
    s = _State(deque(), {}, [], [])
    _run(s, [float(x) for x in arrivals], n, 0, K, interval_s=interval_s, handle_s=handle_s, clock=clock)
    return [(s.finish[j] - clock[j] if j in s.finish else None) if arrivals[j] > 0 else 0.0 for j in range(K)]
