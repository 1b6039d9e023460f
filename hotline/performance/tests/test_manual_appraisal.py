"""Appraisal per the manual (issue 15, SPEC §6): rule versions per center, the QA link as a center's
setting, "other work", dismissal flags, half-year and annual totals with rank."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hotline.org.models import Absence, AuditEntry
from hotline.performance import selectors, services
from hotline.performance.models import (
    AppraisalSignoff,
    Attendance,
    Incident,
    OtherWorkEntry,
    RuleSetVersion,
    WorkMonth,
)
from hotline.performance.services_rules import RulesError, rule_history, rule_set_create

OCT, NOV, DEC = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)
JAN27 = dt.date(2027, 1, 1)


# --- rule versions per center -----------------------------------------------------------------------


def test_a_centers_own_version_wins_over_the_global_one_from_its_month(personas):
    rule_set_create(center=personas.center, effective_from=DEC, params={"accuracy_target": 95.0}, today=NOV)
    assert selectors.rules_in_force(personas.center, OCT).accuracy_target == 97.0  # before: global
    assert selectors.rules_in_force(personas.center, NOV).accuracy_target == 99.0  # the November switch
    assert selectors.rules_in_force(personas.center, DEC).accuracy_target == 95.0  # its own
    assert selectors.rules_in_force(personas.center, DEC).exam_pass == 90.0  # the rest kept
    assert selectors.rules_in_force(personas.other_center, DEC).accuracy_target == 99.0  # others unchanged
    # the manual's versions (with the November switch) are now stored global versions, kept as they were
    glob = list(RuleSetVersion.objects.filter(center__isnull=True).order_by("effective_from"))
    assert [r.effective_from for r in glob] == [dt.date(2000, 1, 1), NOV]
    assert glob[1].params["accuracy_target"] == 99.0 and glob[1].params["exam_pass"] == 90.0


def test_a_later_global_version_does_not_override_a_centers_own(personas):
    rule_set_create(center=personas.center, effective_from=DEC, params={"accuracy_target": 95.0}, today=NOV)
    rule_set_create(effective_from=JAN27, params={"accuracy_target": 98.0}, today=DEC)
    assert selectors.rules_in_force(personas.center, JAN27).accuracy_target == 95.0
    assert selectors.rules_in_force(personas.other_center, JAN27).accuracy_target == 98.0


def test_the_appraisal_uses_the_rules_of_the_agents_center(personas):
    for p in (personas.agent, personas.other_agent):
        WorkMonth.objects.create(key=f"w{p.pk}", agent=p, month=DEC, accuracy=96.0)
    rule_set_create(center=personas.center, effective_from=DEC, params={"accuracy_target": 97.0}, today=DEC)
    got = dict(
        services.appraisals_get(agents=[personas.agent, personas.other_agent], month=DEC, persist=False)
    )
    assert got[personas.agent]["evaluation"] == 76  # 1 point below its 97
    assert got[personas.other_agent]["evaluation"] == 68  # 3 points below the global 99


def test_center_versions_keep_the_monthly_rules_and_are_appended(personas):
    with pytest.raises(RulesError, match="1日"):
        rule_set_create(center=personas.center, effective_from=dt.date(2026, 12, 2), params={}, today=DEC)
    with pytest.raises(RulesError, match="不能早于本月"):
        rule_set_create(center=personas.center, effective_from=NOV, params={}, today=DEC)
    rule_set_create(center=personas.center, effective_from=JAN27, params={}, today=DEC)
    with pytest.raises(RulesError, match="已有规则版本"):
        rule_set_create(center=personas.center, effective_from=JAN27, params={}, today=DEC)
    rule_set_create(center=personas.other_center, effective_from=JAN27, params={}, today=DEC)  # its own scope


def test_a_centers_history_shows_the_global_versions_then_its_own(personas):
    rule_set_create(center=personas.center, effective_from=DEC, params={"qa_mode": "deduct_below"}, today=DEC)
    h = rule_history(personas.center)
    assert [(x["effective_from"], x["effective_to"], x["own"]) for x in h] == [
        (DEC, None, True), (NOV, dt.date(2026, 11, 30), False), (dt.date(2000, 1, 1), dt.date(2026, 10, 31), False),
    ]  # fmt: skip
    entry = AuditEntry.objects.get(action="performance.rules.create")
    assert entry.after["center"] == "langfang" and entry.before["qa_mode"] == "off"


# --- other work ---------------------------------------------------------------------------------------


def test_other_work_is_entered_audited_and_shown_on_the_result(personas):
    services.other_work_set(agent=personas.agent, month=OCT, points=3, amount=30, note="资料整理未按期",
                            actor=personas.leader.user)  # fmt: skip
    ((_p, d),) = services.appraisals_get(agents=[personas.agent], month=OCT, persist=False)
    assert d["evaluation"] == 77 and d["money"]["evaluation"] == 180 and d["money"]["total"] == 380
    assert d["other_work"] == {"points": 3, "amount": 30.0, "note": "资料整理未按期"}
    services.other_work_set(
        agent=personas.agent, month=OCT, points=0, amount=None, note="", actor=personas.manager.user
    )
    assert OtherWorkEntry.objects.get().points == 0
    entries = AuditEntry.objects.filter(action="appraisal.other_work").order_by("id")
    assert [e.before for e in entries][0] is None and entries[1].before["points"] == 3


@pytest.mark.parametrize("points, amount", [(21, None), (0, 51), (0, -1)])
def test_other_work_out_of_range_is_refused(personas, points, amount):
    with pytest.raises(services.OtherWorkError):
        services.other_work_set(
            agent=personas.agent, month=OCT, points=points, amount=amount, note="", actor=None
        )
    assert not OtherWorkEntry.objects.exists()


def test_other_work_of_a_signed_off_month_is_refused(personas):
    AppraisalSignoff.objects.create(center=personas.center, month=OCT, locked=True)
    with pytest.raises(services.MonthLocked):
        services.other_work_set(agent=personas.agent, month=OCT, points=2, amount=None, note="", actor=None)


def ow_url(person, month="2026-10"):
    return reverse("performance:other_work", args=[person.pk, month])


def test_the_team_leader_enters_other_work_on_the_appraisal_page(personas, login):
    c = login(personas.leader)
    page = c.get(reverse("performance:detail", args=[personas.agent.pk, "2026-10"])).content.decode()
    assert 'id="other-work"' in page and "其他工作奖50元全额核发" in page and 'name="points"' in page
    r = c.post(ow_url(personas.agent), {"points": "4", "amount": "25", "note": "培训资料"})
    assert r.status_code == 302
    page = c.get(reverse("performance:detail", args=[personas.agent.pk, "2026-10"])).content.decode()
    assert "其他工作完成情况及表现：培训资料" in page and "其他工作完成情况核发25元（共50元）" in page


@pytest.mark.parametrize("who, target, status", [
    ("agent", "agent", 403),  # an agent sees but may not enter their own
    ("leader", "stranger", 404),  # another team: not visible to the leader
    ("monitor", "agent", 404),
    ("outsider", "agent", 404),  # another center's manager
])  # fmt: skip
def test_other_work_by_the_wrong_person_is_refused(personas, login, who, target, status):
    r = login(getattr(personas, who)).post(ow_url(getattr(personas, target)), {"points": "4"})
    assert r.status_code == status and not OtherWorkEntry.objects.exists()


def test_a_bad_amount_is_refused_with_the_reason(personas, login):
    c = login(personas.manager)
    r = c.post(ow_url(personas.agent), {"points": "2", "amount": "80"}, follow=True)
    assert "核发金额须在0到50元之间" in r.content.decode() and not OtherWorkEntry.objects.exists()


# --- dismissal flags ------------------------------------------------------------------------------------


def _long_sick_and_more(person):
    Absence.objects.create(person=person, kind=Absence.Kind.SICK, first_day=dt.date(2026, 3, 2),
                           last_day=dt.date(2026, 3, 10))  # 9 days: long sick leave  # fmt: skip
    Attendance.objects.create(key=f"l{person.pk}", agent=person, date=dt.date(2026, 5, 6), kind="late")
    Incident.objects.create(key=f"x{person.pk}", agent=person, type="violation", date=dt.date(2026, 8, 3),
                            kind="absent_or_late_3h", points=5)  # fmt: skip


def test_dismissal_flags_read_the_year_of_leave_lates_and_absences(personas):
    _long_sick_and_more(personas.agent)
    Absence.objects.create(person=personas.peer, kind=Absence.Kind.PERSONAL, first_day=dt.date(2026, 6, 1),
                           last_day=dt.date(2026, 7, 5))  # 35 days  # fmt: skip
    flags = dict(
        services.dismissal_flags_get(agents=[personas.agent, personas.peer, personas.stranger], month=OCT)
    )
    assert [f.rule for f in flags[personas.agent]] == ["dismissal.combined"]
    assert [(f.rule, f.quantity) for f in flags[personas.peer]] == [("dismissal.personal", 35.0)]
    assert personas.stranger not in flags
    assert (
        services.dismissal_flags_get(agents=[personas.agent], month=dt.date(2026, 7, 1)) == []
    )  # no absence yet
    assert services.dismissal_flags_get(agents=[personas.peer], month=dt.date(2027, 1, 1)) == []  # a new year


def test_the_optional_low_total_rule_reads_the_months_totals(personas):
    rule_set_create(center=personas.center, effective_from=OCT, today=OCT,
                    params={"low_total_below": 95, "low_total_months": 2})  # fmt: skip
    for m in (dt.date(2026, 9, 14), dt.date(2026, 10, 14)):
        Incident.objects.create(key=f"v{m}", agent=personas.agent, type="violation", date=m, points=8)
    (flagged,) = services.dismissal_flags_get(agents=[personas.agent, personas.peer], month=OCT)
    assert flagged[0] == personas.agent and flagged[1][0].rule == "dismissal.low_total"


def test_the_manager_sees_the_flags_on_the_appraisal_table_not_the_team_leader(personas, login):
    _long_sick_and_more(personas.agent)
    page = login(personas.manager).get("/performance/table/?month=2026-10").content.decode()
    assert 'id="dismissal-flags"' in page and "又有长时间病假" in page and "张三" in page
    assert (
        'id="dismissal-flags"'
        not in login(personas.leader).get("/performance/table/?month=2026-10").content.decode()
    )
    other = login(personas.outsider).get("/performance/table/?month=2026-10").content.decode()
    assert 'id="dismissal-flags"' not in other and "张三" not in other


# --- half-year and annual totals -----------------------------------------------------------------------


def _totals_data(personas):
    # agent: −5 in July, peer: −5 in August, stranger: −2 in September → agent and peer tie for second
    for person, day, points in ((personas.agent, dt.date(2026, 7, 3), 5), (personas.peer, dt.date(2026, 8, 3), 5),
                                (personas.stranger, dt.date(2026, 9, 3), 2)):  # fmt: skip
        Incident.objects.create(key=f"v{person.pk}", agent=person, type="violation", date=day, points=points)


@pytest.mark.clock("2026-12-07T10:00")
def test_half_year_totals_are_sums_ranked_with_ties_and_the_first_place_named(personas):
    _totals_data(personas)
    agents = [personas.agent, personas.peer, personas.stranger]
    rows, months = services.period_totals_get(agents=agents, year=2026, half=2, upto=DEC)
    assert len(months) == 6
    got = [(r["person"].name, r["total"], r["rank"]) for r in rows]
    assert got == [("王五", 598, 1), ("李四", 595, 2), ("张三", 595, 2)]  # ties in pinyin order: li < zhang
    rows, months = services.period_totals_get(agents=agents, year=2026, half=None, upto=dt.date(2026, 8, 1))
    assert len(months) == 8 and [r["total"] for r in rows] == [800, 795, 795]  # annual to date


@pytest.mark.clock("2026-12-07T10:00")
def test_the_totals_page_and_its_xlsx(personas, login):
    _totals_data(personas)
    c = login(personas.manager)
    page = c.get("/performance/totals/?year=2026&half=2").content.decode()
    assert 'id="first-place"' in page and "王五（8003）" in page and "598" in page
    r = c.get("/performance/totals/?year=2026&half=2&format=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws["B2"].value == "王五" and ws["A4"].value == 1 and ws["C4"].value == "王五"
    assert [ws.cell(row=i, column=1).value for i in (5, 6)] == [2, 2]
    leader = login(personas.leader).get("/performance/totals/?year=2026&half=2").content.decode()
    assert "张三" in leader and "王五" not in leader  # the team leader: their team only


@pytest.mark.parametrize("who", ["agent", "monitor", "planner", "trainer"])
def test_the_totals_page_is_refused_to_other_roles(personas, login, who):
    assert login(getattr(personas, who)).get("/performance/totals/?year=2026").status_code == 403


def test_another_centers_manager_sees_only_their_own_center(personas, login):
    page = login(personas.outsider).get(f"/performance/totals/?year=2026&center={personas.center.pk}")
    assert (
        page.status_code == 200
        and "张三" not in page.content.decode()
        and "黄岛中心" in page.content.decode()
    )
