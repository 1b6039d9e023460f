"""Interval volume forecasting (SPEC §5 "Forecast"), Django-free.

Arrivals are counted per skill in 15-, 30- or 60-minute intervals of the center's local day
(``tz``, Asia/Shanghai by default); an interval with no arrival counts zero. A call arrives when it
enters the queue (``CallRecord.started_at``: queue time, else answer time); only inbound calls are
arrivals. Counts are expected calls per interval — floats, never rounded to integers (fractional
expected volume is what Erlang staffing takes); the command line rounds them to 3 decimals.

Day kinds (the calendar): a plain weekday 0 (Monday) … 6 (Sunday); ``HOLIDAY`` for a Chinese public
holiday (法定节假日, from ``chinese_calendar``); ``MAKEUP`` for an adjusted working day (调休上班,
a weekend day that is a working day) — it behaves like a working day. With ``calendar="none"`` or
outside the years ``chinese_calendar`` covers, every date is its plain weekday (the caller warns).

Methods (each a pure function of the history, see ``METHODS``):

- ``baseline`` — the reference: for each interval, the mean of the same weekday and time of day over
  the last 4 weeks of history (calendar ignored).
- ``median8`` — the second reference: the median of the same weekday and interval over 8 weeks.
- ``robust`` — day total (robust level × weekday factor × month-turn factor) × intraday profile,
  outlier and catch-up days left out (``forecast_robust.py``); the default.
- ``profile`` — daily total × intraday profile. The daily total for a weekday is the mean of the last
  4 same-weekday plain days (holidays, adjusted working days and outlier days — under half or over
  twice the weekday's median — are left out); the intraday shape pools the last 8 such days, so it
  is less noisy than a 4-week interval mean. Holidays take the ratio and shape of past holidays in
  the history, else a Sunday-like day; adjusted working days take the Monday–Friday mean and shape.
- ``blend`` — the mean of ``baseline`` and ``profile``.
- ``mstl`` — statsforecast MSTL (seasons: one day, one week; AutoETS trend) on the interval series
  of the last 8 weeks (``forecast_models.py``; slower: numba compiles on first use).
- ``auto`` — ``robust`` unless another cheap method (profile, blend, median8, baseline) has a WAPE
  lower by more than 10 % on a rolling-origin backtest over the last 4 weeks of the history given
  (``forecast_backtest.py``).

Prediction intervals: ``Forecast.low``/``high`` are P10/P90 per interval (``forecast_robust.quantiles``).

Manual events (campaigns) multiply the forecast of a date range, for one skill or all.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from .calllog import DEFAULT_TZ, CallRecord, cell_row_error, parse_time
from .errors import gettext_noop
from .tabular import RowError, Table, TableError, cell_shown, read_rows, require_columns

INTERVALS = (15, 30, 60)
HOLIDAY = 7
MAKEUP = 8
CALENDARS = ("cn", "none")


# ----------------------------------------------------------------------------------------------
# History: counts per skill × day × interval


@dataclass(frozen=True)
class History:
    """Arrival counts ``counts[skill, day, slot]`` (calls, float) for consecutive local days.

    ``first_day`` is the local date of day 0; slot ``s`` starts ``s × interval`` minutes after local
    midnight in ``tz``. ``skills`` are sorted; "" is the skill of calls without one.
    """

    interval: int
    tz: str
    first_day: dt.date
    skills: tuple[str, ...]
    counts: np.ndarray

    @property
    def slots(self) -> int:
        return 1440 // self.interval

    @property
    def days(self) -> int:
        return int(self.counts.shape[1])

    @property
    def last_day(self) -> dt.date:
        return self.first_day + dt.timedelta(days=self.days - 1)

    def dates(self) -> list[dt.date]:
        return [self.first_day + dt.timedelta(days=i) for i in range(self.days)]

    def before(self, day: dt.date) -> History:
        """The history of the days strictly before ``day``."""
        n = max(0, min(self.days, (day - self.first_day).days))
        return History(self.interval, self.tz, self.first_day, self.skills, _frozen(self.counts[:, :n]))

    def between(self, first: dt.date, days: int) -> np.ndarray:
        """Counts of ``days`` days from ``first`` (zeros where the history has no such day)."""
        out = np.zeros((len(self.skills), days, self.slots))
        for i in range(days):
            j = (first - self.first_day).days + i
            if 0 <= j < self.days:
                out[:, i] = self.counts[:, j]
        return out


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


def check_interval(interval: int) -> int:
    if interval not in INTERVALS:
        raise ValueError(f"the interval must be 15, 30 or 60 minutes, not {interval}")
    return interval


def aggregate(
    arrivals: Iterable[tuple[dt.datetime, str, float]], *, interval: int = 30, tz: str = DEFAULT_TZ
) -> History:
    """Bucket (aware moment, skill, calls) into local intervals of ``tz``; empty intervals are 0.

    The history runs from the first to the last local date with an arrival.
    """
    check_interval(interval)
    zone = ZoneInfo(tz)
    cells: dict[tuple[str, dt.date, int], float] = {}
    for moment, skill, calls in arrivals:
        local = moment.astimezone(zone)
        key = (skill, local.date(), (local.hour * 60 + local.minute) // interval)
        cells[key] = cells.get(key, 0.0) + float(calls)
    if not cells:
        raise ValueError("there are no arrivals to forecast from")
    skills = tuple(sorted({k[0] for k in cells}))
    first = min(k[1] for k in cells)
    last = max(k[1] for k in cells)
    counts = np.zeros((len(skills), (last - first).days + 1, 1440 // interval))
    index = {s: i for i, s in enumerate(skills)}
    for (skill, day, slot), calls in cells.items():
        counts[index[skill], (day - first).days, slot] += calls
    return History(interval, tz, first, skills, _frozen(counts))


def history_from_calls(records: Sequence[CallRecord], *, interval: int = 30, tz: str = DEFAULT_TZ) -> History:
    """Inbound calls by queue entry (else answer time) → History. Outbound calls are not arrivals."""
    return aggregate(
        ((r.started_at, r.skill, 1.0) for r in records if r.direction == "in" and r.started_at is not None),
        interval=interval,
        tz=tz,
    )


def read_counts(path: str | Path, *, interval: int = 30, tz: str = DEFAULT_TZ) -> History:
    """Read interval counts ``start,calls[,skill]`` (CSV or XLSX) into a History.

    Any resolution that divides ``interval`` is accepted; a file whose every start sits on a
    coarser boundary (e.g. hourly counts asked for 30-minute intervals) is refused.
    """
    return counts_from_table(read_rows(path), interval=interval, tz=tz)


def counts_from_table(table: Table, *, interval: int = 30, tz: str = DEFAULT_TZ) -> History:
    check_interval(interval)
    require_columns(table, ("start", "calls"))
    zone = ZoneInfo(tz)
    errors: list[RowError] = []
    arrivals: list[tuple[dt.datetime, str, float]] = []
    grid = 0
    for row, values in table.records():
        try:
            start = parse_time(values.get("start"), zone)
            if start is None:
                errors.append(RowError(table.name, row, "start", gettext_noop("时段开始时间为空")))
                continue
        except ValueError as exc:
            errors.append(cell_row_error(table.name, row, "start", exc))
            continue
        try:
            calls = float(str(values.get("calls") or "").strip())
        except ValueError:
            errors.append(
                RowError(
                    table.name,
                    row,
                    "calls",
                    gettext_noop("“%(value)s”不是数字"),
                    {"value": cell_shown(values.get("calls"))},
                )
            )
            continue
        if not math.isfinite(calls) or calls < 0:
            errors.append(
                RowError(
                    table.name,
                    row,
                    "calls",
                    gettext_noop("呼叫量 %(value)s 不是非负数"),
                    {"value": cell_shown(calls)},
                )
            )
            continue
        local = start.astimezone(zone)
        if local.second or local.microsecond:
            errors.append(RowError(table.name, row, "start", "an interval starts on a whole minute"))
            continue
        grid = math.gcd(grid, local.hour * 60 + local.minute)
        skill = str(values.get("skill") or "").strip()
        arrivals.append((start, skill, calls))
    if errors:
        raise TableError(errors)
    if not arrivals:
        raise TableError([RowError(table.name, 2, "", "the file has no counts")])
    step = math.gcd(grid, 1440) if grid else 1440
    if step > interval and len(arrivals) >= 48:
        raise TableError(
            [
                RowError(
                    table.name,
                    2,
                    "start",
                    f"every interval starts on a {step}-minute boundary: counts this coarse cannot be "
                    f"split into {interval}-minute intervals (use --interval {min(step, 60)})",
                )
            ]
        )
    return aggregate(arrivals, interval=interval, tz=tz)


# ----------------------------------------------------------------------------------------------
# Calendar


def day_kinds(days: Sequence[dt.date], calendar: str = "cn") -> tuple[np.ndarray, set[int]]:
    """Kind of each date (0–6 weekday, HOLIDAY, MAKEUP) and the years the calendar does not cover.

    ``calendar="cn"``: a named public holiday is HOLIDAY (even on a weekend); a Saturday or Sunday
    that is a working day is MAKEUP. Uncovered years fall back to plain weekdays.
    """
    if calendar not in CALENDARS:
        raise ValueError(f"unknown calendar '{calendar}' (use cn or none)")
    kinds = np.array([d.weekday() for d in days], dtype=int)
    missing: set[int] = set()
    if calendar == "none":
        return kinds, missing
    import chinese_calendar

    for i, d in enumerate(days):
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(d)
            workday = chinese_calendar.is_workday(d)
        except NotImplementedError:
            missing.add(d.year)
            continue
        if on_holiday and name:
            kinds[i] = HOLIDAY
        elif workday and d.weekday() >= 5:
            kinds[i] = MAKEUP
    return kinds, missing


# ----------------------------------------------------------------------------------------------
# Methods: f(history, kinds of the history days, target dates, kinds of the target dates)
#          → array [skill, target day, slot] of expected calls


Method = Callable[[History, np.ndarray, Sequence[dt.date], np.ndarray], np.ndarray]


def baseline(
    history: History, hist_kinds: np.ndarray, dates: Sequence[dt.date], kinds: np.ndarray
) -> np.ndarray:
    """Mean of the same weekday and interval over the last 4 weeks of history (calendar ignored)."""
    del hist_kinds, kinds
    return same_weekday(history, dates, weeks=4, reduce=np.mean)


def same_weekday(history: History, dates: Sequence[dt.date], *, weeks: int, reduce: Callable) -> np.ndarray:
    """Per skill, date and interval: ``reduce`` (``np.mean``, ``np.median``) of the calls of the same
    weekday and interval over the last ``weeks`` weeks of history; with less than a week of history,
    over its last ``7 × weeks`` days. Calls per interval; the calendar is ignored."""
    out = np.zeros((len(history.skills), len(dates), history.slots))
    if history.days == 0:
        return out
    weekday = np.array([d.weekday() for d in history.dates()])
    for i, d in enumerate(dates):
        same = np.flatnonzero(weekday == d.weekday())[-weeks:]
        if same.size == 0:  # less than a week of history: the mean day
            same = np.arange(max(0, history.days - 7 * weeks), history.days)
        out[:, i] = reduce(history.counts[:, same], axis=1)
    return out


def profile(
    history: History,
    hist_kinds: np.ndarray,
    dates: Sequence[dt.date],
    kinds: np.ndarray,
    *,
    level_weeks: int = 4,
    shape_weeks: int = 8,
) -> np.ndarray:
    """Daily total × intraday profile per skill (see the module docstring)."""
    out = np.zeros((len(history.skills), len(dates), history.slots))
    for s in range(len(history.skills)):
        out[s] = _profile_skill(history.counts[s], hist_kinds, kinds, level_weeks, shape_weeks)
    return out


def _profile_skill(
    counts: np.ndarray, hist_kinds: np.ndarray, kinds: np.ndarray, level_weeks: int, shape_weeks: int
) -> np.ndarray:
    days, slots = counts.shape
    out = np.zeros((len(kinds), slots))
    if days == 0:
        return out
    totals = counts.sum(axis=1)
    plain = hist_kinds < HOLIDAY
    # Outlier days (an unknown holiday, an outage): far from their weekday's recent median.
    usable = plain.copy()
    recent = np.arange(days) >= days - 7 * shape_weeks
    for w in range(7):
        sel = plain & recent & (hist_kinds == w)
        if sel.sum() >= 3:
            med = float(np.median(totals[sel]))
            if med > 0:
                bad = sel & ((totals < 0.5 * med) | (totals > 2.0 * med))
                usable &= ~bad
    if not usable.any():
        usable = np.ones(days, dtype=bool)

    def level_shape(sel: np.ndarray, per_week: int) -> tuple[float, np.ndarray]:
        idx = np.flatnonzero(sel)
        if idx.size == 0:
            idx = np.flatnonzero(usable)[-7 * level_weeks :]
            per_week = 7
        level = float(totals[idx[-per_week * level_weeks :]].mean())
        pool = idx[-per_week * shape_weeks :]
        mass = counts[pool].sum(axis=0)
        total = mass.sum()
        shape = mass / total if total > 0 else np.full(slots, 1.0 / slots)
        return level, shape

    cache: dict[int, tuple[float, np.ndarray]] = {}

    def for_kind(k: int) -> tuple[float, np.ndarray]:
        if k in cache:
            return cache[k]
        if k < HOLIDAY:
            cache[k] = level_shape(usable & (hist_kinds == k), 1)
        elif k == MAKEUP:
            cache[k] = level_shape(usable & (hist_kinds < 5), 5)
        else:
            cache[k] = _holiday(counts, totals, hist_kinds, usable, for_kind)
        return cache[k]

    for i, k in enumerate(kinds):
        level, shape = for_kind(int(k))
        out[i] = level * shape
    return out


def _holiday(counts, totals, hist_kinds, usable, for_kind) -> tuple[float, np.ndarray]:
    """Past holidays' volume relative to the 4 plain weeks before each; else a Sunday-like day."""
    past = np.flatnonzero(hist_kinds == HOLIDAY)
    recent_mean = _mean_plain_day(totals, usable, len(totals))
    ratios = []
    for d in past:
        before = _mean_plain_day(totals, usable, d)
        if before > 0:
            ratios.append(totals[d] / before)
    if not ratios or recent_mean <= 0:
        return for_kind(6)
    pool = past[-21:]
    mass = counts[pool].sum(axis=0)
    sunday_level, sunday_shape = for_kind(6)
    if mass.sum() < 20:  # too few holiday calls for a shape of their own
        shape = sunday_shape
    else:
        shape = mass / mass.sum()
    return float(np.mean(ratios[-21:])) * recent_mean, shape


def _mean_plain_day(totals: np.ndarray, usable: np.ndarray, end: int) -> float:
    idx = np.flatnonzero(usable[:end])[-28:]
    idx = idx[idx >= end - 35]
    return float(totals[idx].mean()) if idx.size else 0.0


def blend(
    history: History, hist_kinds: np.ndarray, dates: Sequence[dt.date], kinds: np.ndarray
) -> np.ndarray:
    """The mean of ``baseline`` and ``profile``."""
    return 0.5 * (baseline(history, hist_kinds, dates, kinds) + profile(history, hist_kinds, dates, kinds))


def _mstl(
    history: History, hist_kinds: np.ndarray, dates: Sequence[dt.date], kinds: np.ndarray
) -> np.ndarray:
    from .forecast_models import mstl

    return mstl(history, hist_kinds, dates, kinds)


def _median8(history, hist_kinds, dates, kinds) -> np.ndarray:
    from .forecast_robust import median8

    return median8(history, hist_kinds, dates, kinds)


def _robust(history, hist_kinds, dates, kinds) -> np.ndarray:
    from .forecast_robust import robust

    return robust(history, hist_kinds, dates, kinds)


METHODS: dict[str, Method] = {
    "baseline": baseline,
    "median8": _median8,
    "profile": profile,
    "blend": blend,
    "robust": _robust,
    "mstl": _mstl,
}
CHEAP = ("robust", "profile", "blend", "median8", "baseline")


# ----------------------------------------------------------------------------------------------
# Events and the forecast itself


@dataclass(frozen=True)
class Event:
    """A planned event (campaign, outage notice): every interval of ``first``…``last`` × ``factor``."""

    first: dt.date
    last: dt.date
    factor: float
    skill: str | None = None

    def __post_init__(self):
        if self.last < self.first:
            raise ValueError(f"the event ends ({self.last}) before it starts ({self.first})")
        if not math.isfinite(self.factor) or self.factor < 0:
            raise ValueError(f"an event factor must be a non-negative number, not {self.factor}")


def apply_events(
    values: np.ndarray, skills: Sequence[str], dates: Sequence[dt.date], events: Sequence[Event]
) -> np.ndarray:
    """Multiply ``values[skill, day, slot]`` by every event covering the day (and skill)."""
    out = np.array(values, dtype=float)
    for e in events:
        rows = [i for i, s in enumerate(skills) if e.skill is None or e.skill == s]
        for j, d in enumerate(dates):
            if e.first <= d <= e.last:
                out[rows, j] *= e.factor
    return out


@dataclass(frozen=True)
class Forecast:
    """Expected calls ``values[skill, day, slot]`` for ``days`` local days from ``first_day``."""

    interval: int
    tz: str
    method: str
    first_day: dt.date
    skills: tuple[str, ...]
    values: np.ndarray
    uncovered_years: tuple[int, ...] = ()
    low: np.ndarray | None = None  # P10 per interval (calls), same shape as values
    high: np.ndarray | None = None  # P90 per interval (calls)
    spread: float | None = None  # c of var = f + c²f² (forecast_robust.Spread)

    def rows(self, digits: int = 3) -> list[dict[str, object]]:
        """One row per interval and skill, time-major: ``{"start", "calls"[, "skill"]}``.

        ``skill`` is present unless the only skill is "" (calls without a skill).
        """
        zone = ZoneInfo(self.tz)
        with_skill = self.skills != ("",)
        out: list[dict[str, object]] = []
        slots = self.values.shape[2]
        for j in range(self.values.shape[1]):
            day = self.first_day + dt.timedelta(days=j)
            midnight = dt.datetime.combine(day, dt.time(0))
            for t in range(slots):
                start = (midnight + dt.timedelta(minutes=t * self.interval)).replace(tzinfo=zone).isoformat()
                for s, skill in enumerate(self.skills):
                    row: dict[str, object] = {
                        "start": start,
                        "calls": round(float(self.values[s, j, t]), digits),
                    }
                    if with_skill:
                        row["skill"] = skill
                    out.append(row)
        return out


def forecast(
    history: History,
    *,
    horizon: int = 7,
    start: dt.date | None = None,
    calendar: str = "cn",
    method: str = "auto",
    events: Sequence[Event] = (),
    intervals: bool = False,
) -> Forecast:
    """Forecast ``horizon`` days from ``start`` (default: the day after the history ends).

    Only history before ``start`` is used. Deterministic: the same input gives the same output.
    ``intervals``: also P10/P90 per interval (``low``/``high``), from the method's one-week-ahead
    residuals on the last 4 weeks of history (4 more backtest folds of the chosen method).
    """
    if horizon < 1:
        raise ValueError("the horizon must be at least 1 day")
    if method != "auto" and method not in METHODS:
        raise ValueError(f"unknown method '{method}' (use auto, {', '.join(METHODS)})")
    start = start or history.last_day + dt.timedelta(days=1)
    hist = history.before(start)
    if hist.days == 0:
        raise ValueError(f"there is no history before {start}")
    dates = [start + dt.timedelta(days=i) for i in range(horizon)]
    hist_kinds, miss_h = day_kinds(hist.dates(), calendar)
    kinds, miss_t = day_kinds(dates, calendar)
    chosen = method
    if method == "auto":
        from .forecast_backtest import choose_method

        chosen = choose_method(hist, hist_kinds)
    values = METHODS[chosen](hist, hist_kinds, dates, kinds)
    values = np.clip(np.nan_to_num(values), 0.0, None)
    values = apply_events(values, hist.skills, dates, events)
    low = high = None
    c = None
    if intervals:
        from .forecast_robust import estimate_spread, quantiles

        spread = estimate_spread(hist, hist_kinds, METHODS[chosen])
        low, high = (_frozen(q) for q in quantiles(values, spread))
        c = spread.c
    return Forecast(
        hist.interval, hist.tz, chosen, start, hist.skills, _frozen(values), tuple(sorted(miss_h | miss_t)),
        low, high, c,
    )  # fmt: skip


__all__: Sequence[str] = (
    "History", "Event", "Forecast", "aggregate", "history_from_calls", "read_counts", "counts_from_table",
    "day_kinds", "baseline", "profile", "blend", "METHODS", "CHEAP", "apply_events", "forecast",
    "HOLIDAY", "MAKEUP", "INTERVALS",
)  # fmt: skip
