"""The trust processes in the browser (§3.6, §4), in Chinese: a QA monitor hears a major error on a live
call and alerts the agent and the team leader from the live form before submitting; the agent reads
the alert, their interview (agreed actions, follow-up) and takes the knowledge test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hotline.core.periods import Period
from hotline.feedback.models import KnowledgeAttempt, Message
from hotline.feedback.services.knowledge import question_create
from hotline.feedback.services.trust import interview_plan, interview_record
from hotline.quality import services
from hotline.quality.models import Kind, Session
from hotline.quality.tests.helpers import period_calls
from tests.e2e.conftest import click_nav

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-11-12T09:30"),  # a Thursday morning: live monitoring time
]


def _live_session(personas) -> Session:
    today = timezone.localdate()
    period = Period.of(today)
    period_calls(personas.agent, 4, first=today - dt.timedelta(days=3))
    plan = services.plan_generate(center=personas.center, period=period, today=period.start)
    slot = plan.slots.get(agent=personas.agent, kind=Kind.LIVE)
    slot.date = today
    slot.save()
    return services.live_session_start(slot=slot)


def test_the_monitor_alerts_the_agent_and_team_leader_during_the_live_call(personas, sign_in, page):
    session = _live_session(personas)
    sign_in(personas.monitor)
    page.goto(f"/quality/sessions/{session.pk}/")
    first = page.locator(".qa-call").first
    first.locator('.qa-item[data-item="attitude.02"] input[value=no]').check()
    first.locator('.qa-item[data-item="attitude.02"] .qa-comment').fill("与客户争执")
    button = first.locator("button.qa-alert")
    assert button.inner_text() == "发送致命错误提醒"
    button.click()
    status = first.locator(".qa-alert-done")
    page.wait_for_function("el => el.textContent.includes('已提醒')", arg=status.element_handle())
    assert "张三" in status.inner_text() and "赵组长" in status.inner_text()
    button.dblclick()  # a double click sends nothing more
    page.wait_for_function("el => el.textContent.includes('未重复发送')", arg=status.element_handle())
    assert Message.objects.filter(kind="alert", recipient=personas.agent).count() == 1
    assert Message.objects.filter(kind="alert", recipient=personas.leader).count() == 1
    session.refresh_from_db()
    assert session.status == Session.Status.DRAFT  # before the session is submitted
    assert page.url.endswith(f"/quality/sessions/{session.pk}/")  # no reload, no navigation

    for person in (personas.agent, personas.leader):
        page.context.clear_cookies()
        sign_in(person)
        page.goto("/feedback/inbox/")
        assert "致命错误" in page.inner_text("main")


def test_the_agent_reads_their_interview_and_takes_the_knowledge_test(personas, sign_in, page):
    now = timezone.localtime()
    i = interview_plan(agent=personas.agent, interviewer=personas.leader, topic="订单复述规范",
                       planned_for=now - dt.timedelta(hours=1))  # fmt: skip
    interview_record(interview=i, held_at=now - dt.timedelta(hours=1), said="复述订单漏了数量",
                     actions="每天练习复述 5 个订单", agent_response="同意",
                     follow_up=now.date() + dt.timedelta(days=14), by=personas.leader)  # fmt: skip
    for text, choices, right in [("每次实时监听须监听几通电话？", ["3 通", "4 通", "5 通"], "1"),
                                 ("致命错误使该通电话得几分？", ["0 分", "50 分"], "0")]:  # fmt: skip
        question_create(center=personas.center, topic="process", text=text, choices=choices, correct=[right],
                        by=personas.trainer)  # fmt: skip

    sign_in(personas.agent)
    click_nav(page, "我的成绩")
    table = page.locator("#my-interviews")
    assert "订单复述规范" in table.inner_text() and "每天练习复述 5 个订单" in table.inner_text()
    table.locator("a", has_text="订单复述规范").click()
    assert "同意" in page.inner_text("#interview")

    page.goto("/feedback/knowledge/")
    page.click("#start-test")
    page.wait_for_url("**/feedback/knowledge/*/")
    assert "每次实时监听须监听几通电话？" in page.inner_text("main")
    page.get_by_label("4 通", exact=True).check()
    page.get_by_label("0 分", exact=True).check()
    page.click("#submit-test")
    page.wait_for_selector("#result")
    assert "通过" in page.inner_text("#result") and "100" in page.inner_text("#result")
    a = KnowledgeAttempt.objects.get(candidate=personas.agent)
    assert a.passed and a.score == 100
