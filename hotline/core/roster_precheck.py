"""Roster pre-check (SPEC §5 "Shifts and rosters"): why demand cannot be met, before solving.

Django-free. Counts the people who can possibly work on a day or in an interval — every agent of
the roster less those on approved leave and those with an approved day-off request that day — and
compares with the demand:

- **per-day counts** (``demand``: heads per shift, summed): a day needs more heads than can work;
- **interval coverage** (heads per interval): an interval needs more heads than can work, or no
  shift's working time covers it at all;
- **weekly rest**: over each 7-day block, the working days needed exceed what people can give
  (each agent works at most ``7 − max(min rest, unavailable days that week)`` days).

A shortfall here means no solver can cover that demand; the solver still runs (and reports its own
uncovered intervals). Consecutive intervals of one day with the same numbers are merged into one
span. Minutes are from local midnight; days are 0-based from the roster's first day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Shortfall:
    """One reason demand cannot be met. ``kind``: ``day`` | ``interval`` | ``week``.

    ``need`` heads are asked, at most ``available`` can work: ``on_leave`` are on approved leave,
    ``days_off`` have an approved day off; ``no_shift``: no shift works in that interval.
    For ``week``, ``need``/``available`` are working days over the 7 days from ``day``.
    """

    kind: str
    day: int
    need: int
    available: int
    on_leave: int = 0
    days_off: int = 0
    first_minute: int | None = None
    end_minute: int | None = None
    no_shift: bool = False

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "day": self.day, "need": self.need, "available": self.available,
            "on_leave": self.on_leave, "days_off": self.days_off, "first_minute": self.first_minute,
            "end_minute": self.end_minute, "no_shift": self.no_shift,
        }  # fmt: skip


def _covered(windows: Sequence[tuple[int, int]], start: int, width: int) -> bool:
    """Some shift window (minutes, end may pass midnight: end ≤ start means +1440) overlaps the interval."""
    for a, b in windows:
        if b <= a:
            b += 1440
        for s in (start, start + 1440):
            if a < s + width and s < b:
                return True
    return False


def precheck(
    *,
    days: int,
    people: int,
    leave: Mapping[int, Sequence[int]],
    days_off: Mapping[int, Sequence[int]],
    day_demand: Sequence[int] | None = None,
    coverage: Sequence[Sequence[int]] | None = None,
    interval_minutes: int = 30,
    shift_windows: Sequence[tuple[int, int]] = (),
    min_rest_per_week: int = 2,
) -> list[Shortfall]:
    """Shortfalls of a roster problem (see the module docstring).

    ``leave``/``days_off``: person index → 0-based days unavailable (leave wins when both);
    ``day_demand``: heads per day (counts mode); ``coverage``: heads per interval per day.
    """
    on_leave = [0] * days
    off = [0] * days
    blocked: dict[int, set[int]] = {}
    for p, ds in leave.items():
        for d in set(ds):
            if 0 <= d < days:
                on_leave[d] += 1
                blocked.setdefault(p, set()).add(d)
    for p, ds in days_off.items():
        for d in set(ds):
            if 0 <= d < days and d not in blocked.get(p, set()):
                off[d] += 1
                blocked.setdefault(p, set()).add(d)
    can = [max(0, people - on_leave[d] - off[d]) for d in range(days)]
    out: list[Shortfall] = []
    need_day = [0] * days
    if day_demand is not None:
        for d in range(days):
            need_day[d] = int(day_demand[d])
            if need_day[d] > can[d]:
                out.append(Shortfall("day", d, need_day[d], can[d], on_leave[d], off[d]))
    if coverage is not None:
        for d in range(min(days, len(coverage))):
            row = list(coverage[d])
            need_day[d] = max(row, default=0)
            span: Shortfall | None = None
            for i, need in enumerate(row):
                start = i * interval_minutes
                covered = _covered(shift_windows, start, interval_minutes)
                avail = can[d] if covered else 0
                if need > avail:
                    item = Shortfall(
                        "interval", d, int(need), avail, on_leave[d], off[d], start, start + interval_minutes,
                        not covered,
                    )  # fmt: skip
                    if (
                        span is not None
                        and span.end_minute == start
                        and (span.need, span.available, span.no_shift)
                        == (item.need, item.available, item.no_shift)
                    ):
                        span = Shortfall(**{**span.as_dict(), "end_minute": item.end_minute})
                    else:
                        if span is not None:
                            out.append(span)
                        span = item
            if span is not None:
                out.append(span)
    for w in range(0, days - days % 7 if days >= 7 else 0, 7):
        need = sum(need_day[w : w + 7])
        give = 0
        for p in range(people):
            away = len([d for d in blocked.get(p, set()) if w <= d < w + 7])
            give += max(0, 7 - max(min_rest_per_week, away))
        if need > give:
            leave_days = sum(on_leave[w : w + 7])
            off_days = sum(off[w : w + 7])
            out.append(Shortfall("week", w, need, give, leave_days, off_days))
    return out
