"""The monitoring regime in the browser (§3): a QA monitor opens today's plan, scores a recording session
of five calls (one N.A., one critical failure) and submits; the agent then sees the session and the
monthly score, and cannot open another agent's session."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from hotline.core.periods import Period
from hotline.quality import services
from hotline.quality.models import Kind, Session
from hotline.quality.tests.helpers import good_data, period_calls
from tests.e2e.conftest import click_nav

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-11-12T09:30"),  # a Thursday of 2026-11-H1, mid-period
]


def _setup(personas):
    today = timezone.localdate()
    period = Period.of(today).previous()  # over: its recording sessions are held now (§3.1)
    period_calls(personas.agent, 8, first=period.start)
    period_calls(personas.peer, 6, first=period.start)
    plan = services.plan_generate(center=personas.center, period=period, today=period.start)
    slot = plan.slots.get(agent=personas.agent, kind=Kind.RECORDING)
    slot.date = today  # the journey starts from today's list
    slot.save()
    # the month already has a live session of the agent (score 100) and a session of a colleague
    live = services.live_session_start(slot=plan.slots.get(agent=personas.agent, kind=Kind.LIVE))
    services.session_submit(session=live, data={live.evaluations.first().pk: good_data()})
    other = services.recording_session_start(slot=plan.slots.get(agent=personas.peer, kind=Kind.RECORDING))
    services.session_submit(session=other, data={e.pk: good_data() for e in other.evaluations.all()})
    return other


def test_a_monitor_scores_a_recording_session_and_the_agent_sees_it(personas, sign_in, page):
    other = _setup(personas)

    sign_in(personas.monitor)
    click_nav(page, "今日监听")
    row = page.locator('tr[data-agent="8001"][data-kind="recording"]')
    row.locator("button").click()
    page.wait_for_url(re.compile(r"/quality/sessions/\d+/$"))
    assert page.locator(".qa-tab").count() == 5
    assert page.locator(".qa-why").first.inner_text()  # why the call was picked, in words

    for i in range(5):
        panel = page.locator(f'.qa-panel[data-index="{i}"]')
        assert panel.is_visible()
        # every item "yes" quickly, the ones that matter by hand
        panel.evaluate(
            "p => p.querySelectorAll('input[type=radio][value=yes]').forEach(r => r.checked = true)"
        )
        if i == 0:
            panel.locator('.qa-item[data-item="courtesy.01"] input[value=na]').check()
        if i == 1:
            panel.locator('.qa-item[data-item="attitude.02"] input[value=no]').check()
            panel.locator('.qa-item[data-item="attitude.02"] .qa-comment').fill("讽刺客户")
        panel.locator("textarea[name$=-strengths]").fill("问候规范")
        panel.locator("textarea[name$=-improvements]").fill("语速稍快")
        page.locator("h1").click()  # leave the text box so the shortcut reaches the page
        page.keyboard.press("n")
    assert page.locator('.qa-panel[data-index="0"]').is_visible()  # n wrapped around to the first

    page.click("#qa-submit")
    page.wait_for_load_state()
    assert "已提交" in page.inner_text("h1")
    session = Session.objects.get(agent=personas.agent, kind=Kind.RECORDING)
    assert session.status == Session.Status.SUBMITTED and session.score == pytest.approx(80)
    assert "80.0" in page.inner_text("h1")

    page.context.clear_cookies()
    sign_in(personas.agent)
    click_nav(page, "我的质检")
    body = page.inner_text("main")
    assert "80.0" in body and "选取原因" in body
    assert page.locator(".qa-composite").inner_text() == f"{0.7 * 80 + 0.3 * 100:.1f}"
    assert "致命错误" in body  # the major-error alert reached the agent's inbox
    page.locator(f'a[href="/quality/sessions/{session.pk}/"]').click()
    assert "80.0" in page.inner_text("h1")

    resp = page.goto(f"/quality/sessions/{other.pk}/")
    assert resp.status == 404
