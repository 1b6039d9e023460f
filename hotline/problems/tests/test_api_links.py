"""Knowledge-base links through the API (§9, §10): list, add, remove, suggestions — the page rules."""

from hotline.calls.tests.test_api import bearer
from hotline.org.models import AuditEntry
from hotline.problems.models import ArticleLink
from hotline.problems.services import article_link_add
from hotline.quality.models import Session

from .test_article_links import world  # noqa: F401  (the fixture)

LINKS = "/api/problems/links"


def _submit(w):
    Session.objects.filter(pk=w.ev.session_id).update(status=Session.Status.SUBMITTED)


def _post(client, person, body):
    return client.post(LINKS, body, content_type="application/json", **bearer(person))


def test_the_scorer_links_an_article_to_an_item_and_lists_it(client, world):  # noqa: F811
    item = world.ev.form.core().items[0].key
    r = _post(
        client, world.monitor, {"article": world.change.pk, "evaluation": world.ev.pk, "item_key": item}
    )
    assert r.status_code == 201, r.content
    assert r.json()["title"] == "改单口径" and r.json()["item_key"] == item
    assert AuditEntry.objects.filter(action="problems.article_link").exists()
    got = client.get(f"/api/problems/evaluations/{world.ev.pk}/links", **bearer(world.monitor)).json()
    assert [(x["article_id"], x["item_key"]) for x in got] == [(world.change.pk, item)]


def test_an_unknown_item_is_refused_with_the_services_message(client, world):  # noqa: F811
    r = _post(
        client, world.monitor, {"article": world.change.pk, "evaluation": world.ev.pk, "item_key": "zz"}
    )
    assert r.status_code == 400 and r.json()["detail"] == "评分表中没有该项目"
    r = _post(client, world.monitor, {"article": world.change.pk})
    assert r.status_code == 400


def test_suggestions_are_the_reason_nodes_articles_nearest_first(client, world):  # noqa: F811
    article_link_add(article=world.order, evaluation=world.ev)
    got = client.get(f"/api/problems/evaluations/{world.ev.pk}/suggestions", **bearer(world.monitor)).json()
    assert [(a["title"], a["linked"]) for a in got] == [("改单口径", False), ("订货须知", True)]


def test_wrong_roles_are_refused_and_other_centers_get_404(client, world):  # noqa: F811
    body = {"article": world.change.pk, "evaluation": world.ev.pk}
    assert _post(client, world.outsider, body).status_code == 404
    assert _post(client, world.agent, body).status_code == 404  # a draft of their own: not theirs to see yet
    assert _post(client, world.leader, body).status_code == 404  # a draft: only who scores it
    _submit(world)
    assert _post(client, world.leader, body).status_code == 403
    assert _post(client, world.agent, body).status_code == 403
    sug = f"/api/problems/evaluations/{world.ev.pk}/suggestions"
    assert client.get(sug, **bearer(world.leader)).status_code == 403
    assert client.get(sug, **bearer(world.outsider)).status_code == 404
    assert not ArticleLink.objects.exists()


def test_a_trainer_links_and_removes_an_article_on_a_training_entry(client, world):  # noqa: F811
    r = _post(client, world.trainer, {"article": world.order.pk, "training": world.entry.pk})
    assert r.status_code == 201 and r.json()["training_entry"] == world.entry.pk
    got = client.get(f"/api/problems/training/{world.entry.pk}/links", **bearer(world.manager)).json()
    assert [x["article_id"] for x in got] == [world.order.pk]
    link = ArticleLink.objects.get()
    assert client.delete(f"{LINKS}/{link.pk}", **bearer(world.agent)).status_code in (403, 404)
    assert client.delete(f"{LINKS}/{link.pk}", **bearer(world.outsider)).status_code == 404
    assert _post(
        client, world.monitor, {"article": world.order.pk, "training": world.entry.pk}
    ).status_code in (
        403,
        404,
    )
    assert client.delete(f"{LINKS}/{link.pk}", **bearer(world.trainer)).status_code == 204
    assert not ArticleLink.objects.exists()
    assert AuditEntry.objects.filter(action="problems.article_unlink").exists()


def test_the_scorer_removes_an_evaluation_link_a_team_leader_may_not(client, world):  # noqa: F811
    link = article_link_add(article=world.change, evaluation=world.ev)
    _submit(world)
    assert client.delete(f"{LINKS}/{link.pk}", **bearer(world.leader)).status_code == 403
    assert client.delete(f"{LINKS}/{link.pk}", **bearer(world.monitor)).status_code == 204


def test_without_a_token_the_links_api_refuses(client, world):  # noqa: F811
    assert client.get(f"/api/problems/evaluations/{world.ev.pk}/links").status_code == 401


def test_the_openapi_schema_lists_the_link_paths(client):
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert {
        LINKS,
        LINKS + "/{pk}",
        "/api/problems/evaluations/{pk}/links",
        "/api/problems/evaluations/{pk}/suggestions",
        "/api/problems/training/{pk}/links",
    } <= paths
