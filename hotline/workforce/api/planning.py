"""Workforce REST API (§5), planning: skills, events, forecasts (with backtests) and staffing plans.
Planner, manager (their center) and admin; ``?center=`` picks a center for an admin."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from hotline.apitypes import Id

from .. import services
from ..api.common import Problem, _bad, _planner_center
from ..models import EventMultiplier, ForecastRun, Skill, StaffingPlan

router = Router()

FORECAST_METHODS = ("auto", "baseline", "profile", "blend")

# ----------------------------------------------------------------------------------------- skills


class SkillOut(Schema):
    id: int
    name: str
    target_sl: float
    answer_time_s: int
    aht_override_s: float | None
    patience_s: float | None
    shrinkage: float
    max_occupancy: float | None
    interval_minutes: int
    channel: str = "call_in"  # §5 "Every channel": call_in, call_out, chat, email, fax
    concurrency: int = 1
    response_deadline_h: float | None = None


class SkillIn(Schema):
    name: str | None = None
    target_sl: float | None = None
    answer_time_s: int | None = None
    aht_override_s: float | None = None
    patience_s: float | None = None
    shrinkage: float | None = None
    max_occupancy: float | None = None
    interval_minutes: int | None = None
    channel: str | None = None
    concurrency: int | None = None
    response_deadline_h: float | None = None


def _skill_fields(data: SkillIn) -> dict:
    d = data.dict(exclude_unset=True)
    if d.get("target_sl") is not None and not (0 < d["target_sl"] < 1):
        raise ValueError("target_sl: expected a fraction between 0 and 1")
    if d.get("shrinkage") is not None and not (0 <= d["shrinkage"] < 1):
        raise ValueError("shrinkage: expected a fraction in [0, 1)")
    if d.get("max_occupancy") is not None and not (0 < d["max_occupancy"] <= 1):
        raise ValueError("max_occupancy: expected a fraction in (0, 1]")
    if d.get("interval_minutes") is not None and d["interval_minutes"] not in (15, 30, 60):
        raise ValueError("interval_minutes: expected 15, 30 or 60")
    if "channel" in d and d["channel"] not in ("call_in", "call_out", "chat", "email", "fax"):
        raise ValueError("channel: expected call_in, call_out, chat, email or fax")
    if d.get("concurrency") is not None and not 1 <= d["concurrency"] <= 20:
        raise ValueError("concurrency: expected 1…20 conversations at once")
    if d.get("response_deadline_h") is not None and not 0 < d["response_deadline_h"] <= 336:
        raise ValueError("response_deadline_h: expected hours in (0, 336]")
    for k in ("target_sl", "answer_time_s", "shrinkage", "interval_minutes", "channel", "concurrency"):
        if k in d and d[k] is None:
            raise ValueError(f"{k}: may not be empty")
    return d


@router.get("/skills", response=list[SkillOut])
def list_skills(request, center: Id | None = None):
    return Skill.objects.filter(center=_planner_center(request, center))


@router.post("/skills", response={200: SkillOut, 400: Problem})
def save_skill(request, data: SkillIn, center: Id | None = None):
    """Create a skill, or change the targets of the skill with this name."""
    c = _planner_center(request, center)
    try:
        fields = _skill_fields(data)
    except ValueError as exc:
        return _bad(str(exc))
    name = (fields.pop("name", None) or "").strip()
    if not name:
        return _bad("name: required")
    return services.skill_save(center=c, name=name, **fields)


@router.patch("/skills/{skill_pk}", response={200: SkillOut, 400: Problem})
def update_skill(request, skill_pk: Id, data: SkillIn, center: Id | None = None):
    """Change a skill's targets (only the fields given)."""
    c = _planner_center(request, center)
    skill = get_object_or_404(Skill, pk=skill_pk, center=c)
    try:
        fields = _skill_fields(data)
    except ValueError as exc:
        return _bad(str(exc))
    name = (fields.get("name") or skill.name).strip()
    if Skill.objects.filter(center=c, name=name).exclude(pk=skill.pk).exists():
        return _bad("name: another skill has this name")
    fields["name"] = name
    return services.skill_update(skill=skill, **fields)


# ----------------------------------------------------------------------------------------- events


class EventOut(Schema):
    id: int
    skill: str | None
    first_day: dt.date
    last_day: dt.date
    factor: float
    note: str

    @staticmethod
    def resolve_skill(obj):
        return obj.skill.name if obj.skill_id else None


class EventIn(Schema):
    skill: Id | None = None
    first_day: dt.date
    last_day: dt.date
    factor: float
    note: str = ""


@router.get("/events", response=list[EventOut])
def list_events(request, center: Id | None = None):
    return EventMultiplier.objects.filter(center=_planner_center(request, center)).select_related("skill")


@router.post("/events", response={200: EventOut, 400: Problem})
def add_event(request, data: EventIn, center: Id | None = None):
    """A planned event: the forecast of its dates × factor (one skill, or all when skill is empty)."""
    c = _planner_center(request, center)
    skill = get_object_or_404(Skill, pk=data.skill, center=c) if data.skill else None
    try:
        return services.event_add(
            center=c, skill=skill, first_day=data.first_day, last_day=data.last_day, factor=data.factor,
            note=data.note,
        )  # fmt: skip
    except services.PlanningError as exc:
        return _bad(str(exc))


@router.delete("/events/{event_pk}", response={204: None})
def delete_event(request, event_pk: Id, center: Id | None = None):
    c = _planner_center(request, center)
    services.event_delete(event=get_object_or_404(EventMultiplier, pk=event_pk, center=c))
    return Status(204, None)


# ----------------------------------------------------------------------------------------- forecasts


class ForecastOut(Schema):
    id: int
    skill: str
    interval_minutes: int
    method: str
    method_used: str
    first_day: dt.date
    horizon_days: int
    created_at: dt.datetime
    wape: float | None
    bias: float | None
    baseline_wape: float | None
    baseline_bias: float | None
    backtest_weeks: int
    total_calls: float

    @staticmethod
    def resolve_skill(obj):
        return obj.skill.name


class ForecastIn(Schema):
    skill: Id
    first_day: dt.date
    horizon: int = 7
    method: str = "auto"


class IntervalOut(Schema):
    start: dt.datetime
    calls: float


class ForecastDetail(ForecastOut):
    intervals: list[IntervalOut]

    @staticmethod
    def resolve_intervals(obj):
        return list(obj.intervals.all())


@router.get("/forecasts", response=list[ForecastOut])
def list_forecasts(request, center: Id | None = None, limit: int = 50):
    c = _planner_center(request, center)
    return ForecastRun.objects.filter(center=c).select_related("skill")[: max(1, min(limit, 500))]


@router.post("/forecasts", response={200: ForecastDetail, 400: Problem})
def run_forecast(request, data: ForecastIn, center: Id | None = None):
    """Forecast a skill from its calls (with the event multipliers), backtested against the baseline."""
    c = _planner_center(request, center)
    skill = get_object_or_404(Skill, pk=data.skill, center=c)
    if data.method not in FORECAST_METHODS or not (1 <= data.horizon <= 62):
        return _bad(f"method: one of {', '.join(FORECAST_METHODS)}; horizon: 1–62 days")
    try:
        return services.forecast_run(
            skill=skill,
            first_day=data.first_day,
            horizon=data.horizon,
            method=data.method,
            actor=request.user,
        )
    except services.PlanningError as exc:
        return _bad(str(exc))


@router.get("/forecasts/{run_pk}", response=ForecastDetail)
def get_forecast(request, run_pk: Id, center: Id | None = None):
    c = _planner_center(request, center)
    return get_object_or_404(ForecastRun.objects.select_related("skill"), pk=run_pk, center=c)


# ----------------------------------------------------------------------------------------- staffing


class PlanOut(Schema):
    id: int
    skill: str
    forecast: int
    created_at: dt.datetime
    model: str
    aht_s: float
    target_sl: float
    answer_time_s: float
    patience_s: float | None
    shrinkage: float
    peak_agents: int
    peak_scheduled: int
    seats: int
    trunks: int
    trunk_load: float

    @staticmethod
    def resolve_skill(obj):
        return obj.skill.name

    @staticmethod
    def resolve_forecast(obj):
        return obj.forecast_id


class StaffingIntervalOut(Schema):
    start: dt.datetime
    calls: float
    aht_s: float
    agents: int
    scheduled: int
    service_level: float | None
    asa_s: float | None
    occupancy: float | None
    abandon_probability: float | None


class PlanDetail(PlanOut):
    intervals: list[StaffingIntervalOut]

    @staticmethod
    def resolve_intervals(obj):
        return list(obj.intervals.all())


class PlanIn(Schema):
    forecast: Id


@router.get("/staffing", response=list[PlanOut])
def list_plans(request, center: Id | None = None, limit: int = 50):
    c = _planner_center(request, center)
    return StaffingPlan.objects.filter(center=c).select_related("skill")[: max(1, min(limit, 500))]


@router.post("/staffing", response={200: PlanDetail, 400: Problem})
def build_plan(request, data: PlanIn, center: Id | None = None):
    """Agents per interval for a forecast (Erlang C, or Erlang A with the skill's patience)."""
    c = _planner_center(request, center)
    run = get_object_or_404(ForecastRun, pk=data.forecast, center=c)
    try:
        return services.staffing_plan_build(run=run, actor=request.user)
    except services.PlanningError as exc:
        return _bad(str(exc))


@router.get("/staffing/{plan_pk}", response=PlanDetail)
def get_plan(request, plan_pk: Id, center: Id | None = None):
    c = _planner_center(request, center)
    return get_object_or_404(StaffingPlan.objects.select_related("skill"), pk=plan_pk, center=c)
