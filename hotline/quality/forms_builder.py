"""The form builder's rows ↔ a core form definition (``hotline.core.scoring.Form.as_dict`` shape).

The page shows one row per item with its section title; consecutive rows with the same section
title form a section. Item keys are kept (hidden field) so answers stay comparable across versions;
new rows get a fresh key.
"""

from __future__ import annotations

import math
import re

from django.utils.translation import gettext

# A form's code: letters (Chinese included), digits, "-" and "_" — it is a URL segment.
FORM_KEY_RE = r"[-\w]+"
FORM_KEY_MAX = 60  # ScoreForm.key's max_length
RESERVED_KEYS = {"new"}  # /quality/forms/new/ creates a form


class FormKeyConverter:
    """``<formkey:key>``: a form code, Unicode letters allowed (Django's ``slug`` is ASCII only)."""

    regex = FORM_KEY_RE

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def form_key_error(key: str) -> str | None:
    """Why ``key`` cannot be a form code (a message in the reader's language), or None."""
    if not key or len(key) > FORM_KEY_MAX or key in RESERVED_KEYS or not re.fullmatch(FORM_KEY_RE, key):
        return gettext("代码只能包含字母、汉字、数字、连字符和下划线，最多 %(n)s 个字符，且不能是 new") % {
            "n": FORM_KEY_MAX
        }
    return None


ROW_FIELDS = (
    "section_key",
    "section",
    "item_key",
    "text",
    "points",
    "answer_type",
    "scale_max",
    "na",
    "critical",
    "comment",
)


def builder_rows(definition: dict) -> list[dict]:
    rows = []
    for s in definition.get("sections", []):
        for i in s["items"]:
            rows.append(
                {
                    "section_key": s["key"], "section": s["title"], "item_key": i["key"], "text": i["text"],
                    "points": i["points"], "answer_type": i.get("answer_type", "yes_no"),
                    "scale_max": i.get("scale_max", 1), "na": i.get("na_allowed", True),
                    "critical": i.get("critical", False), "comment": i.get("comment", "never"),
                }
            )  # fmt: skip
    return rows


def _slug(text: str, n: int, prefix: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or f"{prefix}{n}"


def builder_errors(post) -> list[str]:
    """What is wrong with the posted rows, in the reader's language, naming the row (1-based) and its
    item — checked before the core sees the definition (whose own messages are English)."""
    errors = []
    if not (post.get("title") or "").strip():
        errors.append(gettext("请填写评分表名称"))
    texts, points = post.getlist("text"), post.getlist("points")
    types, scale = post.getlist("answer_type"), post.getlist("scale_max")
    items = 0
    for r, raw in enumerate(texts):
        text = raw.strip()
        if not text:
            continue
        items += 1
        where = {"n": r + 1, "text": text}
        try:
            p = float(points[r] if r < len(points) else "")
        except ValueError:
            p = 0.0
        if not p > 0:
            errors.append(gettext("第 %(n)s 行（%(text)s）：分值须为正数") % where)
        if r < len(types) and types[r] == "scale":
            try:
                top = int(scale[r] if r < len(scale) else "")
            except ValueError:
                top = 0
            if top < 1:
                errors.append(gettext("第 %(n)s 行（%(text)s）：分档项目的最高档须不小于 1") % where)
    if not items:
        errors.append(gettext("至少需要一个项目"))
    declared = post.get("max_points")
    if declared is not None and items:  # the builder page always sends it; the API does not
        errors.extend(_total_errors(declared, rows_total(post)))
    return errors


def rows_total(post) -> float:
    """The points of the posted rows that have an item text (rows with unreadable points count 0)."""
    total = 0.0
    texts, points = post.getlist("text"), post.getlist("points")
    for r, raw in enumerate(texts):
        if not raw.strip():
            continue
        try:
            p = float(points[r] if r < len(points) else "")
        except ValueError:
            continue
        if math.isfinite(p) and p > 0:
            total += p
    return total


def _points(value: float) -> str:
    return f"{value:g}"


def _total_errors(declared: str, total: float) -> list[str]:
    """The declared full score (满分) must be a positive number that the items' points add up to
    (to a thousandth of a point: points like 4.5 are exact in binary, sums of tenths nearly so)."""
    try:
        top = float(declared)
    except ValueError:
        top = math.nan
    if not (math.isfinite(top) and top > 0):
        return [gettext("满分须为正数")]
    if abs(total - top) > 1e-3:
        return [
            gettext("各项目分值合计 %(total)s 分，与满分 %(max)s 分不符（相差 %(diff)s 分）")
            % {"total": _points(total), "max": _points(top), "diff": _points(round(total - top, 3))}
        ]
    return []


def definition_from_post(post) -> dict:
    """Rows posted by the builder → a definition; the core validates it when it is saved."""
    cols = {f: post.getlist(f) for f in ROW_FIELDS}
    n = len(cols["text"])
    sections: list[dict] = []
    used_keys: set[str] = set()
    for r in range(n):

        def get(field, default="", r=r):
            values = cols[field]
            return values[r] if r < len(values) else default

        text = get("text").strip()
        if not text:
            continue
        title = get("section").strip() or "—"
        if not sections or sections[-1]["title"] != title:
            skey = get("section_key").strip() or _slug(title, len(sections) + 1, "s")
            sections.append({"key": skey, "title": title, "items": []})
        sec = sections[-1]
        key = get("item_key").strip()
        if not key or key in used_keys:
            k = len(sec["items"]) + 1
            key = f"{sec['key']}.{k:02d}"
            while key in used_keys:
                k += 1
                key = f"{sec['key']}.{k:02d}"
        used_keys.add(key)
        answer_type = get("answer_type", "yes_no")
        try:
            points = float(get("points", "0") or 0)
            scale_max = int(get("scale_max", "1") or 1) if answer_type == "scale" else 1
        except ValueError:
            points, scale_max = 0.0, 1
        sec["items"].append(
            {
                "key": key, "text": text, "points": points, "answer_type": answer_type, "scale_max": scale_max,
                "na_allowed": get("na") == "1", "critical": get("critical") == "1",
                "comment": get("comment", "never") or "never",
            }
        )  # fmt: skip
    return {"title": (post.get("title") or "").strip() or "—", "sections": sections}


def form_preview(definition: dict) -> dict:
    """What a monitor will see when scoring with the posted rows: sections with their items, each
    section's points and the form's total (nothing is saved)."""
    sections = []
    for s in definition.get("sections", []):
        items = [{**i, "points_text": _points(float(i["points"]))} for i in s["items"]]
        points = sum(float(i["points"]) for i in s["items"])
        sections.append(
            {"title": s["title"], "items": items, "points": points, "points_text": _points(points)}
        )
    total = sum(s["points"] for s in sections)
    return {"title": definition.get("title", ""), "sections": sections, "total": _points(round(total, 3))}
