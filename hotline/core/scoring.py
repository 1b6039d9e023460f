"""Scorecards and scores (SPEC §3.5 服务质量细则, §3.6 sessions and monthly scores).

Django-free. A :class:`Form` (key + version, frozen) has sections of :class:`Item` s; each item carries
its points, answer type (yes/no or an integer scale 0..``scale_max``), whether N.A. is allowed, whether
it is critical (致命错误: failing it sets the evaluation to 0) and when a comment is required.

Scoring rules (decided here, documented for the UI and the data migration):

* A yes/no item earns all its points on "yes", none on "no". A scale item answered ``v`` earns
  ``points × v / scale_max``.
* N.A. items are removed from both the achieved and the possible points (§3.5).
* The evaluation score is normalised to 100: ``score = achieved / possible × 100`` (a float, not
  rounded — round only for display). The default regime form totals 100 points, so with no N.A. the
  score equals the achieved points. Every item N.A. leaves nothing to score: that is a validation
  error (``all_na``), never a silent 100.
* A failed critical item (a "no", or a scale answer below its maximum) sets the score to 0; the item
  points are still reported so the analysis table can show what else went wrong.
* Balanced feedback (§3.5): every evaluation needs at least one strength (优点) and one point to
  improve (不足).

Session score (§3.6) = mean of its evaluation scores (4 live calls or 5 recordings; a short
recording session averages what it has). Monthly service-quality score = ``w_rec`` × mean of the
month's recording sessions + ``w_live`` × mean of its live sessions (defaults 0.7 / 0.3, weights must
sum to 1). A month lacking one component is *incomplete*: its score is ``None`` and the component
means are reported separately — never re-weighted silently.

Problems carry a stable ``code`` (for the UI to translate), the item key and the item text, and an
English message; core code stays free of Django's translation machinery.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from hotline.core.errors import InvalidInput


class AnswerType(StrEnum):
    YES_NO = "yes_no"
    SCALE = "scale"


class CommentRule(StrEnum):
    """When an item needs a comment: never, always, or when it did not earn full points."""

    NEVER = "never"
    ALWAYS = "always"
    WHEN_LOST = "when_lost"


@dataclass(frozen=True)
class Item:
    """One scorecard line. ``key`` is stable across versions (it links answers and item statistics)."""

    key: str
    text: str
    points: float
    answer_type: AnswerType = AnswerType.YES_NO
    scale_max: int = 1
    na_allowed: bool = True
    critical: bool = False
    comment: CommentRule = CommentRule.NEVER
    text_en: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("an item needs a key")
        if not (self.points > 0 and math.isfinite(self.points)):
            raise ValueError(f"item {self.key}: points must be a positive number, got {self.points}")
        if self.answer_type == AnswerType.SCALE and self.scale_max < 1:
            raise ValueError(f"item {self.key}: a scale item needs scale_max ≥ 1")
        if self.answer_type == AnswerType.YES_NO and self.scale_max != 1:
            raise ValueError(f"item {self.key}: a yes/no item has no scale")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]
    title_en: str = ""

    @property
    def points(self) -> float:
        return sum(i.points for i in self.items)


@dataclass(frozen=True)
class Form:
    """A versioned scorecard. Evaluations keep ``(key, version)``; a change makes a new version."""

    key: str
    version: int
    title: str
    sections: tuple[Section, ...]
    title_en: str = ""

    def __post_init__(self) -> None:
        keys = [i.key for s in self.sections for i in s.items]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"form {self.key} v{self.version}: duplicate item keys {dupes}")
        if not keys:
            raise ValueError(f"form {self.key} v{self.version} has no items")

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.items)

    @property
    def total_points(self) -> float:
        return sum(i.points for i in self.items)

    def item(self, key: str) -> Item:
        for i in self.items:
            if i.key == key:
                return i
        raise KeyError(key)

    def as_dict(self) -> dict:
        """Plain JSON-ready data (what a data migration stores)."""
        return {
            "key": self.key,
            "version": self.version,
            "title": self.title,
            "title_en": self.title_en,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "title_en": s.title_en,
                    "items": [
                        {
                            "key": i.key,
                            "text": i.text,
                            "text_en": i.text_en,
                            "points": i.points,
                            "answer_type": str(i.answer_type),
                            "scale_max": i.scale_max,
                            "na_allowed": i.na_allowed,
                            "critical": i.critical,
                            "comment": str(i.comment),
                        }
                        for i in s.items
                    ],
                }
                for s in self.sections
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Form:
        sections = tuple(
            Section(
                key=s["key"],
                title=s["title"],
                title_en=s.get("title_en", ""),
                items=tuple(
                    Item(
                        key=i["key"],
                        text=i["text"],
                        text_en=i.get("text_en", ""),
                        points=float(i["points"]),
                        answer_type=AnswerType(i.get("answer_type", "yes_no")),
                        scale_max=int(i.get("scale_max", 1)),
                        na_allowed=bool(i.get("na_allowed", True)),
                        critical=bool(i.get("critical", False)),
                        comment=CommentRule(i.get("comment", "never")),
                    )
                    for i in s["items"]
                ),
            )
            for s in data["sections"]
        )
        return cls(data["key"], int(data["version"]), data["title"], sections, data.get("title_en", ""))


# --- answers and validation ---------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One item's answer: ``value`` True/False for yes/no, an int for a scale; ``na`` for N.A."""

    value: bool | int | None = None
    na: bool = False
    comment: str = ""

    @classmethod
    def yes(cls, comment: str = "") -> Answer:
        return cls(True, comment=comment)

    @classmethod
    def no(cls, comment: str = "") -> Answer:
        return cls(False, comment=comment)

    @classmethod
    def not_applicable(cls, comment: str = "") -> Answer:
        return cls(None, na=True, comment=comment)

    @classmethod
    def scale(cls, value: int, comment: str = "") -> Answer:
        return cls(int(value), comment=comment)


@dataclass(frozen=True)
class Problem:
    """Why an evaluation cannot be submitted. ``code`` is stable; ``item`` is empty for form-level ones."""

    code: str
    message: str
    item: str = ""
    item_text: str = ""

    def __str__(self) -> str:
        return f"{self.item_text or self.item}: {self.message}" if self.item else self.message


class EvaluationInvalid(InvalidInput):
    """The answers break the form's rules; ``problems`` lists each (a refusal of the one root)."""

    code = "evaluation_invalid"

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def _earned(item: Item, ans: Answer) -> float:
    if item.answer_type == AnswerType.YES_NO:
        return item.points if ans.value is True else 0.0
    return item.points * int(ans.value) / item.scale_max


def _full(item: Item, ans: Answer) -> bool:
    if item.answer_type == AnswerType.YES_NO:
        return ans.value is True
    return int(ans.value) == item.scale_max


def validate_answers(form: Form, answers: Mapping[str, Answer]) -> list[Problem]:
    """Every problem with the answers, in form order (then unknown keys, sorted)."""
    out: list[Problem] = []
    known = set()
    for item in form.items:
        known.add(item.key)

        def bad(code: str, msg: str, item: Item = item) -> None:
            out.append(Problem(code, msg, item.key, item.text))

        ans = answers.get(item.key)
        if ans is None or (ans.value is None and not ans.na):
            bad("missing", "no answer")
            continue
        if ans.na:
            if not item.na_allowed:
                bad("na_not_allowed", "N.A. is not allowed for this item")
            elif item.comment == CommentRule.ALWAYS and not ans.comment.strip():
                bad("comment_required", "a comment is required")
            continue
        if item.answer_type == AnswerType.YES_NO:
            if not isinstance(ans.value, bool):
                bad("bad_value", f"expected yes or no, got {ans.value!r}")
                continue
        else:
            v = ans.value
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= item.scale_max:
                bad("bad_value", f"expected a whole number 0–{item.scale_max}, got {v!r}")
                continue
        need = item.comment == CommentRule.ALWAYS or (
            item.comment == CommentRule.WHEN_LOST and not _full(item, ans)
        )
        if need and not ans.comment.strip():
            bad("comment_required", "a comment is required")
    for key in sorted(set(answers) - known):
        out.append(Problem("unknown_item", f"not an item of form {form.key} v{form.version}", key, key))
    if not out and all(answers[i.key].na for i in form.items):
        out.append(Problem("all_na", "every item is N.A.: nothing to score"))
    return out


def validate_feedback(strengths: Sequence[str], improvements: Sequence[str]) -> list[Problem]:
    """§3.5 balanced feedback: at least one strength and one point to improve (blank lines ignored)."""
    out = []
    if not any(s.strip() for s in strengths):
        out.append(Problem("no_strength", "at least one strength (优点) is required"))
    if not any(s.strip() for s in improvements):
        out.append(Problem("no_improvement", "at least one point to improve (不足) is required"))
    return out


def validate_evaluation(
    form: Form, answers: Mapping[str, Answer], strengths: Sequence[str], improvements: Sequence[str]
) -> list[Problem]:
    """All problems that block submitting an evaluation; empty when it may be submitted."""
    return validate_answers(form, answers) + validate_feedback(strengths, improvements)


# --- scores -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemScore:
    key: str
    achieved: float
    possible: float  # 0 when N.A.
    na: bool
    lost: bool  # answered and below full points
    critical_failed: bool


@dataclass(frozen=True)
class EvaluationScore:
    """Score of one evaluation on 0–100. ``raw`` = achieved / possible × 100 before the critical rule."""

    form: str
    version: int
    achieved: float
    possible: float
    raw: float
    score: float
    critical_failed: tuple[str, ...]
    items: tuple[ItemScore, ...] = field(repr=False)

    @property
    def failed_items(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.items if i.lost)


def score_evaluation(form: Form, answers: Mapping[str, Answer]) -> EvaluationScore:
    """Score answers against ``form`` (raises :class:`EvaluationInvalid` listing every problem)."""
    problems = validate_answers(form, answers)
    if problems:
        raise EvaluationInvalid(problems)
    items = []
    for item in form.items:
        ans = answers[item.key]
        if ans.na:
            items.append(ItemScore(item.key, 0.0, 0.0, True, False, False))
            continue
        full = _full(item, ans)
        items.append(
            ItemScore(item.key, _earned(item, ans), item.points, False, not full, item.critical and not full)
        )
    achieved = sum(i.achieved for i in items)
    possible = sum(i.possible for i in items)
    raw = achieved / possible * 100.0
    crit = tuple(i.key for i in items if i.critical_failed)
    return EvaluationScore(
        form.key, form.version, achieved, possible, raw, 0.0 if crit else raw, crit, tuple(items)
    )


def critical_failed_so_far(form: Form, answers: Mapping[str, Answer]) -> tuple[str, ...]:
    """§3.6 live alert: the critical items already failed in a partly filled evaluation.

    Only answered items count (an empty or N.A. answer fails nothing; an unreadable value is left
    to :func:`validate_answers`). Failing means what it means in :func:`score_evaluation`: a "no",
    or a scale answer below its maximum. Keys in form order.
    """
    out = []
    for item in form.items:
        ans = answers.get(item.key)
        if not item.critical or ans is None or ans.na or ans.value is None:
            continue
        if item.answer_type == AnswerType.YES_NO and not isinstance(ans.value, bool):
            continue
        if item.answer_type == AnswerType.SCALE and (
            isinstance(ans.value, bool) or not isinstance(ans.value, int)
        ):
            continue
        if not _full(item, ans):
            out.append(item.key)
    return tuple(out)


def mean(values: Sequence[float]) -> float | None:
    """Arithmetic mean; ``None`` for no values."""
    return sum(values) / len(values) if values else None


def session_score(evaluation_scores: Sequence[float]) -> float | None:
    """§3.6: a session's score is the mean of its evaluation scores (``None`` when it has none)."""
    return mean(list(evaluation_scores))


@dataclass(frozen=True)
class MonthlyScore:
    """§3.6 monthly service-quality score. ``score`` is None when ``incomplete`` (a component missing).

    ``short`` names the kinds with fewer sessions than expected (2 a month by §3.1); such a month still
    has a score when both kinds are present, and the flag lets a report show it.
    """

    score: float | None
    recording_mean: float | None
    live_mean: float | None
    recording_sessions: int
    live_sessions: int
    missing: tuple[str, ...]
    short: tuple[str, ...]
    w_rec: float
    w_live: float  # the weight of the remainder component (w_rest), whatever it is
    remainder: str = "live"  # REMAINDERS: what the other 1 − w_rec is
    remainder_value: float | None = None  # the remainder's 0–100 figure (the live mean for "live")

    @property
    def incomplete(self) -> bool:
        return bool(self.missing)


REMAINDERS = ("live", "inspection", "satisfaction", "none")


def monthly_score(
    recording_sessions: Sequence[float],
    live_sessions: Sequence[float],
    *,
    w_rec: float = 0.7,
    w_live: float = 0.3,
    expected_per_kind: int = 2,
    remainder: str = "live",
    remainder_value: float | None = None,
) -> MonthlyScore:
    """§3.6: ``w_rec`` × mean(recording session scores) + ``w_live`` (= w_rest) × the remainder.

    The remainder (a center's setting, ``REMAINDERS``): ``live`` — the mean of the live sessions
    (default); ``inspection`` / ``satisfaction`` — ``remainder_value``, a 0–100 figure of the month
    (the automatic-inspection score, the share of satisfied customers × 100); ``none`` — no remainder:
    the score is the recording mean alone and live sessions are only shown beside it.
    Weights are fractions that must be ≥ 0 and sum to 1 (so the result stays on 0–100).
    A month without a component (no recording session; no live session, inspection score or
    satisfaction figure when that is the remainder) gets ``score=None`` and ``missing`` names it —
    the composite is never re-weighted onto the remaining component.
    """
    rec, live = list(recording_sessions), list(live_sessions)
    return monthly_score_from_sums(
        len(rec), sum(rec), len(live), sum(live), w_rec=w_rec, w_live=w_live,
        expected_per_kind=expected_per_kind, remainder=remainder, remainder_value=remainder_value,
    )  # fmt: skip


def monthly_score_from_sums(
    recording_n: int,
    recording_total: float,
    live_n: int,
    live_total: float,
    *,
    w_rec: float = 0.7,
    w_live: float = 0.3,
    expected_per_kind: int = 2,
    remainder: str = "live",
    remainder_value: float | None = None,
) -> MonthlyScore:
    """:func:`monthly_score` from the sessions' counts and score sums (0–100 points) per kind — what
    the score rollups keep (issue 16); a mean is ``total / n``, ``None`` when ``n`` is 0."""
    if w_rec < 0 or w_live < 0 or not math.isclose(w_rec + w_live, 1.0, abs_tol=1e-9):
        raise ValueError(f"weights must be ≥ 0 and sum to 1, got w_rec={w_rec}, w_live={w_live}")
    if remainder not in REMAINDERS:
        raise ValueError(f"remainder {remainder!r} is not one of {', '.join(REMAINDERS)}")
    rec = recording_total / recording_n if recording_n else None
    live = live_total / live_n if live_n else None
    rest = live if remainder == "live" else remainder_value
    if remainder == "none":
        missing = ("recording",) if rec is None else ()
        score = rec
        return MonthlyScore(
            score, rec, live, recording_n, live_n, missing,
            ("recording",) if recording_n < expected_per_kind else (), w_rec, w_live, remainder, None,
        )  # fmt: skip
    missing = tuple(k for k, m in (("recording", rec), (remainder, rest)) if m is None)
    short = tuple(k for k, n in (("recording", recording_n), ("live", live_n)) if n < expected_per_kind)
    score = None if missing else w_rec * rec + w_live * rest
    return MonthlyScore(
        score, rec, live, recording_n, live_n, missing, short, w_rec, w_live, remainder, rest,
    )  # fmt: skip


# --- the shipped forms (§3.5); a Django data migration installs them from ``Form.as_dict()`` ----------
# Regime form: yes/no items, N.A. allowed except on the critical item (无服务禁用语…), which can never be
# "not applicable" and needs a comment when failed. Five-methods form: each method a 0–20 scale, no N.A.


def _section(key: str, title: str, title_en: str, points: float, rows, *, critical=(), na=True) -> Section:
    items = tuple(
        Item(
            key=f"{key}.{n:02d}",
            text=zh,
            text_en=en,
            points=points,
            critical=(n in critical),
            na_allowed=na and n not in critical,
            comment=CommentRule.WHEN_LOST if n in critical else CommentRule.NEVER,
        )
        for n, (zh, en) in enumerate(rows, start=1)
    )
    return Section(key, title, items, title_en)


DEFAULT_FORM = Form(
    key="regime",
    version=1,
    title="服务质量细则",
    title_en="Service quality rules (regime form)",
    sections=(
        _section(
            "courtesy",
            "礼貌规范用语",
            "Courtesy and standard phrases",
            3,
            [
                ("按规范用语问候客户", "Greets the customer with the standard phrase"),
                ("按规范用语表明自己身份", "States own identity with the standard phrase"),
                ("按规范用语表明本次去电目的", "States the purpose of the call with the standard phrase"),
                ("问候客户吐字清晰", "Greets the customer clearly"),
                (
                    "使用普通话(客户要求时使用与其匹配的语言)",
                    "Speaks Mandarin (or the customer's language on request)",
                ),
                ("音量恰当", "Appropriate volume"),
                ("使用礼貌用语并使用尊称", "Uses polite phrases and honorifics"),
                ("需要客户等待时使用服务用语", "Uses service phrases when asking the customer to wait"),
                ("等待结束后对客户表示感谢", "Thanks the customer after a wait"),
                (
                    "认真对待和反映客户的需求和问题",
                    "Takes the customer's needs and problems seriously and passes them on",
                ),
                ("订货结束后感谢客户的配合", "Thanks the customer for their cooperation after the order"),
                ("按规范用语与客户道别", "Says goodbye with the standard phrase"),
                ("结束语清晰", "Clear closing"),
            ],
        ),
        _section(
            "attitude",
            "服务态度",
            "Service attitude",
            6,
            [
                ("无反问语气或反问语句", "No rhetorical or challenging questions"),
                (
                    "无服务禁用语、挑逗、讽刺、挖苦和谩骂",
                    "No forbidden phrases, teasing, sarcasm, mockery or abuse",
                ),
                ("遇到无法解决的问题不推脱", "Does not shirk problems that cannot be solved"),
                ("不对客户做无法实现的承诺", "Makes no promises that cannot be kept"),
            ],
            critical=(2,),
        ),
        _section(
            "skills",
            "业务技巧和服务能力",
            "Business skills and service ability",
            4,
            [
                ("耐心专注倾听并适时回应", "Listens patiently and attentively, responds at the right time"),
                ("按规范复述客户订单信息", "Repeats the order back as the rules say"),
                ("做好客户正确订货的引导和帮助", "Guides and helps the customer to order correctly"),
                ("对订货信息做适当总结", "Summarises the order appropriately"),
                ("通过有效提问获得准确订货信息", "Gets accurate order details through effective questions"),
                (
                    "按规范与客户确认实配信息",
                    "Confirms the actual allocation with the customer as the rules say",
                ),
                ("正确处理客户抱怨并合理安抚", "Handles complaints correctly and soothes the customer"),
            ],
        ),
        _section(
            "complaints",
            "投诉",
            "Complaints",
            4.5,
            [
                ("按照服务规范服务客户", "Serves the customer according to the service rules"),
                ("正确处理客户的订单信息", "Handles the customer's order details correctly"),
            ],
        ),
    ),
)

FIVE_METHODS_FORM = Form(
    key="five-methods",
    version=1,
    title="录音评定五法",
    title_en="Five methods for rating a recording",
    sections=(
        Section(
            "methods",
            "录音评定五法",
            tuple(
                Item(
                    key=f"methods.{n:02d}",
                    text=zh,
                    text_en=en,
                    points=20,
                    answer_type=AnswerType.SCALE,
                    scale_max=20,
                    na_allowed=False,
                )
                for n, (zh, en) in enumerate(
                    [
                        ("客户问题解决", "Customer problem solved"),
                        ("解决效率", "Efficiency of the solution"),
                        ("是否规范", "Follows the rules"),
                        ("服务态度", "Service attitude"),
                        ("客户满意", "Customer satisfied"),
                    ],
                    start=1,
                )
            ),
            "Five methods",
        ),
    ),
)

assert DEFAULT_FORM.total_points == 100 and FIVE_METHODS_FORM.total_points == 100

__all__ = [
    "AnswerType", "CommentRule", "Item", "Section", "Form", "Answer", "Problem", "EvaluationInvalid",
    "ItemScore", "EvaluationScore", "MonthlyScore", "validate_answers", "validate_feedback",
    "validate_evaluation", "score_evaluation", "session_score", "monthly_score", "mean", "REMAINDERS",
    "DEFAULT_FORM", "FIVE_METHODS_FORM",
]  # fmt: skip
