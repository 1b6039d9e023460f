"""What is missing on a session page after a refused submit (§3.5, §3.6), per recording and field.

The core's ``validate_evaluation`` says *what* blocks an evaluation (a code and the item); this
module keeps those codes per evaluation across the redirect (in the web session, JSON-ready) and
turns them into the marks the page shows beside each field, in the reader's language. The page's
JavaScript marks the same fields with the same words before posting (``quality.js``); the server
check stays the authority.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import services
from .models import Kind, Session

#: Problem code (hotline.core.scoring) → the mark shown beside the field.
PROBLEM_TEXT = {
    "missing": _("请选择答案"),
    "comment_required": _("请填写说明"),
    "bad_value": _("答案无效，请重新选择"),
    "na_not_allowed": _("此项不能选 N.A."),
    "unknown_item": _("评分表中没有此项"),
    "all_na": _("不能全部为 N.A.：没有可评分的项目"),
    "no_strength": _("至少填写一条优点"),
    "no_improvement": _("至少填写一条不足"),
}
FEEDBACK_FIELDS = {"no_strength": "strengths", "no_improvement": "improvements"}


def session_problems(session: Session) -> dict[str, list[list[str]]]:
    """Evaluation id (as text) → [[code, item key], …] for every evaluation that cannot be submitted
    as saved (a live session's untouched evaluations are left out: they are dropped on submit)."""
    out: dict[str, list[list[str]]] = {}
    for ev in session.evaluations.select_related("form"):
        if ev.submitted:
            continue
        if session.kind == Kind.LIVE and not ev.answers and not ev.strengths and ev.call_id is None:
            continue
        problems = services.evaluation_problems(ev)
        if problems:
            out[str(ev.pk)] = [[p.code, p.item] for p in problems]
    return out


def marks_of(stored) -> dict:
    """The marks of one evaluation from its stored problems: ``items`` (key → text), ``strengths``,
    ``improvements`` (text or ""), ``general`` (texts not tied to a field) and ``count``."""
    items: dict[str, str] = {}
    out = {"items": items, "strengths": "", "improvements": "", "general": [], "count": 0}
    for row in stored or []:
        try:
            code, item = str(row[0]), str(row[1])
        except (TypeError, IndexError, KeyError):
            continue
        text = PROBLEM_TEXT.get(code, _("请检查此项"))
        if code in FEEDBACK_FIELDS:
            out[FEEDBACK_FIELDS[code]] = text
        elif item and code != "unknown_item":
            items.setdefault(item, text)
        else:
            out["general"].append(text)
        out["count"] += 1
    return out
