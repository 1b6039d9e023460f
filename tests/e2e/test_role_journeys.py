"""One browser journey per role (issue 13), each doing its main task end to end in Chinese, with a
screenshot of every step kept in ``test-artifacts/journeys/`` (gitignored) for a person to look at:

- agent: the home page (scores, to-do, shifts), acknowledges one evaluation and disputes another;
- QA monitor: writes and submits the half-month analysis, then decides a dispute as its reviewer;
- team leader: pushes an urgent notice to the team, which the agent sees on the home page;
- trainer: plans a coaching session by hand, marks it done and reads the completion;
- manager: builds a scoring form with a Chinese name (wrong total refused, reorder, preview, save)
  and approves the monitor's analysis;
- administrator: appends a new version of the feedback settings (dispute window) from tomorrow.

(The monitor's scoring of a recording session is tests/e2e/test_quality_journey.py.)"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from hotline.feedback.models import Analysis, Dispute, TrainingEntry
from hotline.feedback.services.analysis import analysis_create, analysis_transition
from hotline.feedback.services.disputes import dispute_open
from hotline.feedback.tests.helpers import NON_CRITICAL, submitted_session
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory
from hotline.quality.models import Kind, ScoreForm
from hotline.workforce.tests.helpers import make_shifts, published_roster
from tests.e2e.conftest import click_nav

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-11-17T10:00"),  # a Tuesday: 2026-11-H1 is over, its results published today
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "journeys"
ITEM = NON_CRITICAL[3]


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def chinese_page(page) -> None:
    """The page is in Chinese and carries no raw key or English refusal."""
    assert page.locator("html").get_attribute("lang", timeout=2000).startswith("zh")
    text = page.inner_text("main")
    assert "Traceback" not in text and "None" not in text and "{'" not in text


@pytest.fixture
def world(personas):
    p = personas
    for day, period in ((dt.date(2026, 10, 8), "2026-10-H1"), (dt.date(2026, 10, 22), "2026-10-H2")):
        submitted_session(p.agent, p.monitor, failed=NON_CRITICAL[:2], day=day, period=period)
        submitted_session(p.agent, p.monitor, kind=Kind.LIVE, day=day, period=period)
    p.rec = submitted_session(p.agent, p.monitor, failed=[[ITEM], [], [], [], []], day=dt.date(2026, 11, 16))
    submitted_session(p.agent, p.monitor, kind=Kind.LIVE, day=dt.date(2026, 11, 16))
    submitted_session(p.peer, p.monitor, failed=[ITEM], day=dt.date(2026, 11, 16))
    shifts = make_shifts(p.center)
    published_roster(
        p.center, p.team_a, dt.date(2026, 11, 18), {p.agent: "早中晚休早", p.peer: "中中中中中"}, shifts
    )
    return p


def test_agent_reads_home_acknowledges_and_disputes(world, sign_in, page):
    sign_in(world.agent)
    page.wait_for_selector("#month-scores")
    assert "本月成绩（2026年11月）" in page.inner_text("main")
    assert "较上月" in page.inner_text("#score-recording")
    assert "早班" in page.inner_text("#next-shifts") and "2026-11-18" in page.inner_text("#next-shifts")
    chinese_page(page)
    shot(page, "agent-1-home")

    page.locator("#todo-evaluations a").nth(1).click()  # a clean recording: acknowledge it
    page.wait_for_selector("#ack")
    shot(page, "agent-2-evaluation")
    page.click("#ack")
    page.wait_for_selector("#ack-state")
    assert page.locator("#ack").count() == 0 and "已于" in page.inner_text(".tiles")
    shot(page, "agent-3-acknowledged")

    page.goto("/")
    page.locator("#todo-evaluations a", has_text="2026-11-16 #1").first.click()
    page.check(f"input[name=items][value='{ITEM}']")
    page.fill("#reason", "录音里我复述了订单")
    shot(page, "agent-4-dispute-form")
    page.click("#dispute-submit")
    page.wait_for_selector("#status")
    assert page.inner_text("#status") == "待复核"
    chinese_page(page)
    shot(page, "agent-5-dispute-opened")

    page.goto("/")
    assert "2026-11-16 的评分" in page.inner_text("#open-disputes")
    shot(page, "agent-6-home-after")
    assert Dispute.objects.get().items == [ITEM]


def test_monitor_submits_the_analysis_and_decides_a_dispute(world, sign_in, page):
    other = PersonFactory(center=world.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201")
    session = submitted_session(world.stranger, other, failed=[ITEM], day=dt.date(2026, 11, 16))
    dispute = dispute_open(evaluation=session.evaluations.order_by("order").first(), agent=world.stranger,
                           reason="我有复述", items=[ITEM])  # fmt: skip
    assert dispute.reviewer == world.monitor

    sign_in(world.monitor)
    click_nav(page, "监听分析")
    page.select_option("select[name=scope]", "half")
    page.fill("input[name=period]", "2026-11-H1")
    page.click("#new-analysis button")
    page.wait_for_selector("#pareto")
    assert "2026年11月上半月" in page.inner_text("h1")
    shot(page, "monitor-1-analysis")
    page.click("#submit")
    assert page.inner_text("#status") == "待审批"
    chinese_page(page)
    shot(page, "monitor-2-submitted")

    click_nav(page, "申诉")
    page.locator("#disputes tr", has_text="王五").locator("a").first.click()
    page.select_option(f"select[name='a_{ITEM}']", "yes")
    page.fill("textarea[name=explanation]", "复听录音，确有复述")
    shot(page, "monitor-3-review")
    page.click("#adjust")
    assert page.inner_text("#status") == "已调整"
    shot(page, "monitor-4-adjusted")


def test_team_leader_pushes_a_notice_the_agent_sees(world, sign_in, page):
    sign_in(world.leader)
    page.click("#nav-inbox")
    page.click("text=紧急推送")
    page.fill("input[name=title]", "下午三点系统升级，请提前保存工单")
    page.fill("textarea[name=body]", "升级约十分钟。")
    page.select_option("select[name=team]", label="一组")
    shot(page, "leader-1-push")
    page.click("form.push button")
    page.wait_for_selector(".messages")
    assert "已发送给" in page.inner_text(".messages")
    chinese_page(page)
    shot(page, "leader-2-sent")

    sign_in(world.agent)
    assert "下午三点系统升级" in page.inner_text("#todo-messages")
    shot(page, "leader-3-agent-home")


def test_trainer_plans_a_coaching_session_and_marks_it_done(world, sign_in, page):
    sign_in(world.trainer)
    click_nav(page, "培训")
    page.select_option("select[name=kind]", "coaching")
    page.fill("input[name=topic]", "一对一辅导：复述订单信息")
    page.fill("input[name=due_date]", "2026-11-20")
    page.check(f"#new-training input[name=agents][value='{world.agent.pk}']")
    page.select_option("select[name=item_key]", ITEM)
    shot(page, "trainer-1-plan")
    page.click("#new-training button")
    page.wait_for_selector("#scores-after")
    assert "辅导" in page.inner_text("#completion") and "张三" in page.inner_text("#scores-after")
    chinese_page(page)
    shot(page, "trainer-2-entry")
    page.check("input[name=done]")
    page.click("form.filters button")
    click_nav(page, "培训")
    assert "已完成 1 / 1 项" in page.inner_text("#completion")
    shot(page, "trainer-3-done")
    assert TrainingEntry.objects.get().done


def test_manager_builds_a_chinese_form_and_approves_the_analysis(world, sign_in, page):
    analysis = analysis_create(center=world.center, monitor=world.monitor, scope="half", period="2026-11-H1")
    analysis_transition(analysis=analysis, action="submit", by=world.monitor)

    sign_in(world.manager)
    click_nav(page, "评分表")
    page.fill("input[name=key]", "投诉表")
    page.click("form.filters button")
    page.wait_for_selector("#builder")
    page.fill("input[name=title]", "投诉处理评分表")
    rows = [("开场", "报出公司名称", "30"), ("处理", "安抚客户情绪", "40"), ("处理", "给出解决方案", "20")]
    for n, (section, text, points) in enumerate(rows):
        if n:
            page.click("#add-row")
        row = page.locator("#rows tr").nth(n)
        row.locator("input[name=section]").fill(section)
        row.locator("input[name=text]").fill(text)
        row.locator("input[name=points]").fill(points)
    assert "距满分还差 10 分" in page.inner_text("#total")
    page.click("#save")
    page.wait_for_selector("#builder-errors")
    assert "与满分 100 分不符" in page.inner_text("#builder-errors")
    shot(page, "manager-1-total-refused")
    page.locator("#rows tr").nth(2).locator("input[name=points]").fill("30")
    page.locator("#rows tr").nth(2).locator("input[name=text]").press("Alt+ArrowUp")  # keyboard reorder
    assert page.locator("#rows tr").nth(1).locator("input[name=text]").input_value() == "给出解决方案"
    assert "合计 100 分" in page.inner_text("#total") or "已移到第 2 行" in page.inner_text("#total")
    page.click("#preview-button")
    page.wait_for_selector("#preview")
    assert "处理 · 70 分" in page.inner_text("#preview")
    shot(page, "manager-2-preview")
    page.click("#save")
    page.wait_for_selector(".messages")
    assert "v1" in page.inner_text(".messages")
    chinese_page(page)
    shot(page, "manager-3-saved")
    form = ScoreForm.objects.get(key="投诉表").core()
    assert [i.text for i in form.items] == ["报出公司名称", "给出解决方案", "安抚客户情绪"]

    click_nav(page, "监听分析")
    page.locator("#analyses a", has_text="2026年11月上半月").first.click()
    page.click("#approve")
    assert page.inner_text("#status") == "已核准"
    shot(page, "manager-4-approved")
    assert Analysis.objects.get().status == "approved"


def test_administrator_appends_a_feedback_settings_version(world, sign_in, page):
    sign_in(world.admin)
    click_nav(page, "反馈设置")
    page.fill("#new-version input[name=dispute_working_days]", "7")
    assert page.input_value("#new-version input[name=effective_from]") == "2026-11-18"
    shot(page, "admin-1-settings")
    with page.expect_navigation():  # the history is on the page before the save too: wait for the reload
        page.click("#new-version button")
    page.wait_for_selector("#history")
    assert re.search(r"2026-11-18", page.inner_text("#history"))
    chinese_page(page)
    shot(page, "admin-2-saved")
