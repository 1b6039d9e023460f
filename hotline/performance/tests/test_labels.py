"""Appraisal explanation lines from the core are shown in English when English is active."""

import datetime as dt
from dataclasses import replace

import pytest
from django.utils import translation

from hotline.core.appraisal import (
    DEFAULT_RULE_SETS,
    AppraisalInput,
    AttendanceEvent,
    ExamResult,
    Incident,
    OtherWork,
    WorkRecord,
    appraise,
)
from hotline.performance.labels import RULE_TEXTS, line_label, localize, rule_key

OCT = dt.date(2026, 10, 1)
CJK = "\u4e00-\u9fff"


def heavy_month():
    """A month that triggers every rule of the core: each attendance kind, caps, floors, fines, bonus."""
    kinds = ["late", "early", "sick", "personal"] * 3
    att = [AttendanceEvent(f"a{i}", k, OCT, 0.5 if k == "sick" else 5.0) for i, k in enumerate(kinds)]
    return AppraisalInput(
        agent="8001",
        month=OCT,
        attendance=(*att, att[0]),
        exams=(ExamResult("e1", OCT, 40.0), ExamResult("e2", OCT, 60.0, pass_mark=80.0)),
        work=WorkRecord(accuracy=70.0, cases_over_limit=30, mean_handling_minutes=60.0),
        violations=(
            Incident("v1", OCT, 10, kind="uniform", note=""),
            Incident("v2", OCT, 10, kind="", note="未着制服或着装不规范"),
            Incident("v3", OCT, 10, kind="virus"),
        ),
        commendations=tuple(Incident(f"c{i}", OCT, 5, note="客户来信表扬") for i in range(3)),
        qa_score=60.0,
        other_work=OtherWork(points=4, amount=20.0, note="其他工作"),
    )


def all_lines():
    """Lines of the heavy month under the two QA modes that deduct (their rules differ)."""
    out, first = [], None
    for mode in ("deduct_below", "violation_below"):
        tight = [
            replace(r, qa_mode=mode, money=replace(r.money, evaluation_bonus=100)) for r in DEFAULT_RULE_SETS
        ]
        d = appraise(heavy_month(), tight, money=True).as_dict()
        first = first or d
        out += [*d["lines"], *((d.get("money") or {}).get("lines") or [])]
    return first, out


def test_the_heavy_month_reaches_every_rule_that_has_a_template():
    _d, lines = all_lines()
    seen = {rule_key(ln["rule"]) for ln in lines}
    assert set(RULE_TEXTS) - seen == {"money.personal", "money.sick.all"}  # full loss replaces per-day


def test_every_core_label_matches_its_template_and_reads_the_same_in_chinese():
    _d, lines = all_lines()
    with translation.override("zh-hans"):
        for ln in lines:
            assert rule_key(ln["rule"]) in RULE_TEXTS, ln["rule"]
            assert line_label(ln["rule"], ln["label"]) == ln["label"]


@pytest.mark.parametrize("lang", ["en"])
def test_every_core_label_is_rendered_without_chinese_in_english(lang):
    d, _lines = all_lines()
    with translation.override(lang):
        localize(d)
    shown = [ln["label"] for ln in [*d["lines"], *d["money"]["lines"]]] + [ln["unit"] for ln in d["lines"]]
    leftovers = [s for s in shown + list(d["notes"]) if any("\u4e00" <= c <= "\u9fff" for c in s)]
    assert leftovers == ["Commendation: 客户来信表扬"] * 3  # a free-text note stays as the user wrote it


def test_an_unknown_rule_or_a_label_that_does_not_match_is_shown_unchanged():
    with translation.override("en"):
        assert line_label("attendance.late", "别的说法") == "别的说法"
        assert line_label("no.such.rule", "迟到每次扣2分") == "迟到每次扣2分"
