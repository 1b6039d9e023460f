"""Issue 13.6 on the feedback pages: analyses once each with their center, dispute rates of the viewer's
center only, the agent's evaluation page with its evaluator and player, no raw audit data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.feedback.models import Analysis
from hotline.feedback.services.disputes import dispute_decide, dispute_open
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory

from .helpers import NON_CRITICAL, submitted_session

ITEM = NON_CRITICAL[2]


@pytest.fixture
def world(personas):
    p = personas
    p.reviewer = PersonFactory(center=p.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201")
    p.rec = submitted_session(p.agent, p.monitor, failed=[ITEM])
    p.ev = p.rec.evaluations.order_by("order").first()
    return p


def test_analyses_are_listed_once_each_with_their_center(world, login):
    other_monitor = PersonFactory(
        center=world.other_center, role=Role.QA_MONITOR, name="钱质检", work_number="9200"
    )
    for center, mon in ((world.center, world.monitor), (world.other_center, other_monitor)):
        Analysis.objects.create(center=center, monitor=mon, scope="half", period="2026-11-H1")
    page = login(world.admin).get(reverse("feedback:analyses")).content.decode()
    table = page.split('id="analyses"')[1].split("</table>")[0]
    assert table.count("<tr>") == 3  # header + one row per analysis
    assert "廊坊中心" in table and "黄岛中心" in table


def test_the_evaluator_dispute_rates_count_only_the_viewers_center(world, login):
    # the same monitor also scored an agent of the other center, who disputed it
    other = submitted_session(world.other_agent, world.monitor, prefix="OTHER")
    dispute_open(evaluation=other.evaluations.first(), agent=world.other_agent, reason="不同意")
    dispute_open(evaluation=world.ev, agent=world.agent, reason="不同意", items=[ITEM])
    rates = login(world.manager).get(reverse("feedback:disputes")).context["rates"]
    row = next(r for r in rates if r["person"] == world.monitor)
    assert (row["evaluations"], row["disputes"]) == (5, 1)
    api = login(world.manager).get("/api/feedback/disputes/rates").json()
    assert next(r for r in api["rates"] if r["evaluator"] == "8200")["disputes"] == 1


def test_the_agents_evaluation_page_shows_the_evaluator_and_a_player(world, login):
    page = login(world.agent).get(reverse("feedback:dispute_new", args=[world.ev.pk])).content.decode()
    assert "钱质检" in page  # the evaluator, by name
    assert f'src="{reverse("calls:audio", args=[world.ev.call_id])}"' in page


def test_the_dispute_page_has_a_player_and_a_readable_trail(world, login):
    d = dispute_open(evaluation=world.ev, agent=world.agent, reason="我按规范做了", items=[ITEM])
    dispute_decide(dispute=d, reviewer=world.reviewer, outcome="adjusted", explanation="有复述",
                   answers={ITEM: "yes"}, comments={}, actor=world.reviewer.user)  # fmt: skip
    page = login(world.agent).get(reverse("feedback:dispute", args=[d.pk])).content.decode()
    assert "钱质检" in page and f'src="{reverse("calls:audio", args=[world.ev.call_id])}"' in page
    assert "{&#x27;" not in page and "{'" not in page and "feedback.dispute" not in page
    assert "quality.evaluation_change" not in page
    assert "复核决定" in page and "孙质检" in page
