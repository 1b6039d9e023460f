"""KPI targets (§7) as versioned data: a new target of a (KPI, center, scope) from a date on.

The past is never rewritten: a new target may not start before today, nor on or before an existing
target of the same KPI, center and scope — the one in force simply ends the day before (the
dashboards' target lines keep the old value for earlier dates). Audited with ``audit_record``.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotline.core.errors import InvalidInput
from hotline.org.models import Center
from hotline.org.policies import policy_append

from .models import KPI_CHOICES, KpiTarget

RATE_KPIS = ("abandonment_rate", "service_level", "fcr", "satisfaction")
SCOPE = re.compile(r"^(|(company|skill|team):.+)$")


class TargetError(InvalidInput):
    """The new target was refused (message in the user's language)."""


@transaction.atomic
def kpi_target_create(
    *,
    kpi: str,
    center: Center | None,
    value: float,
    effective_from: dt.date,
    scope: str = "",
    skill_filter: str = "",
    reason_filter: str = "",
    actor=None,
    today: dt.date | None = None,
) -> KpiTarget:
    """A new target of ``kpi`` for ``center`` (None: every center) and ``scope`` ("" the whole center,
    "company:<name>", "skill:<name>", "team:<name>"). Rates are fractions (0.4 = 40 %), times seconds.
    ``skill_filter`` / ``reason_filter`` name the calls the target is set on (a skill; a reason-tree
    path prefix): the report measures the KPI on those calls only (§7 维修电话人工解决率).
    Appended through ``hotline.org.policies`` (audited as ``reports.target.create`` / ``.end``)."""
    today = today or timezone.localdate()
    scope = scope.strip()
    if kpi not in dict(KPI_CHOICES):
        raise TargetError(_("未知的指标"))
    if not SCOPE.match(scope):
        raise TargetError(_("范围应为空，或 company:名称、skill:名称、team:名称"))
    if value < 0 or (kpi in RATE_KPIS and value > 1):
        raise TargetError(_("比率目标须在0到1之间（0.4 = 40%），时长目标不能为负数"))
    skill_filter, reason_filter = (skill_filter or "").strip(), (reason_filter or "").strip()
    if len(skill_filter) > 60 or len(reason_filter) > 200 or "\x00" in skill_filter + reason_filter:
        raise TargetError(_("限定技能最多60个字符，限定归档原因最多200个字符"))
    return policy_append(
        "kpi_target", center=center,
        values={"value": value, "skill_filter": skill_filter, "reason_filter": reason_filter}, key={"kpi": kpi, "scope": scope},
        effective_from=effective_from, today=today, actor=actor, error=TargetError,
    )  # fmt: skip


def target_history(center: Center | None) -> list[dict]:
    """The targets of one center (None: the global ones), by KPI and scope, newest first, each with its
    last day (None: open-ended)."""
    rows = list(KpiTarget.objects.filter(center=center).order_by("kpi", "scope", "-effective_from"))
    out = []
    for i, t in enumerate(rows):
        newer = rows[i - 1] if i and rows[i - 1].kpi == t.kpi and rows[i - 1].scope == t.scope else None
        out.append(
            {"target": t, "effective_to": newer.effective_from - dt.timedelta(days=1) if newer else None}
        )
    return out


@transaction.atomic
def kpi_settings_create(
    *,
    center: Center | None,
    effective_from: dt.date,
    answer_time: float = 20.0,
    short_abandon: float = 5.0,
    actor=None,
    today: dt.date | None = None,
):
    """A new version of a center's KPI thresholds (§7; the national report measures each center with its
    own): ``answer_time`` = service-level T, ``short_abandon`` = the cut-off, seconds (0–3600)."""
    today = today or timezone.localdate()
    try:
        t, s = float(answer_time), float(short_abandon)
    except (TypeError, ValueError):
        raise TargetError(_("应答时间和短时放弃阈值须为秒数")) from None
    if not (0 <= t <= 3600 and 0 <= s <= 3600):
        raise TargetError(_("应答时间和短时放弃阈值须在0到3600秒之间"))
    return policy_append(
        "kpi_settings", center=center, values={"answer_time": t, "short_abandon": s},
        effective_from=effective_from, today=today, actor=actor, error=TargetError,
    )  # fmt: skip
