"""Contingency plans and drills (§5, seed 002): one plan per scenario with steps and owners, versioned
and audited; drills logged with findings and follow-up; the versioned requirement and its warnings;
the intraday alert's keyed message naming the plan that answers it."""

import datetime as dt

import pytest

from hotline.org.models import AuditEntry, Role
from hotline.org.texts import render
from hotline.workforce.models import Scenario
from hotline.workforce.selectors import Alert
from hotline.workforce.services import contingency as svc

D = dt.date
SURGE_STEPS = [
    {"text": "暂停小休和培训，全员上线", "role": Role.TEAM_LEADER, "minutes": 10},
    {"text": "启用排队提示音和留言", "role": "", "person": None, "minutes": 15},
]


def _surge(personas, **kw):
    steps = [dict(SURGE_STEPS[0]), {**SURGE_STEPS[1], "person": personas.planner.pk}]
    return svc.plan_save(center=personas.center, scenario=Scenario.SURGE, title="话务量突增预案",
                         trigger="话务量超过预测 50%", steps=steps, **kw)  # fmt: skip


def test_a_plan_is_saved_with_its_steps_versioned_and_audited(personas):
    plan = _surge(personas)
    assert plan.version == 1 and [s["minutes"] for s in plan.steps] == [10, 15]
    assert plan.steps[1]["person"] == personas.planner.pk
    plan = svc.plan_save(center=personas.center, plan=plan, scenario=Scenario.SURGE, title="话务量突增预案 v2",
                         trigger="话务量超过预测 50%", steps=[*plan.steps, {"text": "通知经理", "role": "manager",
                                                                       "minutes": 30}])  # fmt: skip
    assert plan.version == 2 and len(plan.steps) == 3
    e = AuditEntry.objects.get(action="contingency_plan.update")
    assert e.before["version"] == 1 and e.after["title"] == "话务量突增预案 v2" and len(e.after["steps"]) == 3
    assert AuditEntry.objects.filter(action="contingency_plan.create").count() == 1


def test_one_plan_per_scenario_but_several_others(personas):
    _surge(personas)
    with pytest.raises(svc.ContingencyError):
        _surge(personas)
    for title in ("地震", "火灾"):
        svc.plan_save(center=personas.center, scenario=Scenario.OTHER, title=title, trigger="发生时",
                      steps=[{"text": "疏散", "role": "manager", "minutes": 5}])  # fmt: skip
    # another center has its own surge plan
    svc.plan_save(center=personas.other_center, scenario=Scenario.SURGE, title="突增", trigger="超预测",
                  steps=[{"text": "全员上线", "role": "manager", "minutes": 5}])  # fmt: skip


@pytest.mark.parametrize(
    "step",
    [
        {"text": "", "role": "manager", "minutes": 5},  # no text
        {"text": "上线", "role": "", "minutes": 5},  # no owner
        {"text": "上线", "role": "boss", "minutes": 5},  # unknown role
        {"text": "上线", "role": "manager", "minutes": 0},  # no time limit
        {"text": "上线", "role": "manager", "minutes": "abc"},
    ],
)
def test_a_step_needs_a_text_an_owner_and_a_time_limit(personas, step):
    with pytest.raises(svc.ContingencyError):
        svc.plan_save(
            center=personas.center, scenario=Scenario.POWER, title="停电", trigger="停电时", steps=[step]
        )
    assert not AuditEntry.objects.exists()


def test_a_step_owner_of_another_center_is_refused(personas):
    with pytest.raises(svc.ContingencyError):
        svc.plan_save(center=personas.center, scenario=Scenario.POWER, title="停电", trigger="停电时",
                      steps=[{"text": "报修", "person": personas.outsider.pk, "minutes": 5}])  # fmt: skip


def test_blank_step_rows_are_dropped_but_a_plan_needs_one_step(personas):
    blank = {"text": "", "role": "", "person": None, "minutes": None}
    plan = svc.plan_save(center=personas.center, scenario=Scenario.POWER, title="停电", trigger="停电时",
                         steps=[blank, {"text": "启用UPS", "role": "manager", "minutes": 3}, blank])  # fmt: skip
    assert len(plan.steps) == 1
    with pytest.raises(svc.ContingencyError):
        svc.plan_save(
            center=personas.center, scenario=Scenario.OUTAGE, title="系统", trigger="故障", steps=[blank]
        )


def test_a_drill_is_logged_audited_and_never_in_the_future(personas):
    plan = _surge(personas)
    kw = {"plan": plan, "participants": "一组全体", "duration_minutes": 45, "today": D(2026, 11, 10)}
    with pytest.raises(svc.ContingencyError):
        svc.drill_save(date=D(2026, 11, 11), **kw)
    with pytest.raises(svc.ContingencyError):  # actions without a follow-up owner
        svc.drill_save(date=D(2026, 11, 3), actions="补充排队提示音", **kw)
    with pytest.raises(svc.ContingencyError):  # a follow-up owner of another center
        svc.drill_save(date=D(2026, 11, 3), actions="补充", follow_up_owner=personas.outsider, **kw)
    d = svc.drill_save(date=D(2026, 11, 3), findings="提示音未准备", actions="补充排队提示音",
                       follow_up_owner=personas.planner, **kw)  # fmt: skip
    svc.drill_save(drill=d, date=d.date, findings=d.findings, actions=d.actions, follow_up_owner=personas.planner,
                   follow_up_done=True, **kw)  # fmt: skip
    d.refresh_from_db()
    assert d.follow_up_done
    e = AuditEntry.objects.get(action="drill.update")
    assert e.before["follow_up_done"] is False and e.after["follow_up_done"] is True
    assert AuditEntry.objects.filter(action="drill.create").count() == 1


def test_warnings_count_the_last_12_months_per_center_and_scenario(personas):
    c = personas.center
    today = D(2026, 11, 10)
    assert [w["key"] for w in svc.drill_warnings(c, today)] == ["workforce.drills.no_plans"]
    surge = _surge(personas)
    absence = svc.plan_save(center=c, scenario=Scenario.ABSENCE, title="大量缺勤", trigger="在岗低于排班 20%",
                            steps=[{"text": "召回休息人员", "role": "planner", "minutes": 30}])  # fmt: skip
    kw = {"participants": "全员", "duration_minutes": 30, "today": today}
    svc.drill_save(plan=surge, date=D(2025, 11, 10), **kw)  # 365 days ago: outside the window
    svc.drill_save(plan=surge, date=D(2025, 11, 11), **kw)  # the window's first day
    warnings = svc.drill_warnings(c, today)
    assert [(w["key"], w["params"]) for w in warnings] == [
        ("workforce.drills.center", {"n": 1, "required": 2}),
        ("workforce.drills.scenario", {"scenario": "absence", "n": 0, "required": 1}),
    ]
    assert (
        render(warnings[1]["key"], warnings[1]["params"])
        == "「大量人员缺勤」最近 12 个月演练 0 次，要求每年不少于 1 次"
    )
    svc.drill_save(plan=absence, date=D(2026, 6, 1), **kw)
    assert svc.drill_warnings(c, today) == []
    # a stricter requirement from today: a new version, audited; the past keeps the old one
    svc.drill_settings_save(center=c, per_year=4, per_scenario=2, today=today)
    assert [w["params"]["required"] for w in svc.drill_warnings(c, today)] == [4, 2, 2]
    assert svc.drill_settings_for(c, D(2026, 11, 9)).per_year == 2
    assert AuditEntry.objects.filter(action="drill_settings.create").count() == 1
    with pytest.raises(svc.ContingencyError):
        svc.drill_settings_save(center=c, per_year=60, per_scenario=1, today=today)


def test_an_alert_message_names_the_plan_that_answers_it(personas):
    at = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai
    volume = Alert("volume", at, 30, 15, 1.0)
    staff = Alert("staff", at, 2, 4, 0.5)
    msg = svc.alert_message(personas.center, volume)
    assert msg["key"] == "workforce.alert.volume_no_plan"
    assert "尚未制定「话务量突增」应急预案" in render(msg["key"], msg["params"])
    plan = _surge(personas)
    msg = svc.alert_message(personas.center, volume)
    assert msg["params"]["plan_id"] == plan.pk
    assert (
        render(msg["key"], msg["params"])
        == "2026-11-02 09:00 话务量超过预测 100%：按应急预案「话务量突增预案」处理"
    )
    assert svc.alert_message(personas.center, staff)["key"] == "workforce.alert.staff_no_plan"
    assert svc.plan_for_alert(personas.other_center, "volume") is None
