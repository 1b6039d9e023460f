"""Sums of the national monthly report (SPEC §7, seed 003 全国呼叫中心运营分析报告), Django-free.

* :func:`change` — month-on-month change of a count (relative, a fraction) or of a rate (the
  difference in percentage points, as a fraction: 0.012 = +1.2 points);
* :func:`read_answer` — one cell of a survey's results file read as a score on the survey's scale;
* :func:`item_shares` — per survey item, the share of satisfied answers with the sample size;
* :func:`group_suggestions` — customers' suggestions grouped by theme, largest theme first.

Units: counts are calls or answers; rates fractions in [0, 1]; None = not measurable (no data).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import InvalidInput, gettext_noop
from .kpi import ratio
from .pinyin import sort_key

YES_WORDS = frozenset({"是", "满意", "非常满意", "yes", "y", "true"})
NO_WORDS = frozenset({"否", "不满意", "非常不满意", "no", "n", "false"})
BLANK_WORDS = frozenset({"", "-", "—", "n/a", "na", "不适用", "未回答"})


def change(now: float | None, previous: float | None, *, rate: bool = False) -> float | None:
    """Month-on-month change (§7 "month-on-month"). Counts: ``(now − previous) / previous`` (None when
    the previous month had none). Rates: ``now − previous`` (percentage points as a fraction)."""
    if now is None or previous is None:
        return None
    if rate:
        return now - previous
    return ratio(now - previous, previous)


class AnswerError(InvalidInput):
    """A survey cell that is not an answer; ``code`` says why (``not_a_score``, ``out_of_scale``), the
    message says it in the reader's language (``value`` the cell, ``scale_max`` the top score)."""

    MESSAGES = {
        "not_a_score": gettext_noop("“%(v)s”不是评分（1–%(m)s）或 是/否"),
        "out_of_scale": gettext_noop("“%(v)s”超出评分范围 1–%(m)s"),
    }

    def __init__(self, code: str, *, value: str = "", scale_max: int = 5):
        super().__init__(self.MESSAGES[code], code=code, params={"v": value[:40], "m": scale_max})


def read_answer(text: str, *, scale_max: int, satisfied_from: int) -> tuple[int, bool] | None:
    """A results-file cell as ``(score, satisfied)``; None for a blank (the item was not asked).

    Scores are whole numbers 1…``scale_max`` (``5.0`` from a spreadsheet is 5), satisfied when
    ``>= satisfied_from``. Yes/no words (是/否, 满意/不满意, yes/no) read as ``scale_max`` / 1.
    Raises :class:`AnswerError` otherwise."""
    t = str(text).strip().lower()
    if t in BLANK_WORDS:
        return None
    if t in YES_WORDS:
        return scale_max, True
    if t in NO_WORDS:
        return 1, False
    try:
        value = float(t)
    except ValueError:
        raise AnswerError("not_a_score", value=str(text).strip(), scale_max=scale_max) from None
    if value != value or not value.is_integer():  # NaN or a fraction
        raise AnswerError("not_a_score", value=str(text).strip(), scale_max=scale_max)
    score = int(value)
    if not 1 <= score <= scale_max:
        raise AnswerError("out_of_scale", value=str(text).strip(), scale_max=scale_max)
    return score, score >= satisfied_from


@dataclass(frozen=True)
class ItemShare:
    """One survey item: ``satisfied`` of ``n`` answers (the sample size); ``share`` = satisfied / n."""

    item: str
    n: int
    satisfied: int
    share: float | None


def item_shares(items: Iterable[str], answers: Iterable[tuple[str, bool]]) -> list[ItemShare]:
    """For each item code in ``items`` (in that order) the share satisfied among its answers
    (``answers`` = (item code, satisfied) pairs; other codes are ignored)."""
    order = list(items)
    n = dict.fromkeys(order, 0)
    yes = dict.fromkeys(order, 0)
    for code, ok in answers:
        if code in n:
            n[code] += 1
            yes[code] += 1 if ok else 0
    return [ItemShare(c, n[c], yes[c], ratio(yes[c], n[c])) for c in order]


@dataclass(frozen=True)
class ThemeGroup:
    """The suggestions of one theme ("" = not classified), with how many there were."""

    theme: str
    count: int
    examples: tuple[str, ...]


def group_suggestions(rows: Iterable[tuple[str, str]], *, examples: int = 5) -> list[ThemeGroup]:
    """``rows`` = (theme, suggestion text); blank suggestions are skipped, identical texts of a theme
    shown once. Largest theme first, ties by pinyin; the unclassified ("") last."""
    texts: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for theme, text in rows:
        text = (text or "").strip()
        if not text:
            continue
        theme = (theme or "").strip()
        counts[theme] = counts.get(theme, 0) + 1
        bucket = texts.setdefault(theme, [])
        if text not in bucket:
            bucket.append(text)
    order = sorted(counts, key=lambda t: (t == "", -counts[t], sort_key(t)))
    return [ThemeGroup(t, counts[t], tuple(texts[t][:examples])) for t in order]
