"""Half-month periods (§1 glossary, §3.1): ``YYYY-MM-H1`` = days 1–15, ``YYYY-MM-H2`` = day 16 to month end.

Django-free value type used by recording selection (§3.2), the live-monitoring rotation (§3.3) and the
monitoring plan (§3.4). A period has a linear ``index`` (24 per year) so that "the k-th half-month after
the anchor" is ``period - anchor`` (negative before the anchor); ``month_index`` does the same for months.
Dates are plain calendar dates in the center's time zone; a period knows nothing about time zones.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from hotline.core import params

_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})-[Hh]([12])\s*$")


@dataclass(frozen=True, order=True)
class Period:
    """One half-month. ``half`` is 1 (days 1–15) or 2 (day 16 to the month's last day)."""

    year: int
    month: int
    half: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1–12")
        if self.half not in (1, 2):
            raise ValueError(f"half {self.half} is not 1 or 2")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")

    # --- text -------------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> Period:
        """``'2026-03-H1'`` → Period(2026, 3, 1). Raises ValueError with a readable reason."""
        m = _PATTERN.match(str(text))
        if not m:
            raise ValueError(f"'{text}' is not a half-month period (YYYY-MM-H1 or YYYY-MM-H2)")
        year, month, half = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not 1 <= month <= 12:
            raise ValueError(f"'{text}': month {month} is not 01–12")
        return cls(year, month, half)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-H{self.half}"

    # --- dates ------------------------------------------------------------------------------
    @cached_property
    def start(self) -> dt.date:
        """First date (inclusive)."""
        return dt.date(self.year, self.month, 1 if self.half == 1 else 16)

    @cached_property
    def end(self) -> dt.date:
        """Last date (inclusive): the 15th, or the month's last day."""
        last = 15 if self.half == 1 else calendar.monthrange(self.year, self.month)[1]
        return dt.date(self.year, self.month, last)

    def __contains__(self, day: object) -> bool:
        if isinstance(day, dt.datetime):
            day = day.date()
        if not isinstance(day, dt.date):
            return False
        return self.start <= day <= self.end

    def days(self) -> Iterator[dt.date]:
        d = self.start
        while d <= self.end:
            yield d
            d += dt.timedelta(days=1)

    @classmethod
    def of(cls, day: dt.date) -> Period:
        """The period a calendar date falls in."""
        return cls(day.year, day.month, 1 if day.day <= 15 else 2)

    # --- arithmetic -------------------------------------------------------------------------
    @property
    def index(self) -> int:
        """Linear half-month number: consecutive periods differ by one."""
        return self.year * 24 + (self.month - 1) * 2 + (self.half - 1)

    @property
    def month_index(self) -> int:
        """Linear month number: consecutive months differ by one."""
        return self.year * 12 + (self.month - 1)

    @classmethod
    def from_index(cls, index: int) -> Period:
        year, rest = divmod(index, 24)
        return cls(year, rest // 2 + 1, rest % 2 + 1)

    def shift(self, k: int) -> Period:
        """The period ``k`` half-months later (earlier when negative)."""
        return Period.from_index(self.index + k)

    def next(self) -> Period:
        return self.shift(1)

    def previous(self) -> Period:
        return self.shift(-1)

    def __sub__(self, other: Period) -> int:
        """Half-months from ``other`` to ``self`` (k of §3.3): ``p - p == 0``, ``p.next() - p == 1``."""
        if not isinstance(other, Period):
            return NotImplemented
        return self.index - other.index

    def months_since(self, other: Period) -> int:
        """Months from ``other``'s month to this period's month (m of §3.3)."""
        return self.month_index - other.month_index


__all__ = ["Period", "month_bounds", "parse_month", "parse_period"]


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the calendar month of ``day``."""
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def parse_month(text: str | None, *, today: dt.date, field: str = "month") -> dt.date:
    """``YYYY-MM`` → the first day of that month; empty → the month before ``today``'s (the month a
    monthly report or appraisal is about by default). Unreadable text, month 13 or a year out of range
    is refused (:class:`~hotline.core.errors.InvalidInput`), never silently replaced by the default."""
    default = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return params.parse_month(text, field=field, default=default)


def parse_period(text: object, *, field: str = "period", default: Period | None = None) -> Period | None:
    """A half-month parameter ``YYYY-MM-H1|H2`` → :class:`Period` (the one parser of periods from a URL,
    form or API, like :func:`params.parse_month` for months). Absent → ``default``; unreadable text,
    month 13 or a year outside ``params.YEAR_MIN``–``YEAR_MAX`` → :class:`~hotline.core.errors.InvalidInput` (400, in the
    reader's language), never silently the current half-month."""
    if params._absent(text):
        return default
    try:
        period = Period.parse(str(text))
    except ValueError:
        period = None
    if period is None or not params.YEAR_MIN <= period.year <= params.YEAR_MAX:
        raise params._refuse(
            params.gettext_noop("参数 %(field)s 应为半月（YYYY-MM-H1 或 YYYY-MM-H2），而不是“%(value)s”。"),
            field,
            text,
        )
    return period
