"""Known answers for the feedback statistics (Django-free)."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.feedback.stats import Scored, consistency, improvement, pareto, retaliation_check

T0 = dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC)


def at(days):
    return T0 + dt.timedelta(days=days)


def test_pareto_sorts_by_count_and_accumulates_to_one_hundred():
    rows = pareto({"a": 1, "b": 6, "c": 3, "d": 0})
    assert [r.key for r in rows] == ["b", "c", "a"]
    assert [round(r.cumulative, 1) for r in rows] == [60.0, 90.0, 100.0]


def _series(evaluator, scores, start):
    return [Scored("A", evaluator, at(start + i), s, f"{evaluator}{start + i}") for i, s in enumerate(scores)]


def test_a_drop_specific_to_the_disputed_evaluator_is_flagged():
    scores = _series("E", [90, 92, 88], -10) + _series("E", [80, 78, 82], 1)
    scores += _series("O", [85, 85], -10) + _series("O", [85, 86], 1)
    r = retaliation_check(scores, agent="A", evaluator="E", opened_at=T0)
    assert r.before == pytest.approx(90) and r.after == pytest.approx(80)
    assert r.control_change == pytest.approx(0.5) and r.drop == pytest.approx(-10.5) and r.flagged


def test_a_drop_seen_by_every_evaluator_is_not_retaliation():
    scores = _series("E", [90, 90], -5) + _series("E", [80, 80], 1)
    scores += _series("O", [90, 90], -5) + _series("O", [81, 81], 1)
    r = retaliation_check(scores, agent="A", evaluator="E", opened_at=T0)
    assert r.drop == pytest.approx(-1.0) and not r.flagged


def test_too_few_scores_after_the_dispute_never_flag():
    scores = _series("E", [90, 90, 90], -5) + _series("E", [50], 1)
    assert not retaliation_check(scores, agent="A", evaluator="E", opened_at=T0).flagged


def test_consistency_gives_mean_spread_and_leniency_against_peers_of_the_same_kind():
    rows = [("E1", "2026-11", "recording", 90), ("E1", "2026-11", "recording", 80),
            ("E2", "2026-11", "recording", 70), ("E2", "2026-11", "live", 100)]  # fmt: skip
    out = {r.evaluator: r for r in consistency(rows)}
    assert out["E1"].mean == 85 and out["E1"].sd == 5 and out["E1"].leniency == pytest.approx(15)
    assert out["E2"].leniency == pytest.approx(-15)  # the live score has no peer


def test_improvement_compares_the_latest_later_rate_with_the_base():
    res = improvement(
        {("a", "p0"): (2, 4), ("a", "p1"): (1, 4), ("b", "p0"): (1, 5)}, ["a", "b"], ["p0", "p1"]
    )
    assert res[0].rates == (0.5, 0.25) and res[0].improved is True
    assert res[1].improved is None
