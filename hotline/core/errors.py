"""One error root for every refusal (SPEC §1 "refusals are clear, in the reader's language"; §10).

Django-free. A :class:`HotlineError` carries

* ``code`` — a stable, machine-readable word (``not_found``, ``invalid``, ``month_invalid``…);
* ``message`` — the *source* text (Chinese, the product's source language) with ``%(name)s``
  placeholders, marked with :func:`gettext_noop` so ``makemessages`` extracts it, or a lazy
  translation object handed in by Django code. It is translated when it is *read* (the API's
  exception handler and the page middleware render it in the reader's language), never here;
* ``params`` — the values for the placeholders;
* ``field`` / ``row`` — what the refusal is about (a query parameter, a form field, a file row).

Four kinds say how the edge answers: :class:`NotFound` (404), :class:`Forbidden` (403),
:class:`InvalidInput` (400) and :class:`Conflict` (409). ``http_status`` is a plain number so core
stays free of any web framework. ``InvalidInput`` is also a ``ValueError`` so older callers that catch
``ValueError`` keep working while the apps' error classes move under this root.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark a source text for extraction (``makemessages`` knows this name); translated when read."""
    return message


class HotlineError(Exception):
    """The root of every refusal the product gives. Subclass one of the four kinds below."""

    code: str = "error"
    http_status: int = 400
    message: Any = gettext_noop("请求无法完成。")

    def __init__(
        self,
        message: Any = None,
        *,
        code: str | None = None,
        field: str | None = None,
        row: int | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code
        self.field = field
        self.row = row
        self.params = dict(params or {})
        super().__init__(self.message)

    def format(self, template: str) -> str:
        """``template`` (the message, already translated by the caller) with the parameters filled in."""
        if not self.params:
            return template
        try:
            return template % self.params
        except (KeyError, ValueError, TypeError):
            return template

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        """The message through ``translate`` (Django's ``gettext`` on a page, the English catalog on the
        command line; none: the source text), parameters filled in."""
        msg = self.message
        if isinstance(msg, str) and translate is not None:
            return self.format(translate(msg))
        return self.format(str(msg))

    def __str__(self) -> str:  # the source text (or a lazy object's active translation)
        return self.render()


class InvalidInput(HotlineError, ValueError):
    """The request itself is wrong: an unreadable id, number, date or month; a rule of a form."""

    code = "invalid"
    http_status = 400
    message = gettext_noop("输入无效。")


class NotFound(HotlineError):
    """Nothing the reader may see has that id (also: it exists but is not theirs to see)."""

    code = "not_found"
    http_status = 404
    message = gettext_noop("未找到。")


class Forbidden(HotlineError):
    """The reader's role or scope does not allow this."""

    code = "forbidden"
    http_status = 403
    message = gettext_noop("您无权执行此操作。")


class Conflict(HotlineError):
    """The request is well formed but clashes with the current state (already submitted, locked…)."""

    code = "conflict"
    http_status = 409
    message = gettext_noop("与当前状态冲突。")


__all__ = ["Conflict", "Forbidden", "HotlineError", "InvalidInput", "NotFound", "gettext_noop"]
