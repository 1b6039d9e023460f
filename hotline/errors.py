"""The web edge of the one error root (``hotline.core.errors``): how a refusal reaches the reader.

* :func:`message_of` renders a :class:`~hotline.core.errors.HotlineError` in the active language
  (its source text through gettext, then its parameters);
* :func:`error_body` is the JSON body every API refusal has: ``{"code", "detail", "field"}``
  (``row`` too when the refusal is about a row of a file);
* :class:`HotlineErrorMiddleware` turns a ``HotlineError`` raised by a page into a 4xx page in the
  reader's language (the same ``error.html`` as Django's 400/403/404 pages).

The API's exception handlers live in ``hotline/api.py`` and use :func:`error_body`.
"""

from __future__ import annotations

from django.db import DataError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import defaults

from hotline.core.errors import HotlineError, InvalidInput, NotFound
from hotline.core.tabular import RowError

TITLES = {
    400: _("请求无效"),
    401: _("请先登录"),
    403: _("无权访问"),
    404: _("页面不存在"),
    409: _("操作冲突"),
}


def out_of_range() -> InvalidInput:
    """The refusal for a number no database or calendar can hold (an ``OverflowError`` or a database
    ``DataError`` that reached the edge: a safety net behind the strict parsers of ``core.params``)."""
    return InvalidInput(_("数字或日期超出可处理的范围。"), code="out_of_range")


def message_of(exc: HotlineError) -> str:
    """The refusal's message in the active language, parameters filled in."""
    return exc.render(gettext)


def row_errors(errors) -> list[dict]:
    """Row errors of a file (``RowError`` objects, or their dicts as an import batch stored them) for a
    reader: ``{"file", "row", "column", "reason"}`` with the reason in the active language."""
    out = []
    for e in errors:
        if isinstance(e, dict):
            fields = {k: e.get(k, "") for k in ("file", "row", "column", "reason")}
            e = RowError(**fields, params=e.get("params") or None)
        out.append({"file": e.file, "row": e.row, "column": e.column, "reason": e.reason_text(gettext)})
    return out


def error_body(exc: HotlineError) -> dict:
    body = {"code": exc.code, "detail": message_of(exc), "field": exc.field}
    if exc.row is not None:
        body["row"] = exc.row
    return body


def error_page(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    html = loader.render_to_string(
        "error.html", {"status": status, "title": TITLES.get(status, TITLES[400]), "detail": detail}, request
    )
    return HttpResponse(html, status=status)


class HotlineErrorMiddleware:
    """A ``HotlineError`` escaping a page view becomes a 4xx page in the reader's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | DataError):
            exception = out_of_range()
        if isinstance(exception, HotlineError):
            return error_page(request, exception.http_status, message_of(exception))
        return None


def page_not_found(request, exception=None):
    """Django's 404 for URLs no route matches: JSON under ``/api/`` (an API client never gets HTML)."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(NotFound()), status=404)
    return defaults.page_not_found(request, exception)
