"""Leaf-by-leaf editing of rule conditions (§8, the rule-pack editor)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hotline.core.inspection import ruleedit
from hotline.core.inspection.rulepack import RAW_RULES
from hotline.core.inspection.rules import compile_rules

TREE = {"or": [{"role": "agent", "phrase": ["您好"]},
               {"and": [{"not": {"role": "agent", "regex": "你(?!好)"}}, {"silence": {"longer_than": 8}}]}]}  # fmt: skip


def test_leaves_in_reading_order_with_paths():
    got = ruleedit.leaves(TREE)
    assert [ruleedit.path_key(p) for p, _ in got] == ["or0", "or1.and0.not", "or1.and1"]
    assert [ruleedit.leaf_kind(leaf) for _, leaf in got] == ["text", "text", "silence"]
    assert ruleedit.leaves({"hold": {}}) == [((), {"hold": {}})]


def test_replace_leaf_changes_one_leaf_and_not_the_input():
    path = ruleedit.leaves(TREE)[2][0]
    new = ruleedit.replace_leaf(TREE, path, {"silence": {"longer_than": 12, "count": 2}})
    assert new["or"][1]["and"][1] == {"silence": {"longer_than": 12, "count": 2}}
    assert TREE["or"][1]["and"][1] == {"silence": {"longer_than": 8}}
    assert new["or"][0] == TREE["or"][0]


def test_every_leaf_of_the_default_pack_can_be_rewritten_to_itself():
    for rule in RAW_RULES:
        cond = rule["when"]
        out = cond
        for path, leaf in ruleedit.leaves(cond):
            out = ruleedit.replace_leaf(out, path, leaf)
        assert out == cond
    compile_rules(RAW_RULES)


@given(st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=4))
def test_a_rewritten_pack_still_compiles(words):
    rules = []
    for rule in RAW_RULES:
        cond = rule["when"]
        for path, leaf in ruleedit.leaves(cond):
            if "phrase" in leaf:
                cond = ruleedit.replace_leaf(cond, path, {**leaf, "phrase": words})
        rules.append({**rule, "when": cond})
    compile_rules(rules)
