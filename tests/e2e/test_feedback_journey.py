"""The feedback loop in a browser (§3.7, §4): the monitor submits the analysis, the manager approves,
the agent reads and acknowledges, disputes one item, a reviewer adjusts it, the agent's monthly score
changes and the trail shows both versions."""

import re

import pytest

from hotline.feedback.tests.helpers import NON_CRITICAL, submitted_session
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory
from hotline.quality.models import Kind
from tests.e2e.conftest import click_nav

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-11-17T10:00"),  # 2026-11-H1 is over, the month is not
]

ITEM = NON_CRITICAL[3]


def monthly(page) -> str:
    page.goto("/feedback/my/")
    return page.locator("#monthly .tile .n").first.inner_text()


def test_monitor_manager_agent_reviewer_journey(personas, sign_in):
    reviewer = PersonFactory(center=personas.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201")
    submitted_session(personas.agent, personas.monitor, failed=[[ITEM], [], [], [], []])
    submitted_session(personas.agent, personas.monitor, kind=Kind.LIVE)
    submitted_session(personas.peer, personas.monitor, failed=[ITEM])

    page = sign_in(personas.monitor)
    click_nav(page, "监听分析")
    page.select_option("select[name=scope]", "half")
    page.fill("input[name=period]", "2026-11-H1")
    page.click("#new-analysis button")
    page.wait_for_selector("#pareto")
    page.click("#submit")
    assert page.inner_text("#status") == "待审批"

    page = sign_in(personas.manager)
    click_nav(page, "监听分析")
    page.click("#analyses a")
    page.click("#approve")
    assert page.inner_text("#status") == "已核准"

    page = sign_in(personas.agent)
    assert int(page.inner_text("#unread-count")) >= 1
    before = monthly(page)
    page.click("#nav-inbox")
    page.click("text=监听结果 2026-11-H1")
    page.click("#ack")
    page.wait_for_selector("#acknowledged")
    page.locator("tr", has_text="录音监听").filter(has_text="97.0").locator(
        "a", has_text="申诉"
    ).first.click()
    page.check(f"input[name=items][value='{ITEM}']")
    page.fill("textarea[name=reason]", "录音里我复述了订单")
    page.click("#dispute-form button")
    page.wait_for_selector("#status")
    dispute_url = page.url
    assert page.inner_text("#status") == "待复核"

    page = sign_in(reviewer)
    page.goto(dispute_url)
    page.select_option(f"select[name='a_{ITEM}']", "yes")
    page.fill("textarea[name=explanation]", "复听录音，已复述")
    page.click("#adjust")
    assert page.inner_text("#status") == "已调整", page.inner_text("main")

    page = sign_in(personas.agent)
    after = monthly(page)
    assert float(after) > float(before)
    page.goto(dispute_url)
    versions = page.inner_text("#versions")
    assert re.search(r"v1", versions) and re.search(r"v2", versions) and "复听录音" in versions
    page.click("#nav-inbox")
    assert "申诉结果：评分已调整" in page.inner_text("#inbox")
