"""Appraisal rule versions: appended from a month's 1st, the past kept, the defaults preserved."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.core.appraisal import AppraisalInput, WorkRecord, appraise, rules_for
from hotline.org.models import AuditEntry
from hotline.performance import selectors
from hotline.performance.models import RuleSetVersion
from hotline.performance.services_rules import RulesError, rule_history, rule_set_create

OCT, NOV, DEC = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)


def _accuracy_points(month: dt.date, accuracy: float) -> int:
    inp = AppraisalInput(agent="8001", month=month, work=WorkRecord(accuracy, 0, None))
    a = appraise(inp, selectors.rule_sets())
    return sum(line.points for line in a.lines if line.rule.startswith("accuracy"))


def test_the_first_version_keeps_the_manuals_defaults_for_earlier_months(db):
    rule_set_create(effective_from=DEC, params={"accuracy_target": 98.0}, today=NOV)
    assert [r.effective_from for r in RuleSetVersion.objects.all()] == [dt.date(2000, 1, 1), NOV, DEC]
    rules = selectors.rule_sets()
    assert rules_for(OCT, rules).accuracy_target == 97.0  # October keeps 97 %
    assert rules_for(NOV, rules).accuracy_target == 99.0  # the November switch
    assert rules_for(DEC, rules).accuracy_target == 98.0 and rules_for(DEC, rules).exam_pass == 90.0


def test_an_october_appraisal_keeps_97_percent_after_a_later_rule(db):
    assert _accuracy_points(OCT, 96.0) == -4
    rule_set_create(effective_from=DEC, params={"accuracy_target": 98.0, "accuracy_points": 5}, today=NOV)
    assert _accuracy_points(OCT, 96.0) == -4  # 1 point below 97, 4 points each
    assert _accuracy_points(DEC, 96.0) == -10  # 2 points below 98, 5 points each


@pytest.mark.parametrize(
    "day, params, message",
    [
        (dt.date(2026, 12, 15), {}, "1日"),
        (OCT, {}, "不能早于本月"),
        (NOV, {}, "已有规则版本"),
        (DEC, {"nonsense": 1}, "未知"),
        (DEC, {"qa_mode": "double"}, "无效"),
    ],
)
def test_invalid_rule_versions_are_refused(db, day, params, message):
    with pytest.raises(RulesError, match=message):
        rule_set_create(effective_from=day, params=params, today=dt.date(2026, 11, 23))
    assert not RuleSetVersion.objects.exists()


def test_a_rule_version_is_audited_with_the_rules_it_replaces(personas):
    row = rule_set_create(
        effective_from=DEC, params={"qa_target": 90.0}, actor=personas.admin.user, today=NOV
    )
    entry = AuditEntry.objects.get(action="performance.rules.create", object_id=str(row.pk))
    assert entry.actor == personas.admin.user
    assert entry.before["qa_target"] == 85.0 and entry.after["qa_target"] == 90.0
    assert entry.before["effective_from"] == "2026-11-01"


def test_the_history_shows_each_versions_last_day(db):
    rule_set_create(effective_from=DEC, params={}, today=NOV)
    history = rule_history()
    assert [(h["effective_from"], h["effective_to"]) for h in history] == [
        (DEC, None), (NOV, dt.date(2026, 11, 30)), (dt.date(2000, 1, 1), dt.date(2026, 10, 31)),
    ]  # fmt: skip
