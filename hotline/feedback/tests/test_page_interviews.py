"""The interviews pages (§4 面谈): plan, record, the agent reads theirs; wrong role and other center."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.feedback.models import Interview
from hotline.feedback.services.trust import interview_plan

SH = dt.timezone(dt.timedelta(hours=8))
pytestmark = pytest.mark.clock("2026-11-20T10:00")


@pytest.fixture
def planned(personas):
    return interview_plan(agent=personas.agent, interviewer=personas.leader, topic="复述订单",
                          planned_for=dt.datetime(2026, 11, 21, 15, 0, tzinfo=SH))  # fmt: skip


def test_a_team_leader_plans_an_interview_with_an_agent_of_the_team(personas, login):
    client = login(personas.leader)
    page = client.get("/feedback/interviews/").content.decode()
    assert "计划面谈" in page and "张三" in page and "王五" not in page  # other team
    resp = client.post("/feedback/interviews/", {"agent": personas.agent.pk, "topic": "礼貌用语",
                                                 "planned_date": "2026-11-23", "planned_time": "16:30"})  # fmt: skip
    row = Interview.objects.get(topic="礼貌用语")
    assert resp.status_code == 302 and row.interviewer == personas.leader
    assert row.planned_for == dt.datetime(2026, 11, 23, 16, 30, tzinfo=SH)


def test_hostile_plan_input_is_a_400_in_chinese_that_keeps_the_topic(personas, login):
    client = login(personas.leader)
    r = client.post(
        "/feedback/interviews/",
        {"agent": personas.stranger.pk, "topic": "礼貌", "planned_date": "2026-11-23"},
    )
    assert r.status_code == 400 and "请选择自己负责的座席员" in r.content.decode()
    r = client.post(
        "/feedback/interviews/",
        {"agent": personas.agent.pk, "topic": "礼貌用语很重要", "planned_date": "2026-13-40"},
    )
    assert r.status_code == 400 and "礼貌用语很重要" in r.content.decode()
    r = client.post("/feedback/interviews/", {"agent": "abc", "topic": "x", "planned_date": "2026-11-23"})
    r2 = client.post("/feedback/interviews/", {"agent": personas.agent.pk, "topic": "x", "planned_date": "2026-11-23",
                                               "planned_time": "25:99"})  # fmt: skip
    assert r.status_code == 400 and r2.status_code == 400 and not Interview.objects.exists()


def test_the_interviewer_records_it_and_the_agent_sees_it_on_their_pages(personas, planned, login):
    resp = login(personas.leader).post(f"/feedback/interviews/{planned.pk}/", {
        "held_date": "2026-11-20", "held_time": "09:30", "said": "复述订单漏数量", "actions": "每天练习复述",
        "agent_response": "同意", "follow_up": "2026-12-04"})  # fmt: skip
    assert resp.status_code == 302
    planned.refresh_from_db()
    assert planned.status == Interview.Status.HELD and planned.follow_up == dt.date(2026, 12, 4)
    agent = login(personas.agent)
    page = agent.get(f"/feedback/interviews/{planned.pk}/").content.decode()
    assert "每天练习复述" in page and "2026-12-04" in page and "record-interview" not in page
    assert "每天练习复述" in agent.get("/feedback/my/").content.decode()
    assert "复述订单" in agent.get("/feedback/interviews/").content.decode()
    assert agent.post(f"/feedback/interviews/{planned.pk}/", {"said": "x"}).status_code == 403


def test_a_missing_record_field_is_a_400_that_keeps_what_was_typed(personas, planned, login):
    r = login(personas.leader).post(f"/feedback/interviews/{planned.pk}/", {
        "held_date": "2026-11-20", "held_time": "09:30", "said": "", "actions": "保留这段文字"})  # fmt: skip
    assert r.status_code == 400 and "保留这段文字" in r.content.decode()


def test_wrong_role_and_other_center_are_refused(personas, planned, login):
    assert login(personas.planner).get("/feedback/interviews/").status_code == 403
    assert login(personas.planner).get(f"/feedback/interviews/{planned.pk}/").status_code == 404
    assert login(personas.peer).get(f"/feedback/interviews/{planned.pk}/").status_code == 404  # another agent
    assert login(personas.outsider).get(f"/feedback/interviews/{planned.pk}/").status_code == 404
    assert "复述订单" not in login(personas.outsider).get("/feedback/interviews/").content.decode()
    assert (
        login(personas.agent).post("/feedback/interviews/", {"agent": personas.agent.pk}).status_code == 403
    )
    assert (
        login(personas.manager).post(f"/feedback/interviews/{planned.pk}/", {"said": "x"}).status_code == 403
    )
    assert login(personas.manager).get(f"/feedback/interviews/{planned.pk}/").status_code == 200


def test_the_page_reads_in_english_too(personas, planned, login):
    client = login(personas.leader)
    page = client.get("/feedback/interviews/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>" in page
