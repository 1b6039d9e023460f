"""A short-lived per-person page cache, invalidated by any write to the database (issue 16, item 5).

Under load most page views are a person opening again a page they saw seconds before (the inbox, their
results, the month's report); the page is rebuilt from unchanged data each time. With
``HOTLINE_PAGE_CACHE_SECONDS`` > 0 a successful HTML answer to a GET is kept for that many seconds,
keyed by the **data version**, the person's session, the language and the full path with its query:

- *Who asks*: the key holds the session key, so one person's page is never served to anyone else (access
  rules run when the page is built; a login, a logout or a new session is a new key).
- *What changed*: every INSERT, UPDATE or DELETE sent through Django's database connections, in any
  process (web workers, Celery workers, commands), increments the data version when its transaction
  commits (:func:`install`), so no page built before a write is served after it. Session, login-attempt
  and cache tables do not count (they change on every login, not the data a page shows).
- *What time it is*: pages that show "today" or the current interval are at most that many seconds old.

Not cached: other methods, anonymous requests, answers other than 200, non-HTML (files, exports, JSON
progress), streaming answers, answers setting a cookie, and pages shown with a flash message (it must
be shown once). A process where the setting is 0 (the default; tests) installs nothing.

The version and the pages live in Django's default cache. With several processes (``hotline serve
--production``) that cache must be shared: ``HOTLINE_CACHE_URL`` (Redis) — production mode refuses a
page cache on a per-process cache (``settings_security.py``).
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.utils import translation

VERSION_KEY = "hotline:data-version"
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Tables whose writes do not change what a page shows: sessions, login attempts (django-axes), the cache.
_IGNORED = re.compile(
    r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(django_session|axes_|django_cache)", re.IGNORECASE
)


def seconds() -> int:
    return int(getattr(settings, "HOTLINE_PAGE_CACHE_SECONDS", 0) or 0)


def data_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def bump() -> None:
    """A write committed: every cached page becomes unreachable (its key holds the old version)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): start again above anything a page was keyed by
        cache.add(VERSION_KEY, 2, timeout=None)
        cache.incr(VERSION_KEY)


def _after_commit_once(alias: str) -> None:
    conn = connections[alias]
    if conn.get_autocommit():
        bump()
        return
    if not any(func is bump for _sids, func, _robust in conn.run_on_commit):
        transaction.on_commit(bump, using=alias)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and _WRITE.match(sql) and not _IGNORED.match(sql):
        _after_commit_once(context["connection"].alias)
    return result


def _on_connection(sender, connection, **kwargs):
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def install() -> None:
    """Watch every database connection of this process for writes (called from ``hotline.org``'s
    ``ready()`` when the page cache is on). Connections already open are watched too."""
    if seconds() <= 0:
        return
    connection_created.connect(_on_connection, dispatch_uid="hotline.pagecache")
    for conn in connections.all(initialized_only=True):
        _on_connection(None, conn)


def uninstall() -> None:
    """Stop watching (tests that turned the page cache on)."""
    connection_created.disconnect(dispatch_uid="hotline.pagecache")
    for conn in connections.all(initialized_only=True):
        if _watch_writes in conn.execute_wrappers:
            conn.execute_wrappers.remove(_watch_writes)


def _key(request, version: int) -> str | None:
    session_key = getattr(request, "session", None) and request.session.session_key
    if not session_key:
        return None
    raw = "\x1f".join((str(version), session_key, translation.get_language() or "", request.get_full_path()))
    return "hotline:page:" + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


def _pending_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and (storage.used or len(storage) > 0)


def _nonce_used(request, content: bytes) -> str:
    """The CSP nonce the page was built with, if it holds it ('' otherwise)."""
    nonce = getattr(request, "_csp_nonce", None) or ""
    return nonce if nonce and nonce.encode() in content else ""


class PageCacheMiddleware:
    """Serve a person's page from the cache while no write happened and it is younger than the setting.
    Sits after the session, authentication, language and message middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ttl = seconds()
        if ttl <= 0 or request.method != "GET" or not request.user.is_authenticated:
            return self.get_response(request)
        key = _key(request, data_version())
        if key is None:
            return self.get_response(request)
        if not _pending_messages(request):
            hit = cache.get(key)
            if hit is not None:
                content, content_type, nonce = hit
                if nonce:  # inline scripts carry the request's CSP nonce: give them this request's
                    content = content.replace(
                        nonce.encode(), str(getattr(request, "csp_nonce", nonce)).encode()
                    )
                response = HttpResponse(content, content_type=content_type)
                response.headers["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.cookies
            and not _pending_messages(request)
        ):
            cache.set(
                key, (response.content, response["Content-Type"], _nonce_used(request, response.content)), ttl
            )
        return response
