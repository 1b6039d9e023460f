"""Contingency in the browser (§5, seed 002): the planner writes the mass-absence plan with its steps,
logs a drill with a finding, sees the drills warning, and opens the hiring plan; a team leader reads
the plan but has no form to change it — in Chinese."""

import pytest

from hotline.workforce.models import ContingencyPlan, Drill
from tests.e2e.conftest import click_nav

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-11-10T10:00"),
]


def test_a_planner_writes_a_plan_logs_a_drill_and_a_team_leader_reads_it(personas, sign_in):
    page = sign_in(personas.planner)
    click_nav(page, "应急预案")
    page.wait_for_selector("text=本中心尚未制定任何应急预案")
    page.click("#plan-new")
    page.select_option("#id_scenario", "absence")
    page.fill("#id_title", "大量缺勤应急预案")
    page.fill("#id_trigger", "实际在岗人数少于排班人数 20%")
    page.fill("#id_step-0-text", "召回休息人员，暂停培训")
    page.select_option("#id_step-0-role", "planner")
    page.fill("#id_step-0-minutes", "30")
    page.fill("#id_step-1-text", "向经理报告影响和处理办法")
    page.select_option("#id_step-1-role", "team_leader")
    page.fill("#id_step-1-minutes", "15")
    page.click("#plan-form button")
    page.wait_for_selector("text=应急预案已保存（第 1 版）")
    assert page.locator("#plan-steps tbody tr").count() == 2

    page.click("text=记录演练")
    page.fill("#id_date", "2026-11-05")
    page.fill("#id_participants", "一组、二组全体")
    page.fill("#id_duration_minutes", "40")
    page.fill("#id_findings", "召回电话有两人未接通")
    page.fill("#id_actions", "更新紧急联系表")
    page.select_option("#id_follow_up_owner", label="赵组长（8100）")
    page.click("#drill-form button")
    page.wait_for_selector("text=演练记录已保存")
    assert page.locator("#drills", has_text="召回电话有两人未接通").count() == 1
    assert (
        page.locator("#drill-warnings", has_text="最近 12 个月只演练了 1 次，要求每年不少于 2 次").count()
        == 1
    )

    click_nav(page, "招聘计划")
    page.wait_for_selector("text=当前在职座席员：3 人")
    page.fill("input[name=attrition]", "80")
    page.click("#hiring-form button")
    page.wait_for_selector("#hiring-form .errorlist")  # a 400 with the error, in Chinese
    assert "确保" in page.locator("#hiring-form .errorlist").inner_text()

    plan = ContingencyPlan.objects.get()
    assert plan.version == 1 and Drill.objects.get().follow_up_owner == personas.leader
    page.context.clear_cookies()
    page = sign_in(personas.leader)
    click_nav(page, "应急预案")
    page.click("text=大量缺勤应急预案")
    page.wait_for_selector("text=召回休息人员，暂停培训")
    assert page.locator("#plan-form").count() == 0
