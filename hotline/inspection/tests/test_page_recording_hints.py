"""Inspection suggestions as hints on the recording session page (§8): shown to the QA monitor,
never to the agent."""

from __future__ import annotations

import pytest

from hotline.inspection.services import call_inspect, transcript_save
from hotline.quality.tests.conftest import plan, rec_session  # noqa: F401  (fixtures)

from .helpers import BAD_TRANSCRIPT

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected(rec_session):  # noqa: F811
    call = rec_session.evaluations.first().call
    transcript_save(call=call, segments=BAD_TRANSCRIPT, source="test")
    call_inspect(call=call)
    return rec_session


def test_the_monitor_sees_the_suggestions_next_to_the_items(personas, login, inspected):
    page = login(personas.monitor).get(f"/quality/sessions/{inspected.pk}/").content.decode()
    assert "自动质检建议" in page and 'data-item="attitude.02"' in page and "不知道" in page


def test_the_agent_never_sees_inspection_hints(personas, login, inspected):
    r = login(personas.agent).get(f"/quality/sessions/{inspected.pk}/")
    assert "自动质检建议" not in r.content.decode()
