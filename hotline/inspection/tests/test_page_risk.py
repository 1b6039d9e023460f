"""The risk-ranked call list: highest risk first, filters, scope per role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.inspection.services import call_inspect

from .helpers import BAD_TRANSCRIPT, GOOD_TRANSCRIPT, inspected_call

pytestmark = pytest.mark.django_db
URL = reverse("inspection:risk")


@pytest.fixture
def results(personas):
    bad = call_inspect(call=inspected_call(personas.agent, "HDK1", transcript=BAD_TRANSCRIPT))
    good = call_inspect(call=inspected_call(personas.peer, "HDK2", transcript=GOOD_TRANSCRIPT))
    other = call_inspect(call=inspected_call(personas.stranger, "HDK3", transcript=BAD_TRANSCRIPT))
    return bad, good, other


def test_calls_are_ranked_by_risk_and_link_to_the_call_page(personas, login, results):
    page = login(personas.manager).get(URL).content.decode()
    assert page.index("HDK1") < page.index("HDK2")
    assert reverse("inspection:call", args=[results[0].call_id]) in page


def test_the_minimum_risk_filter_hides_low_risk_calls(personas, login, results):
    page = login(personas.manager).get(URL, {"min_risk": results[0].risk}).content.decode()
    assert "HDK1" in page and "HDK2" not in page


def test_a_qa_monitor_sees_only_assigned_agents(personas, login, results):
    page = login(personas.monitor).get(URL).content.decode()
    assert "HDK1" in page and "HDK2" in page and "HDK3" not in page


@pytest.mark.parametrize("who", ["agent", "leader", "planner", "trainer"])
def test_other_roles_are_refused(personas, login, results, who):
    assert login(getattr(personas, who)).get(URL).status_code == 403
