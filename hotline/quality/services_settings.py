"""Writes of the monitoring regime's business policy (ARCHITECTURE: policy is data, versioned).

- :func:`quality_settings_create` — a new version of a center's (or the global) §3.2/§3.3/§3.6
  settings. The past is never rewritten: the version in force ends the day before the new one's
  ``effective_from`` and stays in the history; a new version may not start before today, nor on or
  before a version that already exists for the same scope (versions are appended, never inserted).
- :func:`holiday_toggle` — flip a date's working-day status in the §3.4 holiday table: a new version
  of that date's override (``policy_append``, kind ``"holidays"`` keyed by date); a version that repeats
  the Chinese calendar restores it. A date is judged by the version in force on that date, so a date
  already past is never changed (DECISIONS "Versioned policies": holidays).

Every change is audited (``hotline.org.policies``: who, when, before, after).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotline.core.errors import InvalidInput
from hotline.core.periods import Period
from hotline.core.workdays import is_working_day
from hotline.org.models import Center
from hotline.org.policies import history, next_free_day, policy_append, policy_history, version_append

from .models import HolidayOverride, QualitySettings, Remainder
from .selectors import holidays_in_force

RECORDING_WINDOW_MAX = 15  # working days: a half-month's recording sessions end before the next one ends


class SettingsError(InvalidInput):
    """The new settings were refused (message in the user's language)."""


SETTINGS_FIELDS = (
    "w_rec", "w_live", "remainder", "min_seconds", "anchor_period", "recording_window_days", "effective_from",
    "effective_to",
)  # fmt: skip


def settings_snapshot(row: QualitySettings | None) -> dict | None:
    """A JSON-ready copy of a settings row for the audit trail."""
    if row is None:
        return None
    out = {"center": row.center_id}
    for f in SETTINGS_FIELDS:
        v = getattr(row, f)
        out[f] = v.isoformat() if isinstance(v, dt.date) else v
    return out


@transaction.atomic
def quality_settings_create(
    *,
    center: Center | None,
    w_rec: float,
    w_live: float,
    min_seconds: float,
    anchor_period: str,
    effective_from: dt.date,
    recording_window_days: int = 5,
    remainder: str = "live",
    actor=None,
    today: dt.date | None = None,
) -> QualitySettings:
    """A new settings version of ``center`` (``None``: every center) from ``effective_from`` on.

    ``w_rec + w_live`` must be 1 (§3.6 composite weights), ``min_seconds`` ≥ 0 (§3.2 shortest recording),
    ``anchor_period`` a half-month ``YYYY-MM-H1|H2`` (§3.3 rotation start), ``recording_window_days``
    1–15 (§3.1: a half-month's recording sessions are held within that many working days after it),
    ``remainder`` what ``w_live`` weighs in the monthly score (§3.6: live, inspection, satisfaction, none).
    """
    today = today or timezone.localdate()
    if not (0 <= w_rec <= 1 and 0 <= w_live <= 1) or abs(w_rec + w_live - 1) > 1e-9:
        raise SettingsError(_("录音与实时权重须在0到1之间且合计为1"))
    if min_seconds < 0:
        raise SettingsError(_("最短录音不能为负数"))
    if not (isinstance(recording_window_days, int) and 1 <= recording_window_days <= RECORDING_WINDOW_MAX):
        raise SettingsError(_("录音监听期限须为1到15个工作日"))
    if remainder not in Remainder.values:
        raise SettingsError(_("综合得分其余部分须为实时监听、自动质检、满意度或无"))
    try:
        anchor = str(Period.parse(anchor_period))
    except ValueError as exc:
        raise SettingsError(_("轮换起始半月格式应为 YYYY-MM-H1 或 YYYY-MM-H2")) from exc
    return version_append(
        model=QualitySettings, center=center, effective_from=effective_from, today=today, actor=actor,
        values={"w_rec": w_rec, "w_live": w_live, "min_seconds": min_seconds, "anchor_period": anchor,
                "recording_window_days": recording_window_days, "remainder": remainder},
        action="quality.settings", snapshot=settings_snapshot, error=SettingsError,
    )  # fmt: skip


def settings_history(center: Center | None) -> list[QualitySettings]:
    """Every version of one scope, newest first."""
    return history(QualitySettings, center)


def calendar_working_day(day: dt.date) -> bool:
    """The Chinese calendar's own answer for ``day`` (Monday–Friday outside its years)."""
    return is_working_day(day, None)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise SettingsError(_("日期无效"), field="date") from exc


@transaction.atomic
def holiday_version_create(
    *,
    center: Center | None,
    effective_from: dt.date,
    date,
    is_working_day: bool,
    note: str = "",
    actor=None,
    today: dt.date | None = None,
) -> HolidayOverride:
    """Append a version of ``date`` 's override in the §3.4 holiday table (``policy_append``, audited as
    ``quality.holiday.*``). The table is shared by every center; a date already past is never changed
    (it was judged by the version in force that day), and a version must start on or before its date."""
    today = today or timezone.localdate()
    day = _as_date(date)
    if center is not None:
        raise SettingsError(_("节假日表由各中心共用，不能按中心设置"), field="center")
    if not isinstance(is_working_day, bool):
        raise SettingsError(_("工作日须为是或否"), field="is_working_day")
    if day < today:
        raise SettingsError(_("已过去的日期不能调整：过去的日子按当天的日历评判"), field="date")
    if effective_from > day:
        raise SettingsError(_("该日期今天已调整过，不能再改"), field="date")
    return policy_append(
        "holidays", center=None, values={"is_working_day": is_working_day, "note": str(note).strip()[:200]},
        effective_from=effective_from, today=today, actor=actor, error=SettingsError, key={"date": day},
    )  # fmt: skip


def holiday_toggle(*, day: dt.date, note: str = "", actor=None, today: dt.date | None = None) -> HolidayOverride | None:
    """Flip the working-day status of ``day`` (today or later) by appending a version of its override
    from the first free day; returns the version now in force when it differs from the Chinese calendar
    (``None``: the day follows the calendar again)."""
    today = today or timezone.localdate()
    current = policy_history("holidays", None, date=day)[:1]
    working_now = current[0].is_working_day if current else calendar_working_day(day)
    row = holiday_version_create(
        center=None, date=day, is_working_day=not working_now, note=note, actor=actor, today=today,
        effective_from=next_free_day("holidays", None, today, date=day),
    )  # fmt: skip
    return row if row.is_working_day != calendar_working_day(day) else None


def holiday_adjustments(year: int | None = None) -> list[HolidayOverride]:
    """The dates whose status, as judged on the date itself, differs from the Chinese calendar."""
    start = dt.date(year, 1, 1) if year else None
    end = dt.date(year, 12, 31) if year else None
    rows = holidays_in_force(start, end).values()
    return [r for r in rows if r.is_working_day != calendar_working_day(r.date)]
