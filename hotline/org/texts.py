"""Text rendered when read (ARCHITECTURE "Text is rendered when read", issue 11 §3).

A service never stores a sentence it wrote itself: it stores a *message key* and its *parameters*
(``{"key": "quality.major_error", "params": {...}}``) and every reader sees the text in their own
language, rendered when the row is read. This module is the registry of keyed templates and the one
renderer; each app registers its templates (and the choice lists its parameters may name) in its own
``texts.py``, imported by the app's ``ready()``.

A template's text is the Chinese msgid with ``%(name)s`` placeholders (translated through gettext when
read). A parameter is rendered by its declared kind before it is filled in:

* ``text`` (the default) — as stored: user data (a name, a comment, an item's text) is never translated;
* ``date`` / ``datetime`` — ISO text → ``Y-m-d`` / local ``Y-m-d H:i``;
* ``number`` — one decimal, ``—`` when missing; ``percent`` — a ratio shown as a whole percentage;
* ``choice:<name>`` — a stored choice value → its label in the reader's language (see
  :func:`register_choices`); an unknown value is shown as a dash, never as a raw key;
* ``list`` — a list of user texts joined by the language's list separator; ``localized_list`` — the
  same for user texts kept in both languages (``{"zh", "en"}``: a form item's text and English text);
* ``keyed`` — a nested ``{"key", "params"}`` rendered in turn; ``lines`` — a list of those, one a line.

An unknown key renders the stored fallback text (rows written before keys existed keep their old
text); nothing here ever shows a raw dict or key to a reader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext


@dataclass(frozen=True)
class Template:
    key: str
    title: str  # the Chinese msgid (for a one-line text: the whole text)
    body: str = ""  # an optional second part (an inbox message's body)
    kinds: Mapping[str, str] = field(default_factory=dict)


_TEMPLATES: dict[str, Template] = {}
_CHOICES: dict[str, Callable[[], Mapping[str, Any]]] = {}


def register(key: str, title: str, body: str = "", **kinds: str) -> str:
    """Register the template ``key`` (re-registering the same key replaces it); returns the key."""
    _TEMPLATES[key] = Template(key, title, body, dict(kinds))
    return key


def register_choices(name: str, choices: Any) -> None:
    """A choice list parameters may name as ``choice:<name>``: a Django ``Choices`` class or a
    callable returning ``{value: label}`` (labels lazy, translated when read)."""
    if callable(getattr(choices, "choices", None)) or hasattr(choices, "choices"):
        _CHOICES[name] = lambda: dict(choices.choices)
    else:
        _CHOICES[name] = choices


def template(key: str) -> Template | None:
    return _TEMPLATES.get(key)


def registered() -> dict[str, Template]:
    return dict(_TEMPLATES)


def keyed(key: str, **params: Any) -> dict:
    """The stored form of a keyed text: ``{"key": key, "params": params}`` (JSON-safe values)."""
    if key not in _TEMPLATES:
        raise KeyError(f"unregistered text key {key!r}")
    return {"key": key, "params": {k: _jsonable(v) for k, v in params.items()}}


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, tuple):
        return list(v)
    return v


def _param(kind: str, value: Any) -> str:
    if kind == "date":
        try:
            return f"{dt.date.fromisoformat(str(value)[:10]):%Y-%m-%d}"
        except ValueError:
            return "—"
    if kind == "datetime":
        try:
            at = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return "—"
        if timezone.is_aware(at):
            at = timezone.localtime(at)
        return f"{at:%Y-%m-%d %H:%M}"
    if kind == "number":
        return "—" if not isinstance(value, int | float) else f"{value:.1f}"
    if kind == "percent":
        return "—" if not isinstance(value, int | float) else f"{value:.0%}"
    if kind.startswith("choice:"):
        labels = _CHOICES.get(kind[7:], dict)()
        label = labels.get(value)
        return "—" if label is None else str(label)
    if kind == "list":
        return gettext("、").join(str(x) for x in value or [])
    if kind == "localized_list":  # user data kept in both languages: [{"zh": …, "en": …}, …]
        return gettext("、").join(_localized(x) for x in value or [])
    if kind == "keyed":
        return render_keyed(value)
    if kind == "lines":
        return "\n".join(render_keyed(x) for x in value or [])
    return "" if value is None else str(value)


def _localized(value: Any) -> str:
    """A user text stored in both languages (a form item's ``text``/``text_en``): the reader's one,
    else the Chinese."""
    if not isinstance(value, Mapping):
        return str(value)
    lang = (get_language() or "").lower()
    return str((lang.startswith("en") and value.get("en")) or value.get("zh") or "")


def _fill(msgid: str, t: Template, params: Mapping[str, Any]) -> str:
    text = gettext(msgid)
    values = {name: _param(t.kinds.get(name, "text"), value) for name, value in (params or {}).items()}
    try:
        return text % values if "%(" in text else text
    except (KeyError, ValueError, TypeError):  # a parameter missing from an old row: the bare template
        return text


def render(key: str, params: Mapping[str, Any] | None = None, fallback: str = "", part: str = "title") -> str:
    """The text of ``key`` (``part``: ``title`` or ``body``) in the active language; ``fallback``
    (the stored old text) when there is no such key."""
    t = _TEMPLATES.get(key or "")
    if t is None:
        return fallback
    msgid = t.body if part == "body" else t.title
    if not msgid:
        return fallback
    return _fill(msgid, t, params or {})


def render_keyed(value: Any, fallback: str = "") -> str:
    """A stored ``{"key", "params"}`` (or a plain string, shown as stored) in the active language."""
    if isinstance(value, Mapping):
        return render(str(value.get("key", "")), value.get("params") or {}, fallback=fallback)
    if isinstance(value, str):
        return value
    return fallback


__all__ = [
    "Template",
    "keyed",
    "register",
    "register_choices",
    "registered",
    "render",
    "render_keyed",
    "template",
]
