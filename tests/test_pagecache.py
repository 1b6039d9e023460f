"""The page cache (hotline/pagecache.py, issue 16): a person's page served again only while nothing was
written, never to anyone else, never with a stale CSP nonce, a flash message or a file."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import override_settings

from hotline import pagecache

# Real commits (not the test's enclosing transaction): the version moves when a write commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cached(settings):
    """The page cache on for this test, as in production."""
    settings.HOTLINE_PAGE_CACHE_SECONDS = 30
    cache.clear()
    pagecache.install()
    try:
        yield
    finally:
        pagecache.uninstall()
        cache.clear()


def test_the_same_person_gets_the_page_again_from_the_cache_until_something_is_written(
    personas, login, cached
):
    from hotline.feedback.models import Message

    client = login(personas.agent)
    first = client.get("/feedback/inbox/")
    assert first.status_code == 200 and "X-Page-Cache" not in first
    again = client.get("/feedback/inbox/")
    assert again["X-Page-Cache"] == "hit" and again.content == first.content

    Message.objects.create(
        recipient=personas.agent, kind=Message.Kind.URGENT, title="停电应急演练通知", body=""
    )
    after = client.get("/feedback/inbox/")
    assert "X-Page-Cache" not in after and "停电应急演练通知" in after.content.decode()


def test_a_write_inside_a_transaction_counts_when_it_commits_not_before(personas, login, cached):
    from hotline.feedback.models import Message

    client = login(personas.agent)
    client.get("/feedback/inbox/")
    before = pagecache.data_version()
    with transaction.atomic():
        Message.objects.create(recipient=personas.agent, kind=Message.Kind.URGENT, title="一", body="")
        Message.objects.create(recipient=personas.agent, kind=Message.Kind.URGENT, title="二", body="")
        assert pagecache.data_version() == before  # not yet: a page built now still reads the old data
    assert pagecache.data_version() == before + 1  # one bump per transaction, at its commit
    assert "X-Page-Cache" not in client.get("/feedback/inbox/")


def test_raw_sql_writes_count_and_session_writes_do_not(personas, cached):
    before = pagecache.data_version()
    with connection.cursor() as cur:
        cur.execute("UPDATE org_person SET active = active WHERE id = %s", [personas.agent.pk])
    assert pagecache.data_version() == before + 1
    with connection.cursor() as cur:
        cur.execute("DELETE FROM django_session WHERE session_key = %s", ["nothing"])
    assert pagecache.data_version() == before + 1


def test_another_person_never_gets_my_page(personas, login, cached):
    mine = login(personas.agent).get("/quality/mine/")
    theirs = login(personas.peer).get("/quality/mine/")
    assert "X-Page-Cache" not in theirs
    assert personas.agent.name in mine.content.decode() and personas.agent.name not in theirs.content.decode()


def test_the_language_and_the_query_are_part_of_the_key(personas, login, cached):
    client = login(personas.agent)
    client.get("/feedback/inbox/")
    client.cookies["django_language"] = "en"
    english = client.get("/feedback/inbox/")
    assert "X-Page-Cache" not in english and 'lang="en"' in english.content.decode()
    assert "X-Page-Cache" not in client.get("/feedback/inbox/?page=1")


def test_a_cached_page_carries_this_requests_csp_nonce(personas, login, cached):
    client = login(personas.agent)
    first = client.get("/quality/mine/")
    again = client.get("/quality/mine/")
    assert again["X-Page-Cache"] == "hit"
    nonces = []
    for r in (first, again):
        header = re.search(r"'nonce-([^']+)'", r["Content-Security-Policy"]).group(1)
        assert f'nonce="{header}"' in r.content.decode()  # the inline scripts run
        nonces.append(header)
    assert nonces[0] != nonces[1]


def test_a_flash_message_is_shown_once_and_such_a_page_is_not_kept(personas, login, cached):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    client = login(personas.agent)
    client.get("/feedback/inbox/")  # kept
    storage = CookieStorage(type("R", (), {"COOKIES": {}})())
    storage.add(constants.SUCCESS, "已保存草稿")
    response_cookie = storage._encode(storage._loaded_messages + storage._queued_messages)
    client.cookies["messages"] = response_cookie
    shown = client.get("/feedback/inbox/")
    assert "X-Page-Cache" not in shown and "已保存草稿" in shown.content.decode()
    later = client.get("/feedback/inbox/")
    assert "已保存草稿" not in later.content.decode()


def test_refusals_and_files_are_not_kept(personas, login, cached):
    monitor = login(personas.monitor)
    for _ in range(2):
        refused = monitor.get("/quality/mine/")
        assert refused.status_code == 403 and "X-Page-Cache" not in refused
    manager = login(personas.manager)
    url = f"/reports/monthly/{personas.center.pk}/2026-11/xlsx/"
    for _ in range(2):
        xlsx = manager.get(url)
        assert xlsx.status_code == 200 and "X-Page-Cache" not in xlsx


def test_off_by_default_nothing_is_kept(personas, login, settings):
    settings.HOTLINE_PAGE_CACHE_SECONDS = 0
    client = login(personas.agent)
    client.get("/feedback/inbox/")
    assert "X-Page-Cache" not in client.get("/feedback/inbox/")


def test_production_refuses_a_page_cache_without_a_shared_cache(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from hotline.settings_security import harden
    from tests.test_production import GOOD_KEY

    monkeypatch.setenv("HOTLINE_PRODUCTION", "1")
    ns = {"SECRET_KEY": GOOD_KEY, "DEBUG": False, "HOTLINE_PAGE_CACHE_SECONDS": 15, "HOTLINE_CACHE_URL": ""}
    with pytest.raises(ImproperlyConfigured, match="HOTLINE_CACHE_URL"):
        harden(ns)


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": "redis://127.0.0.1:6379/9", "KEY_PREFIX": "hotline-test"}}
)  # fmt: skip
def test_the_version_is_shared_through_redis(personas):
    """Web workers and Celery workers are separate processes: the version lives in the shared cache."""
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/9", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from django.core.cache import caches

    caches["default"].delete(pagecache.VERSION_KEY)
    v = pagecache.data_version()
    pagecache.bump()
    raw = redis.Redis.from_url("redis://127.0.0.1:6379/9")
    assert any(k.endswith(pagecache.VERSION_KEY.encode()) for k in raw.keys("hotline-test*"))
    assert pagecache.data_version() == v + 1
    caches["default"].delete(pagecache.VERSION_KEY)
