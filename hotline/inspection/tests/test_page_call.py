"""The per-call result page: timeline, rule hits with evidence; agents never see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.inspection.services import call_inspect

from .helpers import BAD_TRANSCRIPT, inspected_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(personas):
    return call_inspect(
        call=inspected_call(personas.agent, "HDC1", transcript=BAD_TRANSCRIPT, seconds=60, hold=20)
    )


def test_the_page_draws_the_timeline_and_lists_failed_rules_with_evidence(personas, login, result):
    page = login(personas.monitor).get(reverse("inspection:call", args=[result.call_id])).content.decode()
    assert 'class="tl-agent"' in page and 'class="tl-customer"' in page and 'class="tl-hold"' in page
    assert "tl-mark-fail" in page
    assert "服务禁用语" in page and "不知道，你听不懂吗" in page
    assert reverse("calls:detail", args=[result.call_id]) in page


def test_the_agent_of_the_call_is_refused(personas, login, result):
    assert login(personas.agent).get(reverse("inspection:call", args=[result.call_id])).status_code == 403


def test_a_monitor_not_assigned_and_another_center_get_404(personas, login, result):
    personas.agent.monitors.clear()
    assert login(personas.monitor).get(reverse("inspection:call", args=[result.call_id])).status_code == 404
    assert login(personas.outsider).get(reverse("inspection:call", args=[result.call_id])).status_code == 404


def test_an_uninspected_call_is_404(personas, login):
    call = inspected_call(personas.agent, "HDC2")
    assert login(personas.manager).get(reverse("inspection:call", args=[call.pk])).status_code == 404
