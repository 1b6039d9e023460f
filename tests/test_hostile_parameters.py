"""No page, export or API endpoint answers a hostile parameter with a server error (issue 10 finding 6).

Walks the whole URL configuration (like ``test_every_page_checks_who_asks``) as an administrator and as
a manager. For every route it sends the query parameters its views module reads (found in the source,
so a new parameter is covered without editing this file) — and, for the API, the parameters of the
OpenAPI schema — set to hostile values: non-numeric ids, numbers beyond 64 bits, ``3e31``, NaN,
impossible months and dates, years out of range, empty values and a NUL byte; path ids beyond 64
bits; and the same values as POST form fields. Every answer must be below 500.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import re
from functools import cache

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

HUGE = "99999999999999999999999"
HOSTILE = ["abc", HUGE, "3e31", "-1", "", "2026-13", "0001-01", "9999-12-31", "NaN", "1.5", "a\x00b"]
PATH_HOSTILE = ["1", HUGE, "9223372036854775808"]
_READ = re.compile(r"""(?:GET|POST|data|query)(?:\.get\(|\[)\s*["']([a-z_]+)["']""")


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def _fill(route: str, value: str) -> str:
    path = re.sub(r"<int:[^>]+>", value, route)
    path = re.sub(r"<(?:str|slug):[^>]+>", "x", path)
    path = re.sub(r"<[^>]+>", value, path)
    return "/" + path


@cache
def _module_params(module_name: str) -> tuple[str, ...]:
    """Parameter names a views module reads from ``request.GET``/``POST`` (and its bound filter forms)."""
    module = importlib.import_module(module_name)
    names = set(_READ.findall(inspect.getsource(module)))
    for obj in vars(module).values():  # forms bound to request.GET (calls search, risk filter)
        if inspect.isclass(obj) and hasattr(obj, "base_fields") and obj.__module__.startswith("hotline"):
            names.update(obj.base_fields)
    names |= {"center", "page", "month", "date", "from", "to", "limit", "offset"}
    return tuple(sorted(names))


@cache
def _api_params() -> dict[str, tuple[str, ...]]:
    """OpenAPI path → its query parameter names (GET operations)."""
    from hotline.api import api

    schema = api.get_openapi_schema(path_prefix="/api")
    out = {}
    for path, ops in schema["paths"].items():
        names = [p["name"] for p in ops.get("get", {}).get("parameters", []) if p["in"] == "query"]
        out[re.sub(r"\{[^}]+\}", "{}", path)] = tuple(names)
    return out


def _routes():
    seen = {}
    for route, callback in walk(get_resolver().url_patterns):
        if route.startswith("admin/") or "(?P" in route or "^" in route or route.startswith("i18n/"):
            continue
        if route in {"login/", "logout/", "api/openapi.json", "api/docs"}:
            continue
        seen.setdefault(route, callback)
    return sorted(seen.items())


ROUTES = _routes()


def _own_params(callback) -> set[str]:
    """The parameters the view function itself reads (its source)."""
    try:
        return set(_READ.findall(inspect.getsource(inspect.unwrap(callback))))
    except (OSError, TypeError):
        return set()


def _params_for(route: str, callback) -> tuple[str, ...]:
    if route.startswith("api/"):
        key = "/" + re.sub(r"<[^>]+>", "{}", route).rstrip("/")
        return _api_params().get(key, ()) or _api_params().get(key + "/", ())
    return _module_params(callback.__module__)


def test_the_walk_reads_the_parameters():
    assert len(ROUTES) > 150
    names = {n for r, c in ROUTES for n in _params_for(r, c)}
    assert {"skill", "run", "plan", "shift", "center", "by", "month", "limit"} <= names


@pytest.fixture
def as_role(client, personas, settings, monkeypatch):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    # the failures are listed by the assertion; the logged tracebacks would only bury them
    monkeypatch.setattr(logging.getLogger("django.request"), "disabled", True)

    def _as(role):
        person = getattr(personas, role)
        person.user.is_superuser = role == "admin"
        person.user.save()
        client.force_login(person.user)
        client.raise_request_exception = False
        return client

    return _as


@pytest.mark.slow  # ~440 cases, a few minutes on one core
@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "manager"])
@pytest.mark.parametrize("route,callback", ROUTES, ids=[r for r, _ in ROUTES])
def test_hostile_parameters_never_crash(as_role, role, route, callback):
    client = as_role(role)
    names = _params_for(route, callback)
    failures = []

    def check(method, path, data):
        r = method(path, data)
        if r.status_code >= 500:
            shown = data if len(data) <= 3 else f"{len(data)} params = {next(iter(data.values()))!r}"
            exc = getattr(r, "exc_info", None)
            why = f"{exc[0].__name__}: {str(exc[1])[:80]}" if exc else ""
            failures.append(f"{method.__name__.upper()} {path} {shown} → {r.status_code} {why}")

    path_values = PATH_HOSTILE if "<" in route else ["1"]
    for pv in path_values:
        path = _fill(route, pv)
        check(client.get, path, {})
        for v in HOSTILE:
            check(client.get, path, {n: v for n in names})
        if pv == "1":
            for n in _own_params(callback):  # one at a time: an early refusal of another hides nothing
                for v in ("abc", HUGE):
                    check(client.get, path, {n: v})
            if not route.startswith("api/"):
                for v in ("abc", HUGE, "3e31", "a\x00b"):
                    check(client.post, path, {n: v for n in names})
    assert not failures, "\n".join(failures)
