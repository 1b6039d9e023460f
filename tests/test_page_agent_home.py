"""The agent's home page (issue 13): this month's scores and trend, unread messages and what is left to
acknowledge, next shifts, open disputes — only the agent's own, in Chinese and in English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hotline.feedback.models import Message
from hotline.feedback.services.disputes import dispute_open
from hotline.feedback.tests.helpers import NON_CRITICAL, submitted_session
from hotline.quality.models import Kind
from hotline.workforce.tests.helpers import make_shifts, published_roster

pytestmark = pytest.mark.clock("2026-11-10T10:00")


@pytest.fixture
def world(personas):
    p = personas
    # October: two recording sessions failing two items each; November: one item each, and a live one
    for day, period in ((dt.date(2026, 10, 5), "2026-10-H1"), (dt.date(2026, 10, 20), "2026-10-H2")):
        submitted_session(p.agent, p.monitor, failed=NON_CRITICAL[:2], day=day, period=period)
        submitted_session(p.agent, p.monitor, kind=Kind.LIVE, day=day, period=period)
    p.rec = submitted_session(p.agent, p.monitor, failed=NON_CRITICAL[:1], day=dt.date(2026, 11, 9))
    submitted_session(p.agent, p.monitor, kind=Kind.LIVE, day=dt.date(2026, 11, 9))
    submitted_session(p.peer, p.monitor, failed=NON_CRITICAL[:3], day=dt.date(2026, 11, 9))
    shifts = make_shifts(p.center)
    published_roster(p.center, p.team_a, dt.date(2026, 11, 11), {p.agent: "早休中", p.peer: "晚晚晚"}, shifts)
    Message.objects.create(recipient=p.agent, kind="urgent", title="今天下午系统升级")
    Message.objects.create(recipient=p.peer, kind="urgent", title="只给李四")
    evs = list(p.rec.evaluations.order_by("order"))
    dispute_open(evaluation=evs[0], agent=p.agent, reason="我问候了")
    return p


def _section(page: str, ident: str) -> str:
    return page.split(f'id="{ident}"')[1].split('class="tile"')[0].split("</p>")[0]


def test_the_agent_sees_month_scores_with_the_trend_in_chinese(world, login):
    page = login(world.agent).get(reverse("home")).content.decode()
    assert "本月成绩（2026年11月）" in page and "趋势与上月（2026年10月）相比" in page
    rec = _section(page, "score-recording")
    assert "97.0" in rec and "较上月 +3.0" in rec  # 100 − 3 against 100 − 6
    assert "↑" in _section(page, "score-composite")


def test_the_todo_lists_messages_evaluations_with_deadlines_and_the_open_dispute(world, login):
    page = login(world.agent).get(reverse("home")).content.decode()
    todo = page.split('id="todo"')[1].split('id="next-shifts"')[0]
    assert "今天下午系统升级" in todo and "只给李四" not in page
    assert "收件箱 " in todo and "条未读" in todo
    evaluations = todo.split('id="todo-evaluations"')[1].split("</table>")[0]
    assert evaluations.count("<tr>") == 1 + 10  # all published today (October's too): the first ten
    disputed = reverse("feedback:evaluation", args=[world.rec.evaluations.order_by("order").first().pk])
    assert f'href="{disputed}"' not in evaluations
    assert "2026-11-17" in evaluations  # the window's last day
    assert "孙质检" in todo or "待指派复核人" in todo or "钱质检" not in todo
    assert "2026-11-09 的评分" in todo.split('id="open-disputes"')[1]


def test_the_next_shifts_are_the_agents_own_published_ones(world, login):
    shifts = login(world.agent).get(reverse("home")).content.decode().split('id="next-shifts"')[1]
    assert "2026-11-11" in shifts and "早班" in shifts and "中班" in shifts and "晚班" not in shifts


def test_the_home_page_speaks_english_without_chinese_labels(world, login):
    c = login(world.agent)
    c.cookies["django_language"] = "en"
    page = c.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "November 2026" in page and "October 2026" in page
    assert "2026年" not in page


def test_other_roles_keep_the_general_home_and_nobody_sees_another_agents(world, login):
    for who in (world.monitor, world.manager, world.outsider, world.trainer):
        page = login(who).get(reverse("home")).content.decode()
        assert 'id="month-scores"' not in page
    peer = login(world.peer).get(reverse("home")).content.decode()
    assert "今天下午系统升级" not in peer and "2026-11-09 的评分" not in peer
    assert "只给李四" in peer
