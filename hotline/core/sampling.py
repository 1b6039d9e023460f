"""Recording selection for the half-monthly recording session (SPEC §3.2), Django-free.

Input: ``CallRecord``s (``hotline.core.calllog``) of one agent, a ``Period`` (``hotline.core.periods``).
Output: a frozen ``Selection`` whose picks ``(call_id, criterion)`` are in pick order.

Definitions used throughout (all deterministic, no randomness):

* **Eligible** — answered (not abandoned, has an answer time), has a recording, duration ≥ ``min_seconds``
  (default 15 s), local date of the answer time (center time zone, Asia/Shanghai by default) inside the
  period, call id not in ``already_evaluated``.
* **Start** of a call = its answer time; **duration** = talk time answer → hang-up in seconds
  (``CallRecord.duration``), held as whole microseconds so that averages and |duration − average| ties
  are compared exactly (a date's |d − S/n| is compared as |n·d − S|), never through float noise.
* **Day of the week** = the plain calendar weekday of the local date, Monday (周一) … Sunday (周日). The
  spec's "weekdays follow the Chinese calendar" is read as: the Chinese week runs Monday → Sunday (hence
  "Monday before Sunday" in the tie-breaks) and dates are local Chinese dates. Public holidays and
  adjusted working days (调休) do not change a date's day of the week — a 调休 Saturday is still a
  Saturday, a holiday Monday is still a Monday; §3.2 states no other adjustment, so none is made.
* Every ordering ends with (start, call id) so equal keys never depend on input order; "ties not settled
  above fall to the smaller call id" (call ids compare as strings).

H1 (全面性, criteria ``weekday`` then ``fill``):
1. group eligible calls by local date; a date's average = mean duration of its eligible calls;
2. weekdays ranked by number of eligible calls (more first; ties Monday → Sunday), up to five; for each
   the date of that weekday with most eligible calls (ties → earlier date);
3. on each chosen date the call with the smallest |duration − date average| (ties → earlier start, then
   smaller call id);
4. fewer than five picks: the dates not used yet, most eligible calls first (ties → earlier date), one
   call each as in 3; then round-robin over all dates in that same order (most calls first, ties earlier
   date), each visit taking the date's not-yet-picked call closest to its average, until five picks or
   no call is left. Picks of step 4 are ``fill``.

H2 (特征性), each criterion takes the first not-yet-picked call of its ranking:
1. ``longest``  — duration descending, then earlier start, then smaller call id;
2. ``shortest`` — duration ascending, then earlier start, then smaller call id;
3. ``first-monday`` — Monday calls by (date, start) ascending, followed by all other calls by (date,
   start) ascending. Without Monday calls this is exactly "all calls by date then start"; when every
   Monday call has already been picked the ranking continues with the earliest remaining call.
4. ``last-friday`` — Friday calls by (date, start) descending, then all other calls the same way
   (equal starts → smaller call id first).
5. ``longest-gap`` — a call "follows" the call immediately before it in (start, call id) order among the
   agent's *eligible* calls of the same local date; gap = this start − that call's end (seconds; negative
   when the calls overlap); ranked by gap descending, then earlier start, then smaller call id. When no
   following call is left, ``fill`` takes the longest remaining call (ranking of ``longest``).

Fewer than five eligible calls: all are taken (by the same procedure) and the selection is ``short``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from zoneinfo import ZoneInfo

from .calllog import DEFAULT_TZ, CallRecord
from .periods import Period

SESSION_SIZE = 5
DEFAULT_MIN_SECONDS = 15
H1_CRITERIA = ("weekday", "fill")
H2_CRITERIA = ("longest", "shortest", "first-monday", "last-friday", "longest-gap", "fill")
_MICRO = dt.timedelta(microseconds=1)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Pick:
    """One chosen recording and the criterion that chose it (shown to the agent, §3.2)."""

    call_id: str
    criterion: str
    date: dt.date
    started_at: dt.datetime
    duration: float  # seconds, talk time


@dataclass(frozen=True)
class Selection:
    """The recording session of one agent in one period."""

    agent: str
    period: Period
    picks: tuple[Pick, ...]
    eligible: int  # number of eligible calls
    min_seconds: float = DEFAULT_MIN_SECONDS

    @property
    def short(self) -> bool:
        """Fewer than five eligible calls: the session has fewer than five recordings."""
        return self.eligible < SESSION_SIZE

    @property
    def reason(self) -> str:
        """Why the session is short ('' when it is not)."""
        if not self.short:
            return ""
        return (
            f"only {self.eligible} eligible call(s) in {self.period} "
            f"(answered, recorded, ≥ {self.min_seconds:g} s, not evaluated before)"
        )

    @property
    def call_ids(self) -> tuple[str, ...]:
        return tuple(p.call_id for p in self.picks)


@dataclass(frozen=True)
class PeriodSample:
    """Selections of every agent who has calls in the period, in work-number order."""

    period: Period
    selections: tuple[Selection, ...]

    @property
    def short(self) -> tuple[Selection, ...]:
        return tuple(s for s in self.selections if s.short)


@dataclass(frozen=True)
class _Call:
    """An eligible call with exact keys."""

    call: CallRecord
    call_id: str
    start: int  # microseconds since the epoch (answer time)
    end: int  # start + duration, microseconds
    duration: int  # microseconds of talk time
    date: dt.date  # local date of the answer time
    weekday: int  # 0 = Monday … 6 = Sunday
    started_at: dt.datetime


def work_number_key(work_number: str) -> tuple:
    """Order of work numbers: all-digit ones numerically (007 < 12 < 100), then others as text."""
    w = work_number.strip()
    return (0, int(w), w) if w.isdigit() else (1, 0, w)


def _exact_duration(call: CallRecord) -> int:
    """Talk time in whole microseconds."""
    if call.answered_at is not None and call.ended_at is not None:
        return (call.ended_at - call.answered_at) // _MICRO
    return round(Fraction(call.talk_seconds or 0.0) * 1_000_000)


def _min_micro(min_seconds: float) -> int:
    """Smallest whole number of microseconds ≥ ``min_seconds`` (so ``us >= it`` ⇔ ``us ≥ min_seconds``)."""
    return math.ceil(Fraction(min_seconds) * 1_000_000)


def is_eligible(
    call: CallRecord,
    period: Period,
    *,
    min_seconds: float = DEFAULT_MIN_SECONDS,
    tz: dt.tzinfo | str = DEFAULT_TZ,
    already_evaluated: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """The eligibility rule of §3.2 for one call (see the module docstring)."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return _eligible(call, period, _min_micro(min_seconds), zone, already_evaluated) is not None


def _eligible(call: CallRecord, period: Period, min_us: int, zone: dt.tzinfo, evaluated) -> _Call | None:
    if not call.answered or call.answered_at is None or not call.has_recording:
        return None
    if call.call_id in evaluated:
        return None
    duration = _exact_duration(call)
    if duration < min_us:
        return None
    local = call.answered_at.astimezone(zone)
    if local.date() not in period:
        return None
    start = (call.answered_at - _EPOCH) // _MICRO
    end = start + duration
    return _Call(call, call.call_id, start, end, duration, local.date(), local.weekday(), local)


def _single_agent(calls: Sequence[CallRecord]) -> str:
    agents = {c.agent for c in calls}
    if len(agents) > 1:
        raise ValueError(f"select_recordings takes one agent's calls; got {sorted(agents)[:5]}")
    return next(iter(agents), "")


def select_recordings(
    calls: Iterable[CallRecord],
    period: Period,
    *,
    min_seconds: float = DEFAULT_MIN_SECONDS,
    tz: dt.tzinfo | str = DEFAULT_TZ,
    already_evaluated: frozenset[str] | set[str] = frozenset(),
    agent: str | None = None,
) -> Selection:
    """Choose the five recordings of one agent's recording session (§3.2).

    ``calls`` are the agent's calls (any period; others are ignored). The H1 or H2 rule follows from
    ``period.half``. The result is the same for the same inputs in any order.
    """
    calls = list(calls)
    who = agent if agent is not None else _single_agent(calls)
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    min_us = _min_micro(min_seconds)
    pool = [e for c in calls if (e := _eligible(c, period, min_us, zone, already_evaluated)) is not None]
    ids = Counter(e.call_id for e in pool)
    if any(n > 1 for n in ids.values()):
        dup = sorted(i for i, n in ids.items() if n > 1)
        raise ValueError(f"call id(s) {dup[:5]} appear more than once")
    chosen = _select_h1(pool) if period.half == 1 else _select_h2(pool)
    picks = tuple(
        Pick(e.call_id, criterion, e.date, e.started_at, e.duration / 1_000_000) for e, criterion in chosen
    )
    return Selection(who, period, picks, len(pool), float(min_seconds))


def _closest(calls: list[_Call], taken: set[str]) -> _Call | None:
    """The not-yet-taken call of one date nearest the date's mean duration S/n (all its eligible calls),
    compared exactly as |n·d − S|; ties → earlier start, then smaller call id."""
    n, total = len(calls), sum(c.duration for c in calls)
    best = [c for c in calls if c.call_id not in taken]
    if not best:
        return None
    return min(best, key=lambda c: (abs(n * c.duration - total), c.start, c.call_id))


def _select_h1(pool: list[_Call]) -> list[tuple[_Call, str]]:
    by_date: dict[dt.date, list[_Call]] = defaultdict(list)
    for c in pool:
        by_date[c.date].append(c)
    per_weekday = Counter(c.weekday for c in pool)
    weekdays = sorted(per_weekday, key=lambda w: (-per_weekday[w], w))[:SESSION_SIZE]
    date_order = sorted(by_date, key=lambda d: (-len(by_date[d]), d))  # most calls, then earlier

    picks: list[tuple[_Call, str]] = []
    taken: set[str] = set()
    used: set[dt.date] = set()

    def take(day: dt.date, criterion: str) -> bool:
        c = _closest(by_date[day], taken)
        if c is None:
            return False
        picks.append((c, criterion))
        taken.add(c.call_id)
        used.add(day)
        return True

    for w in weekdays:
        day = next(d for d in date_order if d.weekday() == w)  # most calls, ties earlier
        take(day, "weekday")
    for day in [d for d in date_order if d not in used]:
        if len(picks) >= SESSION_SIZE:
            break
        take(day, "fill")
    while len(picks) < min(SESSION_SIZE, len(pool)):
        for day in date_order:
            if len(picks) >= SESSION_SIZE:
                break
            take(day, "fill")
    return picks


def _first_free(
    candidates: Iterable[tuple[tuple, _Call]], taken: set[str], by_id: dict[str, _Call]
) -> _Call | None:
    """The call with the smallest (ranking key, call id) among those not taken yet, or ``None``."""
    best = min(((k, c.call_id) for k, c in candidates if c.call_id not in taken), default=None)
    return None if best is None else by_id[best[1]]


def _gaps(pool: list[_Call]) -> list[tuple[int, _Call]]:
    """(gap in microseconds, call) for every eligible call that follows another eligible call that date."""
    by_date: dict[dt.date, list[_Call]] = defaultdict(list)
    for c in pool:
        by_date[c.date].append(c)
    out = []
    for cs in by_date.values():
        cs.sort(key=lambda c: (c.start, c.call_id))
        for prev, this in zip(cs, cs[1:], strict=False):
            out.append((this.start - prev.end, this))
    return out


# Ranking keys of §3.2 H2 (smaller ranks first); call id is appended by ``_first_free``.
def _longest(c: _Call) -> tuple:
    return (-c.duration, c.start)


def _shortest(c: _Call) -> tuple:
    return (c.duration, c.start)


def _first_monday(c: _Call) -> tuple:
    return (c.weekday != 0, c.start)  # Mondays by (date, start) ascending, then all others the same way


def _last_friday(c: _Call) -> tuple:
    return (c.weekday != 4, -c.start)  # Fridays by (date, start) descending, then all others the same way


def _select_h2(pool: list[_Call]) -> list[tuple[_Call, str]]:
    by_id = {c.call_id: c for c in pool}
    gaps = _gaps(pool)
    rankings: list[tuple[str, Callable[[], Iterable[tuple[tuple, _Call]]]]] = [
        ("longest", lambda: ((_longest(c), c) for c in pool)),
        ("shortest", lambda: ((_shortest(c), c) for c in pool)),
        ("first-monday", lambda: ((_first_monday(c), c) for c in pool)),
        ("last-friday", lambda: ((_last_friday(c), c) for c in pool)),
        ("longest-gap", lambda: (((-gap, c.start), c) for gap, c in gaps)),
    ]
    picks: list[tuple[_Call, str]] = []
    taken: set[str] = set()
    for criterion, ranking in rankings:
        if len(taken) == len(pool):
            break
        c = _first_free(ranking(), taken, by_id)
        if c is None:  # only longest-gap can run dry: fill with the longest remaining call
            c = _first_free(((_longest(c), c) for c in pool), taken, by_id)
            criterion = "fill"
        assert c is not None
        picks.append((c, criterion))
        taken.add(c.call_id)
    return picks


def _reference_date(call: CallRecord, zone: dt.tzinfo) -> dt.date | None:
    moment = call.answered_at or call.queued_at or call.ended_at
    return None if moment is None else moment.astimezone(zone).date()


def sample_period(
    calls: Iterable[CallRecord],
    period: Period,
    *,
    min_seconds: float = DEFAULT_MIN_SECONDS,
    tz: dt.tzinfo | str = DEFAULT_TZ,
    already_evaluated: frozenset[str] | set[str] = frozenset(),
) -> PeriodSample:
    """Recording selection for every agent with at least one call in the period (§3.2).

    An agent "has calls in the period" when any of their calls (answered or not; date of the answer
    time, else queue time, else end time) falls in it — so an agent whose calls are all too short or
    unrecorded appears as short with 0 eligible calls. Calls without an agent are ignored. Agents come
    in work-number order (``work_number_key``).
    """
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    mine: dict[str, list[CallRecord]] = defaultdict(list)
    present: set[str] = set()
    for c in calls:
        if not c.agent:
            continue
        mine[c.agent].append(c)
        day = _reference_date(c, zone)
        if day is not None and day in period:
            present.add(c.agent)
    selections = tuple(
        select_recordings(
            mine[a], period, min_seconds=min_seconds, tz=zone, already_evaluated=already_evaluated, agent=a
        )
        for a in sorted(present, key=work_number_key)
    )
    return PeriodSample(period, selections)


__all__ = [
    "Pick", "Selection", "PeriodSample", "select_recordings", "sample_period", "is_eligible",
    "work_number_key", "SESSION_SIZE", "DEFAULT_MIN_SECONDS", "H1_CRITERIA", "H2_CRITERIA",
]  # fmt: skip
