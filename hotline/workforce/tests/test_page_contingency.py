"""The contingency pages (§5, seed 002): plans with steps (planner, manager, admin edit; team leaders
read), the drills log with its warnings, the drill requirement setting, and the intraday alert linking
to the plan of its scenario. Wrong roles and other centers are refused."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hotline.org.models import AuditEntry
from hotline.org.texts import render
from hotline.workforce.models import ContingencyPlan, Drill, Scenario
from hotline.workforce.services import contingency as svc
from hotline.workforce.tasks import _intraday_job

from .helpers import make_shifts, published_roster

pytestmark = pytest.mark.clock("2026-11-10T10:00")
LIST = reverse("workforce:contingency")
NEW = reverse("workforce:contingency_new")
DRILLS = reverse("workforce:drills")
SETTINGS = reverse("workforce:settings_drills")


def _post_plan(scenario="absence", title="大量缺勤预案", steps=(("召回休息人员", "planner", "30"),)):
    data = {"scenario": scenario, "title": title, "trigger": "在岗人数低于排班 20%",
            "step-TOTAL_FORMS": str(len(steps) + 1), "step-INITIAL_FORMS": "0"}  # fmt: skip
    for i, (text, role, minutes) in enumerate(steps):
        data.update({f"step-{i}-text": text, f"step-{i}-role": role, f"step-{i}-minutes": minutes})
    return data


def _plan(personas, scenario=Scenario.ABSENCE, center=None):
    return svc.plan_save(center=center or personas.center, scenario=scenario, title="大量缺勤预案",
                         trigger="在岗人数低于排班 20%", steps=[{"text": "召回休息人员", "role": "planner",
                                                                 "minutes": 30}])  # fmt: skip


def test_a_planner_writes_a_plan_with_steps_and_edits_it(personas, login):
    c = login(personas.planner)
    assert "暂无应急预案" in c.get(LIST).content.decode()
    r = c.post(NEW, _post_plan(steps=(("召回休息人员", "planner", "30"), ("通知经理", "", "10"))))
    assert r.status_code == 200 and "第 2 步：请指定负责角色或负责人" in r.content.decode()
    r = c.post(NEW, _post_plan(steps=(("召回休息人员", "planner", "30"), ("通知经理", "manager", "10"))))
    plan = ContingencyPlan.objects.get()
    assert r.status_code == 302 and [s["minutes"] for s in plan.steps] == [30, 10]
    page = c.get(reverse("workforce:contingency_plan", args=[plan.pk])).content.decode()
    assert "召回休息人员" in page and "呼叫中心经理" in page and 'id="plan-form"' in page
    c.post(reverse("workforce:contingency_plan", args=[plan.pk]), _post_plan(title="大量缺勤预案（修订）"))
    plan.refresh_from_db()
    assert plan.version == 2 and plan.title == "大量缺勤预案（修订）" and len(plan.steps) == 1
    assert AuditEntry.objects.filter(action__startswith="contingency_plan.").count() == 2
    assert "第 2 版" in c.get(LIST).content.decode() or "大量缺勤预案（修订）" in c.get(LIST).content.decode()


def test_a_second_plan_of_the_same_scenario_is_refused_in_chinese(personas, login):
    _plan(personas)
    r = login(personas.manager).post(NEW, _post_plan(), follow=True)
    assert "本中心已有该情形的应急预案" in r.content.decode() and ContingencyPlan.objects.count() == 1


def test_a_team_leader_reads_plans_and_drills_but_cannot_change_them(personas, login):
    plan = _plan(personas)
    c = login(personas.leader)
    assert "大量缺勤预案" in c.get(LIST).content.decode()
    page = c.get(reverse("workforce:contingency_plan", args=[plan.pk])).content.decode()
    assert "召回休息人员" in page and 'id="plan-form"' not in page
    assert c.get(NEW).status_code == 403
    assert (
        c.post(reverse("workforce:contingency_plan", args=[plan.pk]), _post_plan(title="x")).status_code
        == 403
    )
    assert c.get(DRILLS).status_code == 200 and 'id="drill-form"' not in c.get(DRILLS).content.decode()
    assert c.post(DRILLS, {"plan": plan.pk, "date": "2026-11-01"}).status_code == 403
    assert c.get(SETTINGS).status_code == 403
    plan.refresh_from_db()
    assert plan.title == "大量缺勤预案" and not Drill.objects.exists()


def test_other_roles_are_refused(personas, login):
    plan = _plan(personas)
    for who in (personas.agent, personas.monitor, personas.trainer):
        c = login(who)
        for url in (LIST, NEW, DRILLS, SETTINGS, reverse("workforce:contingency_plan", args=[plan.pk])):
            assert c.get(url).status_code == 403, (who, url)
        assert c.post(NEW, _post_plan(scenario="surge")).status_code == 403
    assert ContingencyPlan.objects.count() == 1


def test_another_centers_plans_and_drills_are_not_found(personas, login):
    plan = _plan(personas)
    drill = svc.drill_save(plan=plan, date=dt.date(2026, 11, 1), participants="全员", duration_minutes=30)
    c = login(personas.outsider)
    assert c.get(reverse("workforce:contingency_plan", args=[plan.pk])).status_code == 404
    assert (
        c.post(reverse("workforce:contingency_plan", args=[plan.pk]), _post_plan(title="x")).status_code
        == 404
    )
    assert c.get(reverse("workforce:drill", args=[drill.pk])).status_code == 404
    assert c.get(LIST + f"?center={personas.center.pk}").status_code == 404
    assert "大量缺勤预案" not in c.get(LIST).content.decode()
    # a drill of the outsider's center cannot name our plan
    r = c.post(DRILLS, {"plan": plan.pk, "date": "2026-11-01", "participants": "x", "duration_minutes": "10"})
    assert r.status_code == 200 and Drill.objects.count() == 1


def test_a_planner_logs_a_drill_and_the_warning_follows_the_requirement(personas, login):
    plan = _plan(personas)
    c = login(personas.planner)
    page = c.get(DRILLS).content.decode()
    assert "最近 12 个月只演练了 0 次，要求每年不少于 2 次" in page
    r = c.post(DRILLS, {"plan": plan.pk, "date": "2026-11-12", "participants": "一组", "duration_minutes": "40"},
               follow=True)  # fmt: skip
    assert "演练日期不能晚于今天" in r.content.decode() and not Drill.objects.exists()
    for day in ("2026-03-05", "2026-09-20"):
        c.post(DRILLS, {"plan": plan.pk, "date": day, "participants": "一组、二组", "duration_minutes": "40",
                        "findings": "召回电话未接通", "actions": "更新联系表",
                        "follow_up_owner": personas.leader.pk})  # fmt: skip
    assert Drill.objects.count() == 2 and AuditEntry.objects.filter(action="drill.create").count() == 2
    page = c.get(DRILLS).content.decode()
    assert 'id="drill-ok"' in page and "召回电话未接通" in page
    d = Drill.objects.order_by("date").first()
    c.post(reverse("workforce:drill", args=[d.pk]), {"plan": plan.pk, "date": "2026-03-05", "participants": "一组",
           "duration_minutes": "40", "actions": "更新联系表", "follow_up_owner": personas.leader.pk,
           "follow_up_done": "on"})  # fmt: skip
    d.refresh_from_db()
    assert d.follow_up_done and AuditEntry.objects.filter(action="drill.update").count() == 1
    # three a year from today: the page warns again
    c.post(SETTINGS, {"per_year": "3", "per_scenario": "1", "effective_from": "2026-11-10"})
    assert AuditEntry.objects.filter(action="drill_settings.create").count() == 1
    assert "最近 12 个月只演练了 2 次，要求每年不少于 3 次" in c.get(DRILLS).content.decode()
    assert "最近 12 个月只演练了 2 次" in c.get(LIST).content.decode()


def test_a_bad_requirement_is_refused(personas, login):
    r = login(personas.manager).post(
        SETTINGS, {"per_year": "-1", "per_scenario": "1", "effective_from": "2026-11-10"}
    )
    assert r.status_code == 200 and not AuditEntry.objects.exists()


def test_the_intraday_alert_links_to_the_plan_of_its_scenario(personas, login):
    day = dt.date(2026, 11, 2)
    s = make_shifts(personas.center)
    published_roster(personas.center, personas.team_a, day, {personas.agent: "早", personas.peer: "早"}, s)
    c = login(personas.planner)
    f = SimpleUploadedFile("s.csv", b"agent,start,end,state\n8001,2026-11-02T08:30,2026-11-02T17:30,ready\n")
    c.post(reverse("workforce:intraday") + "?date=2026-11-02", {"file": f})
    page = c.get(reverse("workforce:intraday") + "?date=2026-11-02").content.decode()
    assert "尚未制定「大量人员缺勤」应急预案" in page and "?scenario=absence" in page
    plan = _plan(personas)
    for who in (personas.planner, personas.leader):
        page = login(who).get(reverse("workforce:intraday") + "?date=2026-11-02").content.decode()
        assert reverse("workforce:contingency_plan", args=[plan.pk]) in page
        assert "在岗人数低于排班 50%：按应急预案「大量缺勤预案」处理" in page
    # the background refresh keeps the same link: a keyed message (rendered when read) and the plan id
    result = _intraday_job(SimpleNamespace(params={"center": personas.center.pk, "day": "2026-11-02"}), None)
    staff = [a for a in result["alerts"] if a["kind"] == "staff"]
    assert staff and all(a["plan"] == plan.pk for a in staff)
    assert staff[0]["message"]["key"] == "workforce.alert.staff_plan"
    assert "大量缺勤预案" in render(staff[0]["message"]["key"], staff[0]["message"]["params"])
