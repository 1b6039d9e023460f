"""The plan page: calendar days × monitors, generate/regenerate, overdue, XLSX export; roles."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from hotline.quality.models import MonitoringPlan, PlanSlot

from .helpers import PERIOD

URL = "/quality/plan/"


def test_the_plan_page_draws_the_calendar_with_agent_names(personas, plan, login):
    page = login(personas.manager).get(URL, {"center": "langfang", "period": PERIOD}).content.decode()
    assert "qa-calendar" in page and "钱质检" in page
    assert page.count("qa-slot") >= 6 and "张三" in page and "重新生成计划" in page


def test_a_past_slot_without_a_session_shows_as_overdue(personas, plan, login):
    page = login(personas.manager).get(URL, {"center": "langfang", "period": PERIOD}).content.decode()
    assert "qa-slot overdue" in page  # the period is over and nothing was held


@pytest.mark.clock("2026-11-25T10:00")  # before the half-month: every slot is still to hold
def test_a_qa_monitor_generates_the_plan_from_the_page(personas, login):
    client = login(personas.monitor)
    resp = client.post("/quality/plan/generate/", {"center": "langfang", "period": "2026-12-H1"})
    assert resp.status_code == 302
    plan = MonitoringPlan.objects.get(center=personas.center, period="2026-12-H1")
    assert plan.slots.filter(status=PlanSlot.Status.PLANNED).count() == 6


def test_the_plan_exports_to_xlsx_with_a_calendar_and_a_list(personas, plan, login):
    resp = login(personas.planner).get("/quality/plan/export/", {"center": "langfang", "period": PERIOD})
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["日历", "明细"]
    assert wb["日历"]["D1"].value == "钱质检"
    assert wb["明细"].max_row == 7


@pytest.mark.parametrize("who", ["agent", "outsider"])
def test_agents_and_other_centers_may_not_see_the_plan(personas, plan, login, who):
    assert login(getattr(personas, who)).get(URL, {"center": "langfang", "period": PERIOD}).status_code == 403


@pytest.mark.parametrize("who", ["planner", "trainer", "team_leader", "agent"])
def test_only_managers_monitors_and_admins_generate(personas, login, who):
    person = personas.leader if who == "team_leader" else getattr(personas, who)
    resp = login(person).post("/quality/plan/generate/", {"center": "langfang", "period": PERIOD})
    assert resp.status_code == 403


def test_the_outsider_manager_sees_only_their_own_center(personas, plan, login):
    page = login(personas.outsider).get(URL).content.decode()
    assert "黄岛中心" in page and "廊坊中心" not in page
