"""§4 certification's knowledge test: scoring a sitting of choice questions.

A question has ``n_choices`` choices (indices 0 … n−1) and a non-empty set of correct ones; an answer is
the set of indices picked. A question counts as right only when exactly its correct set is picked (no
partial credit for multiple choice — the usual rule of a written test). The score is the share of
right questions on a 0–100 scale; the candidate passes when the score reaches the pass mark (a
versioned setting, default 80). Pure functions; no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    """One question: ``key`` (a stable id), the number of choices and the indices that are right."""

    key: str
    n_choices: int
    correct: frozenset[int]

    def __post_init__(self) -> None:
        if self.n_choices < 2:
            raise ValueError(f"question {self.key}: at least two choices")
        if not self.correct or any(not 0 <= i < self.n_choices for i in self.correct):
            raise ValueError(f"question {self.key}: the correct choices must be among its choices")


@dataclass(frozen=True)
class TestResult:
    """``right`` of ``total`` questions; ``score`` on 0–100; ``wrong`` the keys missed (form order)."""

    right: int
    total: int
    score: float
    passed: bool
    wrong: tuple[str, ...]


def score_test(
    questions: Iterable[Question], answers: Mapping[str, Iterable[int]], *, pass_mark: float
) -> TestResult:
    """Score ``answers`` (question key → picked indices; a missing key is a wrong answer).

    ``pass_mark`` is on the same 0–100 scale as the score (inclusive: 80 passes at 80). An empty test
    scores 0 and does not pass.
    """
    qs = list(questions)
    wrong = []
    for q in qs:
        picked = {int(i) for i in answers.get(q.key, ())}
        if picked != set(q.correct):
            wrong.append(q.key)
    right = len(qs) - len(wrong)
    score = 100.0 * right / len(qs) if qs else 0.0
    return TestResult(right, len(qs), score, bool(qs) and score >= pass_mark, tuple(wrong))
