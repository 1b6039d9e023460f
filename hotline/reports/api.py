import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Router, Schema
from pydantic import Field

from hotline.core import params
from hotline.core.errors import InvalidInput
from hotline.core.kpi import KpiSettings
from hotline.core.params import parse_choice
from hotline.org.access import settings_scope
from hotline.org.models import Center

from .access import (
    can_edit_targets,
    can_view_targets,
    home_center,
    kpi_calls,
    national_centers,
    sees_all_centers,
)
from .models import KPI_CHOICES
from .national import build_national
from .national_json import national_json
from .selectors import DIMENSIONS, PERIODS, kpi_sources, kpi_table, target_for
from .services_targets import TargetError, kpi_target_create, target_history

router = Router(tags=["reports"])


@router.get("/national", response=dict)
def national(request, month: str):
    """The national monthly report (§7, seed 003) as ``hotline report national --json`` prints it, over the
    centers the caller may see (administrators and the national role: all; managers: their own)."""
    centers = national_centers(request.user)
    if centers is None:
        raise PermissionDenied
    m = params.parse_month(month, field="month")
    if m is None:
        raise InvalidInput(gettext("请指定月份（YYYY-MM）"), field="month")
    return national_json(build_national(m, centers, national_view=sees_all_centers(request.user)))


# A KPI threshold in seconds: finite, within an hour (NaN or ∞ would make every rate NaN — not JSON).
Seconds = Annotated[float, Field(ge=0, le=3600, allow_inf_nan=False)]


@router.get("/kpis", response=list[dict])
def kpis(
    request,
    date_from: dt.date,
    date_to: dt.date,
    by: str | None = None,
    period: str | None = None,
    answer_time: Seconds = 20.0,
    short_abandon: Seconds = 5.0,
):
    """Operations KPIs (§7) of the calls the caller may see, per dimension and/or period."""
    by = parse_choice(by, DIMENSIONS, field="by")  # empty → none; unknown → 400 (core.params)
    period = parse_choice(period, PERIODS, field="period")
    settings = KpiSettings(answer_time=answer_time, short_abandon=short_abandon)
    center = None if request.user.is_superuser else home_center(request.user)
    calls = kpi_sources(  # per agent unless no agent is needed
        lambda model: kpi_calls(request.user, center, model), date_from, date_to, settings,
        agentless=by in (None, "center", "skill"), period=period,
    )  # fmt: skip
    if calls is None:
        raise PermissionDenied
    rows = kpi_table(calls, by=by, period=period, settings=settings)
    return [r.as_dict() for r in rows]


# --- KPI targets (§7): same rules as /reports/targets/ ----------------------------------------------


class TargetOut(Schema):
    id: int
    kpi: str
    center: str | None
    scope: str
    value: float
    effective_from: dt.date
    effective_to: dt.date | None


class InForceOut(Schema):
    kpi: str
    value: float | None
    effective_from: dt.date | None
    scope: str


class TargetsOut(Schema):
    center: str | None
    can_edit: bool
    in_force: list[InForceOut]
    history: list[TargetOut]


class TargetIn(Schema):
    center: str = "*"
    kpi: str
    value: float
    effective_from: dt.date
    scope: str = ""


def _targets_out(user, center: Center | None) -> dict:
    today = timezone.localdate()
    in_force = []
    for kpi, _label in KPI_CHOICES:
        t = target_for(kpi, center_id=center.pk if center else None, on=today)
        in_force.append({
            "kpi": kpi, "value": t.value if t else None, "effective_from": t.effective_from if t else None,
            "scope": t.scope if t else "",
        })  # fmt: skip
    history = [
        {"id": h["target"].pk, "kpi": h["target"].kpi, "center": center.code if center else None,
         "scope": h["target"].scope, "value": h["target"].value, "effective_from": h["target"].effective_from,
         "effective_to": h["effective_to"]}
        for h in target_history(center)
    ]  # fmt: skip
    return {
        "center": center.code if center else None, "can_edit": can_edit_targets(user, center),
        "in_force": in_force, "history": history,
    }  # fmt: skip


@router.get("/targets", response=TargetsOut)
def get_targets(request, center: str | None = None):
    """The targets in force today (the most specific of center and global, or the defaults) and the
    history of one scope (``center`` code, ``*`` global), newest first."""
    if not can_view_targets(request.user):
        raise PermissionDenied
    return _targets_out(request.user, settings_scope(request.user, center))


@router.post("/targets", response={201: TargetsOut})
def create_target(request, payload: TargetIn):
    """A new target from ``effective_from`` on (a manager: their center; global: an administrator).
    Rates are fractions (0.4 = 40 %), times seconds. Refused targets answer 400 with the reason."""
    if not can_view_targets(request.user):
        raise PermissionDenied
    center = settings_scope(request.user, payload.center)
    if not can_edit_targets(request.user, center):
        raise PermissionDenied
    try:
        kpi_target_create(
            kpi=payload.kpi, center=center, value=payload.value, effective_from=payload.effective_from,
            scope=payload.scope, actor=request.user,
        )  # fmt: skip
    except TargetError:
        raise  # a HotlineError: answered 400 in the reader's language
    return 201, _targets_out(request.user, center)
