"""The phone feedback page of a live session (§3.6/§4): the session's monitor logs who, when, what was
said and the agent's response; wrong role and other center refused."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.feedback.models import Interview
from hotline.quality.models import Kind

from .helpers import submitted_session

pytestmark = pytest.mark.clock("2026-11-20T10:00")


@pytest.fixture
def live(personas):
    return submitted_session(personas.agent, personas.monitor, kind=Kind.LIVE, day=dt.date(2026, 11, 19))


def test_the_monitor_logs_the_phone_feedback_and_the_agent_reads_it(personas, live, login):
    client = login(personas.monitor)
    assert "电话反馈" in client.get(f"/feedback/phone/{live.pk}/").content.decode()
    resp = client.post(f"/feedback/phone/{live.pk}/", {"held_date": "2026-11-19", "held_time": "11:40",
                                                         "said": "第2通复述漏了数量", "agent_response": "明白"})  # fmt: skip
    row = Interview.objects.get(session=live)
    assert resp.status_code == 302 and row.kind == Interview.Kind.PHONE and row.agent_response == "明白"
    page = login(personas.agent).get("/feedback/my/").content.decode()
    assert "电话反馈" in page and "实时监听结果电话反馈" in page


def test_an_unreadable_time_is_a_400_that_keeps_the_text(personas, live, login):
    r = login(personas.monitor).post(f"/feedback/phone/{live.pk}/", {"held_date": "2026-11-19", "held_time": "xx",
                                                                     "said": "保留我"})  # fmt: skip
    assert r.status_code == 400 and "保留我" in r.content.decode() and not Interview.objects.exists()


def test_wrong_role_and_other_center_are_refused(personas, live, login):
    assert login(personas.agent).get(f"/feedback/phone/{live.pk}/").status_code == 403
    assert login(personas.leader).get(f"/feedback/phone/{live.pk}/").status_code == 403
    assert login(personas.outsider).get(f"/feedback/phone/{live.pk}/").status_code == 404
    assert login(personas.monitor).get("/feedback/phone/999999/").status_code == 404
    rec = submitted_session(personas.peer, personas.monitor, day=dt.date(2026, 11, 19))
    assert login(personas.monitor).get(f"/feedback/phone/{rec.pk}/").status_code == 403
