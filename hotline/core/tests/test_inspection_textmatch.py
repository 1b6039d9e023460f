"""The fast tolerant matcher gives exactly the matches of the reference one (§8, issue 14).

The reference is the first implementation, kept here as the oracle: pinyin syllable by syllable
through pypinyin and the full Sellers programme for every phrase and clause. The fast one
(:mod:`hotline.core.inspection.textnorm`) uses a pinyin code string, a character filter and Myers'
bit-parallel edit distance; its answers — hit or miss, and the offsets — must be the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.core.inspection import textnorm as tn
from hotline.core.inspection.rulepack import RAW_RULES

# ---------------------------------------------------------------- the reference (oracle)


def ref_pinyin(text: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    out: list[str] = []
    for ch in text:
        out += lazy_pinyin(ch) if "\u4e00" <= ch <= "\u9fff" else [ch]
    return tuple(out)


def ref_approx(p: str, t: str, k: int) -> tuple[int, int] | None:
    m = len(p)
    prev = list(range(m + 1))
    best = None
    prev_start = list(range(m + 1))
    for j, ch in enumerate(t, start=1):
        cur = [0] * (m + 1)
        cur_start = [j] * (m + 1)
        for i in range(1, m + 1):
            sub = prev[i - 1] + (p[i - 1] != ch)
            dele = prev[i] + 1
            ins = cur[i - 1] + 1
            v = min(sub, dele, ins)
            cur[i] = v
            cur_start[i] = prev_start[i - 1] if v == sub else prev_start[i] if v == dele else cur_start[i - 1]
        if cur[m] <= k and (best is None or cur[m] < best[0]):
            best = (cur[m], cur_start[m], j)
        prev, prev_start = cur, cur_start
    return None if best is None else (best[1], best[2])


def ref_find(phrase: str, text: str, *, fuzzy: bool = True) -> tuple[int, int] | None:
    p = tn.strip(phrase)
    if not p:
        return None
    i = text.find(p)
    if i >= 0:
        return i, i + len(p)
    if not fuzzy or len(p) < 2:
        return None
    pp, tp = ref_pinyin(p), ref_pinyin(text)
    n = len(pp)
    if len(tp) == len(text):
        for s in range(len(tp) - n + 1):
            if tp[s : s + n] == pp:
                return s, s + n
    k = tn.tolerance(p)
    return ref_approx(p, text, k) if k else None


# ---------------------------------------------------------------- properties

# A small alphabet with homophones (再/在, 为/位/未, 您/宁, 是/事/市), near neighbours and Latin, so that
# random strings often match approximately, by pinyin, or almost.
ALPHABET = "再在见为位未您宁好是事市不知道清楚服务帮到可以有什么请问a1"
small = st.text(alphabet=ALPHABET, max_size=24)


@settings(max_examples=600, deadline=None)
@given(p=st.text(alphabet=ALPHABET, min_size=1, max_size=14), t=small, k=st.integers(0, 4))
def test_approx_equals_reference(p, t, k):
    assert tn._approx(p, t, k) == ref_approx(p, t, k)


@settings(max_examples=300, deadline=None)
@given(
    p=st.text(alphabet="ab", min_size=1, max_size=10),
    t=st.text(alphabet="abc", max_size=30),
    k=st.integers(0, 3),
)
def test_approx_equals_reference_on_two_letters(p, t, k):
    # ties everywhere: the start chosen among equal paths must be the same one
    assert tn._approx(p, t, k) == ref_approx(p, t, k)


@settings(max_examples=600, deadline=None)
@given(phrase=st.text(alphabet=ALPHABET, min_size=1, max_size=12), text=small, fuzzy=st.booleans())
def test_find_equals_reference(phrase, text, fuzzy):
    flat = tn.strip(text)
    assert tn.find(phrase, flat, fuzzy=fuzzy) == ref_find(phrase, flat, fuzzy=fuzzy)


def test_best_end_long_phrase():
    # phrases longer than a machine word still work (Python integers are unbounded)
    p = "很高兴为您服务" * 12
    t = "您好" + p[:40] + p[41:] + "再见"
    assert tn._approx(p, t, 2) == ref_approx(p, t, 2)


def _pack_phrases(c) -> list[str]:
    if isinstance(c, dict):
        out = list(c.get("phrase", []))
        for v in c.values():
            out += _pack_phrases(v)
        return out
    if isinstance(c, list):
        return [x for v in c for x in _pack_phrases(v)]
    return []


DATA = Path(__file__).resolve().parents[4] / "shared/data/stc3-dev-1000.json"


@pytest.mark.skipif(not DATA.exists(), reason="the STC3 development set is not on this machine")
def test_default_pack_phrases_on_real_dialogues():
    phrases = sorted(set(_pack_phrases(RAW_RULES)))
    dialogues = json.loads(DATA.read_text())[::50]
    n = 0
    for d in dialogues:
        for turn in d["turns"]:
            for u in turn["utterances"]:
                for clause in tn.clauses(u):
                    flat = tn.strip(clause)
                    for p in phrases:
                        assert tn.find(p, flat) == ref_find(p, flat), (p, flat)
                        n += 1
    assert n > 2_000


@settings(max_examples=400, deadline=None)
@given(
    phrases=st.lists(st.text(alphabet=ALPHABET + "，。 ", min_size=0, max_size=12), min_size=1, max_size=6),
    text=small,
    fuzzy=st.booleans(),
)
def test_phrase_set_equals_any_reference_find(phrases, text, fuzzy):
    flat = tn.strip(text)
    want = any(ref_find(p, flat, fuzzy=fuzzy) is not None for p in phrases)
    assert tn.phrase_set(tuple(phrases), fuzzy).any_in(flat) is want
