"""Leave rules as a versioned setting (§5 Leave: "rules as settings"): notice per kind, the longest
request, a second person of the team on leave — each request judged by the rules in force that day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from hotline.org.models import AuditEntry
from hotline.workforce.services.leave import (
    LeaveRefused,
    leave_request_create,
    leave_request_decide,
    leave_rules_for,
    leave_rules_save,
)

pytestmark = pytest.mark.clock("2026-11-02T09:00")
D = dt.date
URL = "/workforce/settings/leave/"


def _rules(center, **kw):
    values = {"annual_notice_days": 30, "personal_notice_days": 2, "sick_notice_days": 0, "max_days": 93}
    return leave_rules_save(center=center, **{**values, **kw})


def test_the_manuals_defaults_apply_until_a_center_sets_its_own(personas):
    r = leave_rules_for(personas.center)
    assert (r.annual_notice_days, r.personal_notice_days, r.sick_notice_days, r.max_days) == (30, 2, 0, 93)
    assert not r.team_overlap_refused and r.pk is None
    with pytest.raises(LeaveRefused, match="提前 2 天"):
        leave_request_create(agent=personas.agent, first_day=D(2026, 11, 3), kind="personal")
    leave_request_create(agent=personas.agent, first_day=D(2026, 11, 4), kind="personal")


def test_a_new_version_changes_the_notice_from_its_first_day_only(personas):
    import time_machine

    _rules(personas.center, personal_notice_days=5, effective_from=D(2026, 11, 3))
    # today (11-02) the old rule (2 days) is still in force
    leave_request_create(agent=personas.agent, first_day=D(2026, 11, 4), kind="personal")
    with time_machine.travel(dt.datetime(2026, 11, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        with pytest.raises(LeaveRefused, match="提前 5 天"):
            leave_request_create(agent=personas.peer, first_day=D(2026, 11, 6), kind="personal")
        leave_request_create(agent=personas.peer, first_day=D(2026, 11, 8), kind="personal")
    assert AuditEntry.objects.filter(action__startswith="leave_rules").exists()


def test_sick_leave_notice_and_the_longest_request_follow_the_rules(personas):
    _rules(personas.center, sick_notice_days=1, max_days=5)
    with pytest.raises(LeaveRefused, match="提前 1 天"):
        leave_request_create(agent=personas.agent, first_day=D(2026, 11, 2), kind="sick")
    with pytest.raises(LeaveRefused, match="最多 5 天"):
        leave_request_create(
            agent=personas.agent, first_day=D(2026, 11, 10), last_day=D(2026, 11, 15), kind="sick"
        )
    leave_request_create(
        agent=personas.agent, first_day=D(2026, 11, 10), last_day=D(2026, 11, 14), kind="sick"
    )


def test_a_center_may_refuse_a_second_person_of_the_team_on_leave(personas):
    first = leave_request_create(agent=personas.agent, first_day=D(2026, 11, 10), kind="sick")
    leave_request_decide(req=first, approve=True, actor=personas.leader.user)
    second = leave_request_create(agent=personas.peer, first_day=D(2026, 11, 10), kind="sick")
    _rules(personas.center, team_overlap_refused=True)
    with pytest.raises(LeaveRefused, match=personas.agent.name):
        leave_request_decide(req=second, approve=True, actor=personas.leader.user)
    leave_request_decide(req=second, approve=False, actor=personas.leader.user, refusal="同期已有人休假")


def test_bad_values_are_refused(personas):
    with pytest.raises(LeaveRefused, match="0 至 365"):
        _rules(personas.center, annual_notice_days=400)
    with pytest.raises(LeaveRefused, match="1 至 366"):
        _rules(personas.center, max_days=0)


def test_the_settings_page_saves_a_version_and_refuses_others(personas, login):
    planner = login(personas.planner)
    page = planner.get(URL)
    assert page.status_code == 200 and "请假规则" in page.content.decode()
    resp = planner.post(URL, {"annual_notice_days": 20, "personal_notice_days": 3, "sick_notice_days": 0,
                              "max_days": 30, "effective_from": "2026-11-05"})  # fmt: skip
    assert resp.status_code == 302
    assert leave_rules_for(personas.center, D(2026, 11, 5)).annual_notice_days == 20
    assert leave_rules_for(personas.center, D(2026, 11, 4)).annual_notice_days == 30
    bad = planner.post(URL, {"annual_notice_days": -1, "personal_notice_days": 3, "sick_notice_days": 0,
                             "max_days": 30, "effective_from": "2026-11-06"})  # fmt: skip
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    for who in (personas.agent, personas.leader, personas.monitor, personas.trainer):
        assert login(who).get(URL).status_code == 403
    assert login(personas.outsider).get(URL, {"center": personas.center.pk}).status_code == 404
