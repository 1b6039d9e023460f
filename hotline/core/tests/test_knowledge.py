"""§4 knowledge test scoring: exact sets, missing answers, the pass mark inclusive."""

from __future__ import annotations

import pytest

from hotline.core.knowledge import Question, score_test

QS = [
    Question("a", 4, frozenset({1})),
    Question("b", 3, frozenset({0, 2})),
    Question("c", 2, frozenset({0})),
    Question("d", 4, frozenset({3})),
    Question("e", 4, frozenset({2})),
]


def test_a_multiple_choice_question_is_right_only_with_exactly_its_correct_set():
    r = score_test(QS, {"a": [1], "b": [0], "c": [0], "d": [3], "e": [2]}, pass_mark=80)
    assert (r.right, r.total, r.score, r.passed, r.wrong) == (4, 5, 80.0, True, ("b",))


def test_the_pass_mark_is_inclusive_and_a_missing_answer_is_wrong():
    r = score_test(QS, {"a": [1], "b": [2, 0], "c": [0]}, pass_mark=60)
    assert r.score == 60.0 and r.passed and r.wrong == ("d", "e")
    assert not score_test(QS, {"a": [1], "b": [2, 0], "c": [0]}, pass_mark=60.5).passed


def test_an_empty_test_does_not_pass():
    r = score_test([], {}, pass_mark=0)
    assert r.score == 0.0 and not r.passed


def test_a_question_whose_answer_is_not_among_its_choices_is_refused():
    with pytest.raises(ValueError):
        Question("x", 2, frozenset({2}))
    with pytest.raises(ValueError):
        Question("y", 1, frozenset({0}))
