"""Labels in the reader's language for the pages and charts (§1): months, targets.

A chart library re-reads ``2026-07`` as a date and labels it in English ("Jul 2026"); the pages send
labels already written for the reader ("2026年7月" / "July 2026") and draw them as categories.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import formats
from django.utils.translation import gettext


def month_label(year: int, month: int) -> str:
    """A month in the active language: "2026年7月" (zh-hans), "July 2026" (en)."""
    return formats.date_format(dt.date(year, month, 1), "YEAR_MONTH_FORMAT")


def percent(value: float | None, digits: int = 1) -> str:
    """A rate (0.05) as a percentage ("5%"), at most ``digits`` decimals; "—" when unknown."""
    if value is None:
        return "—"
    text = f"{value * 100:.{digits}f}".rstrip("0").rstrip(".")
    return f"{text}%"


def kpi_value(unit: str, value: float | None) -> str:
    """A KPI value or target by its unit ("ratio" → %, "seconds" → 秒/s, else the number)."""
    if value is None:
        return "—"
    if unit == "ratio":
        return percent(value)
    number = f"{value:.1f}".rstrip("0").rstrip(".")
    if unit == "seconds":
        return gettext("%(n)s 秒") % {"n": number}
    return number


def period_name(code: str) -> str:
    """A period code as the reader reads it (§1 ``period``): "2026-11-H1" → "2026年11月上半月" /
    "November 2026, 1–15"; "2026-11" → the month's label; anything else is returned unchanged."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-H([12]))?", code or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        return code
    month = month_label(int(m.group(1)), int(m.group(2)))
    if m.group(3) is None:
        return month
    if m.group(3) == "1":
        return gettext("%(month)s上半月") % {"month": month}
    return gettext("%(month)s下半月") % {"month": month}
