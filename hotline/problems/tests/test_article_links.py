"""Knowledge-base articles linked from evaluations and training entries (§9, last line)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hotline.calls.models import Call
from hotline.feedback.models import TrainingEntry
from hotline.org.models import AuditEntry
from hotline.problems.models import ArticleLink
from hotline.problems.selectors import articles_for_items
from hotline.problems.services import ProblemError, article_link_add, article_save
from hotline.quality.tests.helpers import all_yes


@pytest.fixture
def world(personas):
    from hotline.quality import services
    from hotline.quality.models import Kind
    from hotline.quality.tests.helpers import HELD, PERIOD, TODAY, period_calls

    period_calls(personas.agent, 8)
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    session = services.recording_session_start(
        slot=plan.slots.get(agent=personas.agent, kind=Kind.RECORDING), now=HELD
    )
    ev = session.evaluations.first()
    Call.objects.filter(pk=ev.call_id).update(reason="订货-修改订单")
    ev.refresh_from_db()
    personas.ev = ev
    personas.change = article_save(node_path="订货-修改订单", kind="script", title="改单口径", body="先核对")
    personas.order = article_save(node_path="订货", kind="knowledge", title="订货须知", body="…")
    personas.other = article_save(node_path="投诉", kind="process", title="投诉流程", body="…")
    personas.entry = TrainingEntry.objects.create(
        center=personas.center, period="2026-11-H1", item_key="skills.03", topic="订货引导",
        failure_rate=0.3, due_date=dt.date(2026, 12, 1),
    )  # fmt: skip
    return personas


def test_suggestions_are_the_articles_of_the_calls_reason_nearest_node_first(world):
    got = articles_for_items([], reason="订货-修改订单")
    assert [a.title for a in got] == ["改单口径", "订货须知"]


def test_suggestions_also_name_the_failed_items(world):
    a = article_save(node_path="其他", kind="script", title="复述订单信息要点", body="…")
    got = articles_for_items(["x.01"], reason="", item_texts={"x.01": "复述订单信息", "x.02": "问候"})
    assert got == [a]


def test_the_scorer_links_an_article_to_an_item_and_sees_it_on_the_session_page(world, login):
    client = login(world.monitor)
    url = reverse("quality:session", args=[world.ev.session_id])
    r = client.get(url)
    assert "改单口径" in r.content.decode()  # suggested
    item = world.ev.form.core().items[0].key
    r = client.post(
        reverse("problems:link_add"), {"evaluation": world.ev.pk, "article": world.change.pk, "item_key": item,
                                       "next": url},
    )  # fmt: skip
    assert r.status_code == 302 and r["Location"] == url
    link = ArticleLink.objects.get()
    assert link.evaluation == world.ev and link.item_key == item and link.article == world.change
    assert AuditEntry.objects.filter(action="problems.article_link").exists()
    html = client.get(url).content.decode()
    assert reverse("problems:article", args=[world.change.pk]) in html


def test_the_agent_sees_the_linked_article_on_my_quality_page_but_may_not_link(world, login):
    from hotline.quality import services

    article_link_add(article=world.change, evaluation=world.ev)
    session = world.ev.session
    data = {"answers": all_yes(), "comments": {}, "strengths": "问候规范", "improvements": "语速稍快"}
    services.session_submit(session=session, data={e.pk: data for e in session.evaluations.all()})
    client = login(world.agent)
    r = client.get(reverse("quality:mine") + "?month=2026-11")
    assert "改单口径" in r.content.decode()
    r = client.post(reverse("problems:link_add"), {"evaluation": world.ev.pk, "article": world.order.pk})
    assert r.status_code == 403
    link = ArticleLink.objects.get()
    assert client.post(reverse("problems:link_remove", args=[link.pk])).status_code == 403


def test_someone_who_cannot_see_the_session_gets_404(world, login):
    r = login(world.outsider).post(
        reverse("problems:link_add"), {"evaluation": world.ev.pk, "article": world.order.pk}
    )
    assert r.status_code == 404


def test_a_trainer_links_an_article_to_a_training_entry_shown_on_its_page(world, login):
    client = login(world.trainer)
    r = client.post(
        reverse("problems:link_add"), {"training": world.entry.pk, "article_id": str(world.order.pk)}
    )
    url = reverse("feedback:training_entry", args=[world.entry.pk])
    assert r.status_code == 302 and r["Location"] == url
    assert "订货须知" in client.get(url).content.decode()
    link = ArticleLink.objects.get(training_entry=world.entry)
    client.post(reverse("problems:link_remove", args=[link.pk]))
    assert not ArticleLink.objects.exists()


def test_a_qa_monitor_may_read_a_training_entry_but_not_link_it(world, login):
    r = login(world.monitor).post(
        reverse("problems:link_add"), {"training": world.entry.pk, "article": world.order.pk}
    )
    assert r.status_code == 403


def test_a_link_needs_exactly_one_target_and_a_known_item(world):
    with pytest.raises(ProblemError):
        article_link_add(article=world.order)
    with pytest.raises(ProblemError):
        article_link_add(article=world.order, evaluation=world.ev, item_key="nope.99")


def test_linking_twice_keeps_one_link(world):
    article_link_add(article=world.order, training_entry=world.entry)
    article_link_add(article=world.order, training_entry=world.entry)
    assert ArticleLink.objects.count() == 1
