import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Router
from ninja.errors import HttpError

from hotline.core.kpi import KpiSettings

from .access import home_center, kpi_calls
from .selectors import DIMENSIONS, PERIODS, kpi_table

router = Router(tags=["reports"])


@router.get("/kpis", response=list[dict])
def kpis(
    request,
    date_from: dt.date,
    date_to: dt.date,
    by: str | None = None,
    period: str | None = None,
    answer_time: float = 20.0,
    short_abandon: float = 5.0,
):
    """Operations KPIs (§7) of the calls the caller may see, per dimension and/or period."""
    calls = kpi_calls(request.user, None if request.user.is_superuser else home_center(request.user))
    if calls is None:
        raise PermissionDenied
    if (by and by not in DIMENSIONS) or (period and period not in PERIODS):
        raise HttpError(400, f"by: one of {', '.join(DIMENSIONS)}; period: one of {', '.join(PERIODS)}")
    rows = kpi_table(
        calls.filter(local_date__range=(date_from, date_to)), by=by, period=period,
        settings=KpiSettings(answer_time=answer_time, short_abandon=short_abandon),
    )  # fmt: skip
    return [r.as_dict() for r in rows]
