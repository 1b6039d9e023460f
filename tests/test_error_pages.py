"""404, 403 and 500 pages: in the reader's language, with the navigation where a request allows (issue 13.4)."""

from __future__ import annotations

import pytest
from django.test import Client

TEXT = {
    "zh-hans": {404: "页面不存在", 403: "没有权限", 500: "服务器出错", "home": "首页"},
    "en": {404: "Page not found", 403: "Access denied", 500: "Server error", "home": "Home"},
}


@pytest.fixture
def failing(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.error_urls"


def _client(person, lang):
    client = Client(raise_request_exception=False)
    if person is not None:
        client.force_login(person.user)
    if lang != "zh-hans":
        client.cookies["django_language"] = lang
    return client


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize(("url", "status"), [("/no-such-page/", 404), ("/calls/999999/", 404),
                                             ("/test-refused/", 403), ("/quality/forms/", 403)])  # fmt: skip
def test_not_found_and_refused_pages_are_localized_with_the_navigation(personas, failing, url, status, lang):
    resp = _client(personas.agent, lang).get(url)
    assert resp.status_code == status
    html = resp.content.decode()
    assert TEXT[lang][status] in html
    assert "<nav>" in html and TEXT[lang]["home"] in html and personas.agent.name in html
    assert "Not Found</h1>" not in html and "403 Forbidden" not in html
    assert f'<html lang="{lang}"' in html


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_server_error_page_is_localized_and_needs_no_request_context(personas, failing, lang):
    resp = _client(personas.agent, lang).get("/test-boom/")
    assert resp.status_code == 500
    html = resp.content.decode()
    assert TEXT[lang][500] in html and f'<html lang="{lang}"' in html
    assert 'href="/"' in html  # a way back home
    assert "boom" not in html  # no detail leaks


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_anonymous_visitors_get_the_localized_page_without_navigation(db, failing, lang):
    resp = _client(None, lang).get("/no-such-page/")
    assert resp.status_code == 404 and TEXT[lang][404] in resp.content.decode()


@pytest.mark.parametrize(("lang", "text"), [("zh-hans", "页面已过期"), ("en", "This page has expired")])
def test_a_form_without_its_csrf_token_gets_a_localized_explanation(personas, failing, lang, text):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.manager.user)
    if lang != "zh-hans":
        client.cookies["django_language"] = lang
    resp = client.post("/quality/forms/new/", {"key": "x"})
    assert resp.status_code == 403 and text in resp.content.decode()
