"""Inspection suggestions as hints beside each item of the recording session page (§8): shown to
the QA monitor with a one-click "采用建议" (never pre-submitted), never to the agent."""

from __future__ import annotations

import re

import pytest

from hotline.inspection.services import call_inspect, transcript_save
from hotline.inspection.templatetags.inspection_tags import item_hints
from hotline.quality.tests.conftest import plan, rec_session  # noqa: F401  (fixtures)

from .helpers import BAD_TRANSCRIPT

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected(rec_session):  # noqa: F811
    call = rec_session.evaluations.first().call
    transcript_save(call=call, segments=BAD_TRANSCRIPT, source="test")
    call_inspect(call=call)
    return rec_session


def _item_block(page: str, key: str) -> str:
    m = re.search(rf'<div class="qa-item[^"]*" data-item="{re.escape(key)}">(.*?)</div>\s*(?=<div class="qa-item|</fieldset>)', page, re.S)  # fmt: skip
    assert m, key
    return m.group(1)


def test_the_monitor_sees_each_suggestion_beside_its_item_with_evidence_and_time(personas, login, inspected):
    page = login(personas.monitor).get(f"/quality/sessions/{inspected.pk}/").content.decode()
    forbidden = _item_block(page, "attitude.02")
    assert "建议：否 — 服务禁用语：不知道，你听不懂吗 (00:05)" in forbidden and "采用建议" in forbidden
    assert "建议：否 — 开头问候：未找到要求的话术" in _item_block(page, "courtesy.01")
    assert "自动质检建议" in page


def test_suggestions_are_never_pre_submitted_answers(personas, login, inspected):
    ev = inspected.evaluations.first()
    page = login(personas.monitor).get(f"/quality/sessions/{inspected.pk}/").content.decode()
    assert f'name="e{ev.pk}-attitude.02" value="no" checked' not in page.replace("\n", "")
    ev.refresh_from_db()
    assert ev.answers == {}


def test_the_agent_never_sees_inspection_hints(personas, login, inspected):
    page = login(personas.agent).get(f"/quality/sessions/{inspected.pk}/").content.decode()
    assert "自动质检建议" not in page and "建议：" not in page and "采用建议" not in page


def test_an_item_whose_rules_all_passed_is_suggested_yes_and_na_items_are_left_out():
    hints = item_hints([
        {"key": "a", "title": "问候", "item": "x.1", "status": "pass", "evidence": []},
        {"key": "b", "title": "等待", "item": "x.2", "status": "na", "note": "不适用", "evidence": []},
        {"key": "c", "title": "禁用语", "item": "x.3", "status": "fail", "note": "出现禁止内容",
         "evidence": [{"text": "你听不懂吗", "start": 63.4}]},
    ])  # fmt: skip
    assert hints == {
        "x.1": {"answer": "yes", "evidence": "问候", "at": None},
        "x.3": {"answer": "no", "evidence": "禁用语：你听不懂吗", "at": "01:03"},
    }
