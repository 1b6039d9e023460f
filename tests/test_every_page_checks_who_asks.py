"""Every page, export and API endpoint refuses an anonymous visitor (§1: access is checked everywhere).

Walks the whole URL configuration instead of trusting a list, so a new view without a check fails here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

OPEN = {"/login/", "/logout/", "/i18n/setlang/", "/api/openapi.json", "/api/docs", "/healthz"}


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def concrete(route: str) -> str | None:
    if route.startswith("admin/") or "(?P" in route or "^" in route:
        return None  # Django's own admin (staff login) and regex routes of third parties
    path = re.sub(r"<(?:int|id):[^>]+>", "1", route)
    path = re.sub(r"<(?:str|slug):[^>]+>", "x", path)
    path = re.sub(r"<[^>]+>", "x", path)
    return "/" + path


ROUTES = sorted({c for r in walk(get_resolver().url_patterns) if (c := concrete(r))})


def test_the_walk_finds_the_pages():
    assert len(ROUTES) > 150 and "/calls/" in ROUTES and "/api/calls" in ROUTES


@pytest.mark.django_db
@pytest.mark.parametrize("path", [r for r in ROUTES if r not in OPEN])
def test_an_anonymous_visitor_is_refused(client, path):
    for method in (client.get, client.post):
        r = method(path)
        refused = r.status_code in (401, 403, 404, 405) or (
            r.status_code == 302 and "/login/" in r.headers.get("Location", "")
        )
        assert refused, f"{method.__name__.upper()} {path} answered {r.status_code}"
