"""Strict parsing of the ids, numbers, dates and months a request names (SPEC §10: bad input is a clear
4xx, never a server error).

Django-free. Each parser takes the raw text (``None`` or ``""`` when the parameter is absent) and either
returns a value within the database's and the calendar's range or raises
:class:`~hotline.core.errors.InvalidInput` naming the parameter (``field``) — the web edge answers 400 in
the reader's language. Absent parameters give the ``default``; present but unreadable ones are never
silently replaced by it.

Ranges: ids are 0 … 2⁶³−1 (a PostgreSQL ``bigint``; a larger number cannot name a row, and both
databases raise on it); years are :data:`YEAR_MIN` … :data:`YEAR_MAX` (a call center's calendar; Python
dates stop at 9999 and a year 0001 month start minus one day crashes); numbers are finite.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from hotline.core.errors import InvalidInput, gettext_noop

BIGINT_MAX = 2**63 - 1
YEAR_MIN, YEAR_MAX = 1900, 2100

_ID = re.compile(r"^\s*\d{1,19}\s*$")
_INT = re.compile(r"^\s*[+-]?\d{1,19}\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def _absent(text: object) -> bool:
    return text is None or (isinstance(text, str) and not text.strip())


def _refuse(message: str, field: str, text: object, **params) -> InvalidInput:
    shown = str(text)
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    return InvalidInput(message, field=field, params={"field": field, "value": shown, **params})


def parse_id(text: object, *, field: str, default: int | None = None) -> int | None:
    """A row id: digits only, at most 2⁶³−1. Absent → ``default``."""
    if _absent(text):
        return default
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    elif isinstance(text, str) and _ID.match(text):
        value = int(text)
    else:
        raise _refuse(gettext_noop("参数 %(field)s 应为编号（正整数），而不是“%(value)s”。"), field, text)
    if not 0 <= value <= BIGINT_MAX:
        raise _refuse(gettext_noop("参数 %(field)s 的编号“%(value)s”超出范围。"), field, text)
    return value


def parse_ids(texts, *, field: str) -> list[int]:
    """Several row ids (a multi-select): every one must be a valid id; blanks are skipped."""
    return [v for t in texts if (v := parse_id(t, field=field)) is not None]


def parse_int(
    text: object, *, field: str, default: int | None = None, min: int = -BIGINT_MAX, max: int = BIGINT_MAX
) -> int | None:
    """A whole number within ``min`` … ``max`` (inclusive). Absent → ``default``."""
    if _absent(text):
        return default
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    elif isinstance(text, str) and _INT.match(text):
        value = int(text)
    else:
        raise _refuse(gettext_noop("参数 %(field)s 应为整数，而不是“%(value)s”。"), field, text)
    if not min <= value <= max:
        raise _refuse(
            gettext_noop("参数 %(field)s 应在 %(min)s 到 %(max)s 之间，而不是“%(value)s”。"),
            field, text, min=min, max=max,
        )  # fmt: skip
    return value


def parse_float(
    text: object, *, field: str, default: float | None = None, min: float = -1e12, max: float = 1e12
) -> float | None:
    """A finite decimal number within ``min`` … ``max`` (no NaN, ∞ or ``3e31``). Absent → ``default``."""
    if _absent(text):
        return default
    try:
        value = float(str(text).strip()) if len(str(text)) <= 40 else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise _refuse(gettext_noop("参数 %(field)s 应为数字，而不是“%(value)s”。"), field, text)
    if not min <= value <= max:
        raise _refuse(
            gettext_noop("参数 %(field)s 应在 %(min)s 到 %(max)s 之间，而不是“%(value)s”。"),
            field, text, min=min, max=max,
        )  # fmt: skip
    return value


def parse_month(text: object, *, field: str = "month", default: dt.date | None = None) -> dt.date | None:
    """``YYYY-MM`` → the first day of that month. Absent → ``default``; ``2026-13`` or year 0001 → refused."""
    if _absent(text):
        return default
    m = _MONTH.match(str(text)) if isinstance(text, str) else None
    if m is None:
        raise _refuse(gettext_noop("参数 %(field)s 应为月份（YYYY-MM），而不是“%(value)s”。"), field, text)
    year, month = int(m.group(1)), int(m.group(2))
    if not (YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12):
        raise _refuse(gettext_noop("参数 %(field)s 的月份“%(value)s”不存在或超出范围。"), field, text)
    return dt.date(year, month, 1)


def parse_date(text: object, *, field: str = "date", default: dt.date | None = None) -> dt.date | None:
    """``YYYY-MM-DD`` → a date. Absent → ``default``; 2026-02-30 or year 9999 → refused."""
    if _absent(text):
        return default
    m = _DATE.match(str(text)) if isinstance(text, str) else None
    if m is None:
        raise _refuse(gettext_noop("参数 %(field)s 应为日期（YYYY-MM-DD），而不是“%(value)s”。"), field, text)
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        day = None
    if day is None or not YEAR_MIN <= day.year <= YEAR_MAX:
        raise _refuse(gettext_noop("参数 %(field)s 的日期“%(value)s”不存在或超出范围。"), field, text)
    return day


def parse_choice(text: object, choices, *, field: str, default: str | None = None) -> str | None:
    """One of ``choices`` (exact). Absent → ``default``."""
    if _absent(text):
        return default
    if text not in choices:
        raise _refuse(gettext_noop("参数 %(field)s 的取值“%(value)s”无效。"), field, text)
    return text


__all__ = [
    "BIGINT_MAX",
    "YEAR_MAX",
    "YEAR_MIN",
    "parse_choice",
    "parse_date",
    "parse_float",
    "parse_id",
    "parse_ids",
    "parse_int",
    "parse_month",
]
