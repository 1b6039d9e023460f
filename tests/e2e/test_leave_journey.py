"""Leave in the browser (§5): the agent asks for sick leave, the team leader refuses one request with
a reason and approves the other; the agent sees both outcomes, the approved days block the roster
(absence recorded once) — in Chinese."""

import pytest

from hotline.org.models import Absence
from hotline.workforce.models import LeaveRequest
from tests.e2e.conftest import click_nav

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-11-10T10:00"),
]


def test_an_agent_asks_for_leave_and_the_team_leader_approves_and_refuses(personas, sign_in):
    page = sign_in(personas.agent)
    click_nav(page, "我的请假")
    page.select_option("#id_kind", "sick")
    page.fill("#id_first_day", "2026-11-12")
    page.fill("#id_last_day", "2026-11-13")
    page.fill("#id_reason", "发烧就医")
    page.click("#leave-form button")
    page.wait_for_selector("text=请假申请已提交")
    page.select_option("#id_kind", "personal")
    page.fill("#id_first_day", "2026-11-20")
    page.fill("#id_last_day", "")
    page.fill("#id_reason", "家中有事")
    page.click("#leave-form button")
    page.wait_for_selector("text=请假申请已提交")
    assert page.locator("#leave-list td.status", has_text="待审批").count() == 2

    page.context.clear_cookies()
    page = sign_in(personas.leader)
    click_nav(page, "请假审批")
    rows = page.locator("#leave-pending tr[data-agent='8001']")
    assert rows.count() == 2
    personal = rows.filter(has_text="事假")
    personal.locator("input[name=refusal]").fill("当天培训，人手不足")
    personal.locator("button[value=refuse]").click()
    page.wait_for_selector("text=已拒绝")
    page.locator("#leave-pending tr[data-agent='8001']", has_text="病假").locator(
        "button[value=approve]"
    ).click()
    page.wait_for_selector("text=已批准，已登记缺勤")
    assert page.locator("#leave-pending tr[data-agent='8001']").count() == 0

    page.context.clear_cookies()
    page = sign_in(personas.agent)
    page.goto("/workforce/my/leave/")
    assert page.locator("#leave-list td.refusal", has_text="当天培训，人手不足").count() == 1
    assert page.locator("#leave-list td.status", has_text="已批准").count() == 1
    sick = LeaveRequest.objects.get(kind="sick")
    assert (
        sick.absence is not None and Absence.objects.filter(person=personas.agent, kind="sick").count() == 1
    )
