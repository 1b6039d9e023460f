"""Workforce REST API (§5, seed 002), contingency: plans per scenario with steps, the drills log with
its warnings, and the hiring plan. Plans and drills: planner, manager (their center) and admin write;
team leaders read. Hiring plan: planner, manager, admin. Same services and rules as the pages."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from hotline.apitypes import Id
from hotline.core.hiring import hiring_plan
from hotline.org.models import Person
from hotline.org.texts import render as render_text

from .. import access, selectors_hiring
from ..api.common import Problem, _bad, _planner_center
from ..models import ContingencyPlan, Drill
from ..services import contingency as svc

router = Router()


def _reader_center(request, center: Id | None):
    access.require_contingency_reader(request.user)
    return access.center_for(request.user, center)


class StepIO(Schema):
    text: str
    role: str = ""
    person: int | None = None
    minutes: int


class PlanOut(Schema):
    id: int
    scenario: str
    title: str
    trigger: str
    steps: list[StepIO]
    version: int
    updated_at: dt.datetime


class PlanIn(Schema):
    scenario: str
    title: str
    trigger: str
    steps: list[StepIO]


class DrillOut(Schema):
    id: int
    plan: int = Field(alias="plan_id")
    date: dt.date
    participants: str
    duration_minutes: int
    findings: str
    actions: str
    follow_up_owner: int | None = Field(alias="follow_up_owner_id")
    follow_up_done: bool


class DrillIn(Schema):
    plan: Id
    date: dt.date
    participants: str
    duration_minutes: int
    findings: str = ""
    actions: str = ""
    follow_up_owner: Id | None = None
    follow_up_done: bool = False


class DrillsOut(Schema):
    drills: list[DrillOut]
    warnings: list[str]


class HiringRowOut(Schema):
    month: dt.date
    needed: int
    seats: int
    trunks: int
    projected: float
    hires: int
    start_recruiting: dt.date
    late: bool
    estimated: bool


class HiringOut(Schema):
    headcount: int
    rows: list[HiringRowOut]


@router.get("/contingency-plans", response=list[PlanOut])
def list_contingency_plans(request, center: Id | None = None):
    return ContingencyPlan.objects.filter(center=_reader_center(request, center))


@router.post("/contingency-plans", response={200: PlanOut, 400: Problem})
def create_contingency_plan(request, data: PlanIn, center: Id | None = None):
    c = _planner_center(request, center)
    try:
        return svc.plan_save(center=c, actor=request.user, **data.dict())
    except svc.ContingencyError as exc:
        return _bad(str(exc))


@router.put("/contingency-plans/{plan_pk}", response={200: PlanOut, 400: Problem})
def update_contingency_plan(request, plan_pk: Id, data: PlanIn, center: Id | None = None):
    c = _planner_center(request, center)
    plan = get_object_or_404(ContingencyPlan, pk=plan_pk, center=c)
    try:
        return svc.plan_save(center=c, plan=plan, actor=request.user, **data.dict())
    except svc.ContingencyError as exc:
        return _bad(str(exc))


@router.get("/drills", response=DrillsOut)
def list_drills(request, center: Id | None = None):
    c = _reader_center(request, center)
    warnings = [render_text(w["key"], w["params"]) for w in svc.drill_warnings(c, c.today())]
    return {"drills": list(Drill.objects.filter(plan__center=c)), "warnings": warnings}


def _drill_values(c, data: DrillIn) -> dict:
    d = data.dict()
    d["plan"] = get_object_or_404(ContingencyPlan, pk=data.plan, center=c)
    d["follow_up_owner"] = (
        get_object_or_404(Person, pk=data.follow_up_owner, center=c) if data.follow_up_owner else None
    )
    return d


@router.post("/drills", response={200: DrillOut, 400: Problem})
def create_drill(request, data: DrillIn, center: Id | None = None):
    c = _planner_center(request, center)
    try:
        return svc.drill_save(actor=request.user, **_drill_values(c, data))
    except svc.ContingencyError as exc:
        return _bad(str(exc))


@router.put("/drills/{drill_pk}", response={200: DrillOut, 400: Problem})
def update_drill(request, drill_pk: Id, data: DrillIn, center: Id | None = None):
    c = _planner_center(request, center)
    drill = get_object_or_404(Drill, pk=drill_pk, plan__center=c)
    try:
        return svc.drill_save(drill=drill, actor=request.user, **_drill_values(c, data))
    except svc.ContingencyError as exc:
        return _bad(str(exc))


@router.get("/hiring", response=HiringOut)
def hiring(
    request,
    center: Id | None = None,
    months: int = Query(6, ge=1, le=24),
    attrition: float = Query(3.0, ge=0, le=50, description="percent of the headcount leaving per month"),
    lead_months: int = Query(2, ge=0, le=12),
    weekly_hours: float = Query(40.0, ge=1, le=60),
):
    c = _planner_center(request, center)
    today = c.today()
    inputs = selectors_hiring.month_inputs(c, today, months=months, weekly_hours=weekly_hours)
    heads = selectors_hiring.headcount(c)
    rows = hiring_plan([i.need for i in inputs], headcount=heads, today=today, attrition=attrition / 100.0,
                       lead_months=lead_months)  # fmt: skip
    return {
        "headcount": heads,
        "rows": [{**r.__dict__, "estimated": i.estimated} for r, i in zip(rows, inputs, strict=True)],
    }
