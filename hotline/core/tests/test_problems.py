"""Problem management core (§9): tree, roll-up, coverage, simple vs difficult, teams beating the average."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.core.problems import (
    DEFAULT_TARGETS,
    LEVELS,
    CallFact,
    Rule,
    classify,
    coverage,
    leaf_counts,
    rollup,
    split_reason,
    teams_on_node,
    tree_from_reasons,
    validate_targets,
)

REASONS = ["订货-修改订单", "订货-正常订货", "投诉-服务态度", "订货-修改订单"]


def test_a_reason_text_splits_into_its_path_on_any_usual_separator():
    assert split_reason("订货-修改订单") == ("订货", "修改订单")
    assert split_reason(" 订货 › 修改订单 ") == ("订货", "修改订单")
    assert split_reason("订货/修改订单/加急") == ("订货", "修改订单", "加急")
    assert split_reason("") == ()


def test_the_tree_built_from_reasons_has_parents_levels_and_leaves():
    t = tree_from_reasons(REASONS)
    assert [n.key for n in t.nodes] == ["投诉", "投诉-服务态度", "订货", "订货-修改订单", "订货-正常订货"]
    n = t.node("订货-修改订单")
    assert (n.name, n.parent, n.level, n.path) == ("修改订单", "订货", 2, ("订货", "修改订单"))
    assert set(t.leaves()) == {"投诉-服务态度", "订货-修改订单", "订货-正常订货"}
    assert t.children("订货") == ("订货-修改订单", "订货-正常订货")


def test_a_reason_maps_to_the_deepest_existing_node_or_to_none():
    t = tree_from_reasons(REASONS)
    assert t.node_for("订货 - 修改订单") == "订货-修改订单"
    assert t.node_for("订货-修改订单-加急") == "订货-修改订单"
    assert t.node_for("订货-退货") == "订货"
    assert t.node_for("咨询-价格") is None


def test_counts_roll_up_to_every_ancestor_and_unmatched_calls_are_counted_apart():
    t = tree_from_reasons(REASONS)
    facts = [CallFact(r) for r in REASONS] + [CallFact("咨询"), CallFact("订货")]
    roll = rollup(t, facts)
    assert roll.get("订货").calls == 4 and roll.get("订货-修改订单").calls == 2
    assert roll.get("投诉").calls == 1 and roll.unmatched == 1 and roll.total.calls == 6
    assert leaf_counts(t, roll) == {"订货": 1, "订货-修改订单": 2, "订货-正常订货": 1, "投诉-服务态度": 1}


def test_figures_count_only_known_flags_and_mean_handling_time():
    t = tree_from_reasons(["a-b"])
    roll = rollup(
        t, [CallFact("a-b", 100, True, None), CallFact("a-b", 200, False, True), CallFact("a-b", 300)]
    )
    f = roll.get("a")
    assert (f.resolution, f.satisfaction, f.handle) == (0.5, 1.0, 200.0)


def test_coverage_takes_the_largest_reasons_until_the_target_is_reached():
    cov = coverage({"a": 50, "b": 30, "c": 15, "d": 5}, 0.80)
    assert cov.covering == ("a", "b") and cov.covered_share == pytest.approx(0.80)
    assert [r.cumulative for r in cov.rows] == pytest.approx([0.5, 0.8, 0.95, 1.0])
    assert coverage({"a": 50, "b": 30, "c": 15, "d": 5}, 0.93).covering == ("a", "b", "c")
    assert coverage({}, 0.8).covering == ()


def test_the_default_targets_rise_from_80_at_center_level_to_93_at_team_level():
    assert validate_targets(DEFAULT_TARGETS) == {
        "center": 0.8,
        "department": 0.85,
        "skill": 0.9,
        "team": 0.93,
    }


@pytest.mark.parametrize(
    "bad",
    [
        {"center": 0.8, "department": 0.8, "skill": 0.9, "team": 0.93},
        {"center": 0.9, "department": 0.85, "skill": 0.95, "team": 0.97},
        {"center": 0.8, "department": 0.85, "skill": 0.9},
        {"center": 0.0, "department": 0.85, "skill": 0.9, "team": 0.93},
        {"center": 0.8, "department": 0.85, "skill": 0.9, "team": 1.2},
    ],
)
def test_targets_that_do_not_rise_strictly_level_by_level_are_refused(bad):
    with pytest.raises(ValueError):
        validate_targets(bad)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 60), min_size=1),
    st.floats(0.01, 1.0),
)
def test_the_covering_set_reaches_the_target_and_no_smaller_set_does(counts, target):
    cov = coverage(counts, target)
    total = sum(counts.values())
    chosen = cov.covering
    assert sum(counts[k] for k in chosen) * 1_000_000 >= round(target * 1_000_000) * total
    smaller = len(chosen) - 1
    for combo in combinations(counts, smaller) if smaller >= 0 else ():
        assert sum(counts[k] for k in combo) * 1_000_000 < round(target * 1_000_000) * total


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.05, 1.0), min_size=4, max_size=4))
def test_validated_targets_are_strictly_increasing_or_refused(values):
    targets = dict(zip(LEVELS, values, strict=True))
    try:
        ok = validate_targets(targets)
    except ValueError:
        assert any(b <= a for a, b in zip(values, values[1:], strict=False))
    else:
        assert all(ok[b] > ok[a] for a, b in zip(LEVELS, LEVELS[1:], strict=False))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(1, 40), min_size=1), st.floats(0.05, 0.9))
def test_a_higher_target_never_needs_fewer_reasons(counts, t):
    assert len(coverage(counts, t).covering) <= len(coverage(counts, min(1.0, t + 0.05)).covering)


def _facts():
    # 订货-正常订货: quick, resolved, satisfied; 订货-修改订单: slow, unresolved half the time.
    out = []
    for i in range(6):
        out.append(CallFact("订货-正常订货", 100, True, True, "一组" if i % 2 else "二组"))
    for i in range(4):
        good = i < 2
        out.append(CallFact("订货-修改订单", 150 if good else 400, good, good, "一组" if good else "二组"))
    return out


def test_a_child_is_simple_when_it_does_at_least_as_well_as_its_parent():
    t = tree_from_reasons(["订货-正常订货", "订货-修改订单"])
    roll = rollup(t, _facts())
    got = {c.key: c for c in classify(t, roll)}
    assert got["订货-正常订货"].simple and got["订货"].simple  # the top node equals the total
    assert not got["订货-修改订单"].simple
    assert set(got["订货-修改订单"].failed) == {"resolution", "satisfaction", "handle"}


def test_the_rule_can_ignore_a_metric_or_allow_a_tolerance():
    t = tree_from_reasons(["a-x", "a-y"])
    facts = [CallFact("a-x", 110, True, True)] * 2 + [CallFact("a-y", 90, True, True)] * 2
    roll = rollup(t, facts)
    assert not {c.key: c for c in classify(t, roll)}["a-x"].simple
    assert {c.key: c for c in classify(t, roll, Rule(metrics=("resolution", "satisfaction")))}["a-x"].simple
    assert {c.key: c for c in classify(t, roll, Rule(tolerance=0.2))}["a-x"].simple
    with pytest.raises(ValueError):
        Rule(metrics=("speed",))


def test_for_a_difficult_problem_the_team_that_beats_its_average_comes_first():
    t = tree_from_reasons(["订货-正常订货", "订货-修改订单"])
    res = teams_on_node(t, "订货-修改订单", _facts(), min_calls=2)
    assert [(r.team, r.beats) for r in res] == [("一组", True), ("二组", False)]
    assert res[0].figures.calls == 2 and res[0].figures.handle == 150
    assert not any(r.beats for r in teams_on_node(t, "订货-修改订单", _facts(), min_calls=3))
