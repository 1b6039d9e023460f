"""Knowledge base pages (§9): searchable, versioned; agents read only; planners refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.problems.models import Article
from hotline.problems.services import article_save


@pytest.fixture
def art(personas):
    return article_save(node_path="订货-修改订单", kind="script", title="改单口径", body="先核对订单号再修改")


def test_an_agent_finds_an_article_by_a_word_of_its_body_and_reads_it(personas, login, art):
    c = login(personas.agent)
    r = c.get(reverse("problems:kb"), {"q": "订单号"})
    assert r.status_code == 200 and list(r.context["articles"]) == [art]
    assert list(c.get(reverse("problems:kb"), {"q": "退货"}).context["articles"]) == []
    assert "先核对订单号" in c.get(reverse("problems:article", args=[art.pk])).content.decode()


def test_an_agent_may_not_write_an_article(personas, login, art):
    c = login(personas.agent)
    assert c.get(reverse("problems:article_new")).status_code == 403
    assert c.post(reverse("problems:article_edit", args=[art.pk]), {"title": "x"}).status_code == 403


def test_a_trainer_writes_and_edits_an_article_which_keeps_its_versions(personas, login):
    c = login(personas.trainer)
    data = {"node_path": "订货-修改订单", "kind": "process", "title": "改单流程", "body": "一、核对"}
    r = c.post(reverse("problems:article_new"), data)
    a = Article.objects.get()
    assert r.status_code == 302 and a.version == 1
    c.post(reverse("problems:article_edit", args=[a.pk]), {**data, "body": "一、核对 二、修改"})
    a.refresh_from_db()
    assert a.version == 2 and a.revisions.count() == 2
    assert "v2" in c.get(reverse("problems:article", args=[a.pk])).content.decode()


def test_articles_are_filtered_by_node_including_its_children(personas, login, art):
    c = login(personas.manager)
    assert list(c.get(reverse("problems:kb"), {"node": "订货"}).context["articles"]) == [art]
    assert list(c.get(reverse("problems:kb"), {"node": "投诉"}).context["articles"]) == []


def test_a_planner_may_not_read_the_knowledge_base(personas, login, art):
    c = login(personas.planner)
    assert c.get(reverse("problems:kb")).status_code == 403
    assert c.get(reverse("problems:article", args=[art.pk])).status_code == 403
