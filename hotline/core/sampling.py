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

Two entry points, one engine: ``select_recordings`` takes ``CallRecord`` s (files, tests);
``select_from_instants`` takes bare ``(call_id, answered_us, duration_us)`` rows (the database path,
``hotline.quality.selectors``), so a month of 1.5 million calls never becomes objects. Inside, an
eligible call is a plain tuple (see ``_S``) and a local date is integer arithmetic on the instant
with the zone's offset — looked up once per period when it does not change there, else once per UTC
hour (``_LocalDays``) — never a per-call ``astimezone``. Results are those of the rules above, exactly.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import operator
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


# An eligible call, kept as a plain tuple (millions are built per month): fields by position.
# (start, call_id, duration, day): start = answer time in microseconds since the Unix epoch, duration =
# talk time in whole microseconds, day = proleptic ordinal of the local date of the answer time (its
# weekday, 0 = Monday … 6 = Sunday, is (day − 1) % 7). Sorting the tuples orders calls by (start, id).
_S, _ID, _DUR, _DAY = range(4)
_duration = operator.itemgetter(_DUR)
_call_id = operator.itemgetter(_ID)
_US_PER_HOUR = 3_600_000_000
_US_PER_DAY = 86_400_000_000
_EPOCH_ORDINAL = _EPOCH.date().toordinal()


def work_number_key(work_number: str) -> tuple:
    """Order of work numbers: all-digit ones numerically (007 < 12 < 100), then others as text."""
    w = work_number.strip()
    return (0, int(w), w) if w.isdigit() else (1, 0, w)


def _exact_duration(call: CallRecord) -> int:
    """Talk time in whole microseconds."""
    if call.answered_at is not None and call.ended_at is not None:
        return (call.ended_at - call.answered_at) // _MICRO
    return seconds_to_micro(call.talk_seconds or 0.0)


def seconds_to_micro(seconds: float) -> int:
    """Seconds (a float as stored, e.g. ``talk_seconds``) → the nearest whole number of microseconds,
    exactly (no float rounding on the way)."""
    return round(Fraction(seconds) * 1_000_000)


def _min_micro(min_seconds: float) -> int:
    """Smallest whole number of microseconds ≥ ``min_seconds`` (so ``us >= it`` ⇔ ``us ≥ min_seconds``)."""
    return math.ceil(Fraction(min_seconds) * 1_000_000)


def epoch_micro(moment: dt.datetime) -> int:
    """An aware datetime → microseconds since the Unix epoch (exact)."""
    return (moment - _EPOCH) // _MICRO


class _LocalDays:
    """Local date of UTC instants in one time zone, with one zone lookup per UTC hour.

    For an hour whose UTC offset is the same at its first and its last microsecond the offset is
    cached and the local date is plain integer arithmetic; an hour holding a transition (DST, a
    change of standard offset) is resolved instant by instant through ``astimezone``. (Two
    transitions within one hour that restore the same offset do not occur in the tz database.)
    """

    def __init__(self, zone: dt.tzinfo) -> None:
        self.zone = zone
        self.offsets: dict[int, int] = {}  # UTC hour since the epoch → offset in microseconds

    def exact_offset(self, us: int) -> int:
        local = (_EPOCH + dt.timedelta(microseconds=us)).astimezone(self.zone)
        return (local.replace(tzinfo=dt.UTC) - _EPOCH) // _MICRO - us

    def offset(self, us: int) -> int:
        """UTC offset in microseconds at instant ``us`` (and cache it for the hour when it holds)."""
        hour = us // _US_PER_HOUR
        first = self.exact_offset(hour * _US_PER_HOUR)
        if first == self.exact_offset((hour + 1) * _US_PER_HOUR - 1):
            self.offsets[hour] = first
            return first
        return self.exact_offset(us)

    def ordinal(self, us: int) -> int:
        """Proleptic ordinal of the local date of instant ``us``."""
        off = self.offsets.get(us // _US_PER_HOUR)
        if off is None:
            off = self.offset(us)
        return (us + off) // _US_PER_DAY + _EPOCH_ORDINAL


_DAYS: dict[dt.tzinfo, _LocalDays] = {}


def _local_days(zone: dt.tzinfo) -> _LocalDays:
    days = _DAYS.get(zone)
    if days is None:
        days = _DAYS[zone] = _LocalDays(zone)
    return days


def _zone(tz: dt.tzinfo | str) -> dt.tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _timed(calls: Iterable[CallRecord]) -> list[tuple[str, int, int]]:
    """(call id, answer instant µs, duration µs) of the answered, recorded calls."""
    return [
        (c.call_id, epoch_micro(c.answered_at), _exact_duration(c))
        for c in calls
        if c.answered_at is not None and not c.abandoned and c.has_recording
    ]


def _pool(
    rows: Iterable[tuple[str, int, int]], period: Period, min_us: int, zone: dt.tzinfo, evaluated
) -> list:
    """The eligible calls among answered, recorded ``rows`` as tuples (see ``_S``…), sorted by (start, id)."""
    first, last = period.start.toordinal(), period.end.toordinal()
    span = _constant_span(zone, first, last)
    if span is not None:  # the usual case: one UTC offset all period long, the period is a UTC range
        lo, hi, off = span
        day, origin = _US_PER_DAY, _EPOCH_ORDINAL
        out = [(s, i, d, (s + off) // day + origin) for i, s, d in rows if d >= min_us and lo <= s < hi]
    else:
        days = _local_days(zone)
        out = []
        for call_id, start, duration in rows:
            if duration >= min_us and first <= (ordinal := days.ordinal(start)) <= last:
                out.append((start, call_id, duration, ordinal))
    if evaluated:
        out = [c for c in out if c[_ID] not in evaluated]
    out.sort()
    return out


_SPANS: dict[tuple[dt.tzinfo, int, int], tuple[int, int, int] | None] = {}


def _constant_span(zone: dt.tzinfo, first: int, last: int) -> tuple[int, int, int] | None:
    """(lo, hi, offset) in microseconds when ``zone`` keeps one UTC offset from two days before the
    date ``first`` to two days after ``last`` (ordinals) — then an instant's local date lies in
    [first, last] exactly when lo ≤ instant < hi — else ``None`` (a transition is near)."""
    key = (zone, first, last)
    if key not in _SPANS:
        days = _local_days(zone)
        h0 = (first - 2 - _EPOCH_ORDINAL) * 24
        offsets = set()
        for hour in range(h0, (last + 3 - _EPOCH_ORDINAL) * 24):
            days.ordinal(hour * _US_PER_HOUR)  # fills the hour's cache entry unless it holds a change
            offsets.add(days.offsets.get(hour))
        if len(offsets) == 1 and None not in offsets:
            off = offsets.pop()
            _SPANS[key] = (
                (first - _EPOCH_ORDINAL) * _US_PER_DAY - off,
                (last + 1 - _EPOCH_ORDINAL) * _US_PER_DAY - off,
                off,
            )
        else:
            _SPANS[key] = None
    return _SPANS[key]


def is_eligible(
    call: CallRecord,
    period: Period,
    *,
    min_seconds: float = DEFAULT_MIN_SECONDS,
    tz: dt.tzinfo | str = DEFAULT_TZ,
    already_evaluated: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """The eligibility rule of §3.2 for one call (see the module docstring)."""
    return bool(_pool(_timed([call]), period, _min_micro(min_seconds), _zone(tz), already_evaluated))


def eligible_call_ids(
    calls: Iterable[CallRecord],
    period: Period,
    *,
    min_seconds: float = DEFAULT_MIN_SECONDS,
    tz: dt.tzinfo | str = DEFAULT_TZ,
    already_evaluated: frozenset[str] | set[str] = frozenset(),
) -> tuple[str, ...]:
    """The ids of the eligible calls among ``calls`` (§3.2), in (start, call id) order — the pool
    :func:`select_recordings` draws from with the same arguments, so a session that keeps them can be
    re-derived: ``select_recordings`` over exactly these calls gives the same picks."""
    pool = _pool(_timed(calls), period, _min_micro(min_seconds), _zone(tz), already_evaluated)
    return tuple(c[_ID] for c in pool)


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
    return select_from_instants(
        _timed(calls), period, min_seconds=min_seconds, tz=tz, already_evaluated=already_evaluated, agent=who
    )


def select_from_instants(
    rows: Iterable[tuple[str, int, int]],
    period: Period,
    *,
    min_seconds: float = DEFAULT_MIN_SECONDS,
    tz: dt.tzinfo | str = DEFAULT_TZ,
    already_evaluated: frozenset[str] | set[str] = frozenset(),
    agent: str = "",
) -> Selection:
    """``select_recordings`` over bare instants, for loaders of many calls (the database path).

    ``rows`` are ``(call_id, answered_us, duration_us)`` of one agent's **answered, recorded** calls:
    ``answered_us`` = answer time in microseconds since the Unix epoch (``epoch_micro``), ``duration_us``
    = talk time answer → hang-up in whole microseconds (``seconds_to_micro(talk_seconds)`` when the end
    time is unknown). Everything else (length, period, already evaluated) is checked here; the result
    equals ``select_recordings`` over the corresponding ``CallRecord`` s.
    """
    zone = _zone(tz)
    pool = _pool(rows, period, _min_micro(min_seconds), zone, already_evaluated)
    if len(set(map(_call_id, pool))) != len(pool):
        ids = Counter(c[_ID] for c in pool)
        dup = sorted(i for i, n in ids.items() if n > 1)
        raise ValueError(f"call id(s) {dup[:5]} appear more than once")
    chosen = _select_h1(pool) if period.half == 1 else _select_h2(pool)
    picks = tuple(
        Pick(
            c[_ID],
            criterion,
            dt.date.fromordinal(c[_DAY]),
            (_EPOCH + dt.timedelta(microseconds=c[_S])).astimezone(zone),
            c[_DUR] / 1_000_000,
        )
        for c, criterion in chosen
    )
    return Selection(agent, period, picks, len(pool), float(min_seconds))


def _closest(calls: list, taken: set[str]) -> tuple | None:
    """The not-yet-taken call of one date nearest the date's mean duration S/n (all its eligible calls),
    compared exactly as |n·d − S|; ties → earlier start, then smaller call id (``calls`` are in that
    order and ``min`` keeps the first of equals)."""
    free = [c for c in calls if c[_ID] not in taken]
    if not free:
        return None
    n, total = len(calls), sum(c[_DUR] for c in calls)
    return min(free, key=lambda c: abs(n * c[_DUR] - total))


def _by_date(pool: list) -> dict[int, list]:
    """Eligible calls per local date (ordinal), each list in (start, call id) order."""
    out: dict[int, list] = defaultdict(list)
    for c in pool:
        out[c[_DAY]].append(c)
    return out


def _select_h1(pool: list) -> list[tuple[tuple, str]]:
    by_date = _by_date(pool)
    per_weekday: Counter[int] = Counter()
    for day, cs in by_date.items():
        per_weekday[(day - 1) % 7] += len(cs)  # weekday of a proleptic ordinal
    weekdays = sorted(per_weekday, key=lambda w: (-per_weekday[w], w))[:SESSION_SIZE]
    date_order = sorted(by_date, key=lambda d: (-len(by_date[d]), d))  # most calls, then earlier

    picks: list[tuple[tuple, str]] = []
    taken: set[str] = set()
    used: set[int] = set()

    def take(day: int, criterion: str) -> bool:
        c = _closest(by_date[day], taken)
        if c is None:
            return False
        picks.append((c, criterion))
        taken.add(c[_ID])
        used.add(day)
        return True

    for w in weekdays:
        day = next(d for d in date_order if (d - 1) % 7 == w)  # most calls, ties earlier
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


# H2 rankings over the pool in (start, call id) order. ``heapq.nsmallest``/``nlargest`` keep the first
# of equal keys, so "duration, then earlier start, then smaller call id" needs only the duration key;
# asking for len(taken) + 1 candidates guarantees one that is not taken yet.
def _longest(pool: list, taken: set[str]) -> tuple | None:
    return next((c for c in heapq.nlargest(len(taken) + 1, pool, key=_duration) if c[_ID] not in taken), None)


def _shortest(pool: list, taken: set[str]) -> tuple | None:
    return next(
        (c for c in heapq.nsmallest(len(taken) + 1, pool, key=_duration) if c[_ID] not in taken), None
    )


def _first_monday(pool: list, taken: set[str]) -> tuple | None:
    """Mondays by (date, start) ascending, then all other calls the same way (start orders dates)."""
    free = (c for c in pool if c[_ID] not in taken)
    return next((c for c in pool if (c[_DAY] - 1) % 7 == 0 and c[_ID] not in taken), None) or next(free, None)


def _latest(pool: list, taken: set[str], weekday: int | None) -> tuple | None:
    """The free call (of ``weekday`` if given) with the latest start; equal starts → smaller call id."""
    best = None
    for c in reversed(pool):  # (start, call id) descending
        if best is not None and c[_S] != best[_S]:
            break
        if c[_ID] not in taken and (weekday is None or (c[_DAY] - 1) % 7 == weekday):
            best = c  # keeps moving to the smaller call id among equal starts
    return best


def _last_friday(pool: list, taken: set[str]) -> tuple | None:
    """Fridays by (date, start) descending, then all other calls the same way."""
    return _latest(pool, taken, 4) or _latest(pool, taken, None)


def _gap_ranking(pool: list) -> Iterable[tuple]:
    """(−gap, start, call id, call) for every eligible call that follows another eligible call on its
    local date, gap = its start − the end of the call before it in (start, call id) order."""
    days = [c[_DAY] for c in pool]
    if days == sorted(days):  # dates follow starts (unless a clock goes back across midnight)
        return (
            (p[_S] + p[_DUR] - c[_S], c[_S], c[_ID], c)
            for p, c in zip(pool, pool[1:], strict=False)
            if p[_DAY] == c[_DAY]
        )
    before: dict[int, tuple] = {}
    out = []
    for c in pool:
        prev = before.get(c[_DAY])
        if prev is not None:
            out.append((prev[_S] + prev[_DUR] - c[_S], c[_S], c[_ID], c))
        before[c[_DAY]] = c
    return out


def _longest_gap(pool: list, taken: set[str]) -> tuple | None:
    return next(
        (g[3] for g in heapq.nsmallest(len(taken) + 1, _gap_ranking(pool)) if g[2] not in taken), None
    )


def _select_h2(pool: list) -> list[tuple[tuple, str]]:
    rankings: list[tuple[str, Callable[[set[str]], tuple | None]]] = [
        ("longest", lambda taken: _longest(pool, taken)),
        ("shortest", lambda taken: _shortest(pool, taken)),
        ("first-monday", lambda taken: _first_monday(pool, taken)),
        ("last-friday", lambda taken: _last_friday(pool, taken)),
        ("longest-gap", lambda taken: _longest_gap(pool, taken)),
    ]
    picks: list[tuple[tuple, str]] = []
    taken: set[str] = set()
    for criterion, ranking in rankings:
        if len(taken) == len(pool):
            break
        c = ranking(taken)
        if c is None:  # only longest-gap can run dry: fill with the longest remaining call
            c = _longest(pool, taken)
            criterion = "fill"
        assert c is not None
        picks.append((c, criterion))
        taken.add(c[_ID])
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
    "Pick", "Selection", "PeriodSample", "select_recordings", "select_from_instants", "sample_period",
    "is_eligible", "eligible_call_ids", "epoch_micro", "seconds_to_micro", "work_number_key", "SESSION_SIZE",
    "DEFAULT_MIN_SECONDS", "H1_CRITERIA", "H2_CRITERIA",
]  # fmt: skip
