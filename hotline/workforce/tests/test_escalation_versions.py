"""Escalation levels as a versioned policy (issue 11; kind ``escalation``, keyed by ``level``): an alert
is escalated by the levels in force on its day, a change never rewrites a past day, a level is withdrawn
by a version (nothing deleted), and ``/api/policies/escalation`` reads and appends with the same rules."""

import datetime as dt

import pytest
from django.utils.translation import override

from hotline.org.models import ApiToken, AuditEntry, Role
from hotline.org.policies import OPEN_START, policies_in_force
from hotline.workforce.models import EscalationLevel, ForecastInterval, ForecastRun
from hotline.workforce.selectors import escalation_levels, intraday
from hotline.workforce.services.intraday import settings_for
from hotline.workforce.services.policies import (
    SettingsError,
    escalation_level_remove,
    escalation_level_set,
)

from .helpers import SH, make_calls, make_skill

DAY = dt.date(2026, 11, 2)  # the alert's day
LATER = dt.date(2026, 11, 20)  # the day the levels are changed
J = "application/json"


def _levels(center, day):
    return [(lv.level, lv.within_minutes, lv.role) for lv in escalation_levels(center, day)]


def _set_on_day(personas):
    c = personas.center
    escalation_level_set(center=c, level=1, within_minutes=15, role=Role.TEAM_LEADER, today=DAY)
    escalation_level_set(center=c, level=2, within_minutes=30, min_severity=0.5, role=Role.MANAGER, today=DAY)


def test_a_past_alert_is_escalated_by_the_levels_in_force_on_its_day_after_a_later_change(personas):
    _set_on_day(personas)
    c = personas.center
    escalation_level_set(center=c, level=1, within_minutes=5, role=Role.MANAGER, today=LATER)
    escalation_level_remove(center=c, level=2, today=LATER)
    escalation_level_set(center=c, level=3, within_minutes=60, role=Role.ADMIN, today=LATER)
    assert _levels(c, DAY) == [(1, 15, Role.TEAM_LEADER), (2, 30, Role.MANAGER)]
    assert _levels(c, LATER) == [(1, 5, Role.MANAGER), (3, 60, Role.ADMIN)]
    assert _levels(c, DAY - dt.timedelta(days=1)) == []  # before the first version: none
    # the intraday alert of DAY is judged by DAY's levels (volume +100% at 09:00)
    skill = make_skill(c)
    make_calls(c, personas.agent, first=DAY, days=1, per_hour=4, hours=[9])
    run = ForecastRun.objects.create(center=c, skill=skill, first_day=DAY, horizon_days=1)
    ForecastInterval.objects.create(run=run, start=dt.datetime(2026, 11, 2, 9, 0, tzinfo=SH), calls=1.0)
    _rows, alerts = intraday(
        c, DAY, skill=skill, settings=settings_for(c, DAY), now=dt.datetime(2026, 11, 2, 23, 0, tzinfo=SH)
    )
    assert [(lv.level, lv.within_minutes) for lv in alerts[0].levels] == [(1, 15), (2, 30)]


def test_removing_a_level_appends_a_version_and_deletes_nothing(personas):
    _set_on_day(personas)
    c = personas.center
    removal = escalation_level_remove(center=c, level=2, today=LATER, actor=personas.planner.user)
    assert removal.removed and removal.effective_from == LATER and removal.within_minutes == 30
    assert EscalationLevel.objects.filter(center=c).count() == 3
    old = EscalationLevel.objects.get(level=2, removed=False)
    assert old.effective_to == LATER - dt.timedelta(days=1)
    assert AuditEntry.objects.filter(action="escalation_level.end").count() == 1
    assert [lv.level for lv in escalation_levels(c, LATER)] == [1]
    with pytest.raises(SettingsError, match="该级别未设置或已删除"):
        escalation_level_remove(center=c, level=2, today=LATER + dt.timedelta(days=3))
    with pytest.raises(SettingsError, match="该级别未设置或已删除"):
        escalation_level_remove(center=c, level=7, today=LATER)
    # set again later: the level is back from then on
    escalation_level_set(
        center=c, level=2, within_minutes=45, role=Role.MANAGER, today=LATER + dt.timedelta(days=5)
    )
    assert _levels(c, LATER + dt.timedelta(days=5))[1] == (2, 45, Role.MANAGER)


def test_a_past_day_or_a_day_before_the_latest_version_is_refused_in_the_readers_language(personas):
    _set_on_day(personas)
    c = personas.center
    with override("zh-hans"), pytest.raises(SettingsError, match="生效日期不能早于今天"):
        escalation_level_set(center=c, level=1, within_minutes=9, role=Role.MANAGER,
                             effective_from=LATER - dt.timedelta(days=1), today=LATER)  # fmt: skip
    escalation_level_set(center=c, level=1, within_minutes=9, role=Role.MANAGER, effective_from=LATER + dt.timedelta(days=9),
                         today=LATER)  # fmt: skip
    with pytest.raises(SettingsError, match="该日期或之后已有版本"):
        escalation_level_set(center=c, level=1, within_minutes=8, role=Role.MANAGER,
                             effective_from=LATER + dt.timedelta(days=2), today=LATER)  # fmt: skip
    # without a date: the first free day of that level (the day after the scheduled version)
    nxt = escalation_level_set(center=c, level=1, within_minutes=8, role=Role.MANAGER, today=LATER)
    assert nxt.effective_from == LATER + dt.timedelta(days=10)
    # another level is free from today
    assert (
        escalation_level_set(center=c, level=4, within_minutes=8, role=Role.ADMIN, today=LATER).effective_from
        == LATER
    )
    with pytest.raises(SettingsError, match="上报级别须按中心设置"):
        escalation_level_set(center=None, level=1, within_minutes=5, role=Role.MANAGER)


def test_a_center_level_wins_over_a_global_row_of_the_same_level(personas):
    c = personas.center
    EscalationLevel.objects.create(center=None, level=1, role=Role.ADMIN, within_minutes=99)
    EscalationLevel.objects.create(center=None, level=2, role=Role.ADMIN, within_minutes=98)
    EscalationLevel.objects.create(center=c, level=1, role=Role.MANAGER, within_minutes=10)
    got = policies_in_force("escalation", c, DAY)
    assert [(lv.level, lv.within_minutes) for lv in got] == [(1, 10), (2, 98)]
    assert [lv.within_minutes for lv in policies_in_force("escalation", personas.other_center, DAY)] == [
        99,
        98,
    ]
    assert all(lv.effective_from == OPEN_START for lv in got)


def bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=person.user).key}"}


@pytest.mark.clock("2026-11-10T10:00")
def test_the_policies_api_reads_appends_and_withdraws_levels_with_the_pages_rules(client, personas):
    h = bearer(personas.planner)
    url = "/api/policies/escalation?center=langfang"
    r = client.post(
        url, {"values": {"level": 1, "within_minutes": 15, "role": "manager"}}, content_type=J, **h
    )
    assert r.status_code == 201 and r.json()["values"]["level"] == 1
    assert r.json()["effective_from"] == "2026-11-10"
    person = client.post(url, {"values": {"level": 2, "within_minutes": 30, "person_id": personas.manager.pk}},
                         content_type=J, **h)  # fmt: skip
    assert person.status_code == 201 and person.json()["values"]["person_id"] == personas.manager.pk
    gone = client.post(url, {"effective_from": "2026-11-12", "values": {"level": 2, "removed": True}},
                       content_type=J, **h)  # fmt: skip
    assert gone.status_code == 201 and gone.json()["values"]["removed"] is True
    got = client.get(url + "&level=1", **h).json()
    assert got["in_force"]["values"]["within_minutes"] == 15 and len(got["history"]) == 3
    assert [lv.level for lv in escalation_levels(personas.center, dt.date(2026, 11, 12))] == [1]
    # refused: a past day, a person of another center, the wrong role, another center, the global scope
    past = client.post(url, {"effective_from": "2026-11-01", "values": {"level": 3, "within_minutes": 5,
                                                                        "role": "manager"}}, content_type=J, **h)  # fmt: skip
    assert past.status_code == 400
    other = client.post(url, {"values": {"level": 3, "within_minutes": 5, "person_id": personas.other_agent.pk}},
                        content_type=J, **h)  # fmt: skip
    assert other.status_code == 400
    body = {"values": {"level": 3, "within_minutes": 5, "role": "manager"}}
    assert client.post(url, body, content_type=J, **bearer(personas.leader)).status_code == 403
    assert client.get(url, **bearer(personas.agent)).status_code == 403
    assert client.post(url, body, content_type=J, **bearer(personas.outsider)).status_code == 403
    assert client.post("/api/policies/escalation?center=*", body, content_type=J, **h).status_code == 403
    assert EscalationLevel.objects.count() == 3


@pytest.mark.clock("2026-11-10T10:00")
def test_the_workforce_api_lists_the_levels_of_a_day_and_withdraws_one_from_a_date(client, personas):
    _set_on_day(personas)
    h = bearer(personas.planner)
    W = "/api/workforce/escalation-levels"
    new = client.post(W, {"level": 1, "within_minutes": 5, "role": "manager", "effective_from": "2026-11-12"},
                      content_type=J, **h)  # fmt: skip
    assert new.status_code == 200 and new.json()["effective_from"] == "2026-11-12"
    assert [lv["within_minutes"] for lv in client.get(W, **h).json()] == [15, 30]
    assert [lv["within_minutes"] for lv in client.get(f"{W}?date=2026-11-12", **h).json()] == [5, 30]
    past = client.post(W, {"level": 2, "within_minutes": 5, "role": "manager", "effective_from": "2026-11-01"},
                       content_type=J, **h)  # fmt: skip
    assert past.status_code == 400 and past.json()["detail"]
    lv2 = client.get(W, **h).json()[1]["id"]
    assert client.delete(f"{W}/{lv2}?effective_from=2026-11-01", **h).status_code == 400
    assert client.delete(f"{W}/{lv2}", **bearer(personas.outsider)).status_code == 404
    assert client.delete(f"{W}/{lv2}", **bearer(personas.leader)).status_code == 403
    assert client.get(W, **bearer(personas.agent)).status_code == 403
    assert client.delete(f"{W}/{lv2}", **h).status_code == 204
    assert [lv["level"] for lv in client.get(W, **h).json()] == [1]
    assert [lv["level"] for lv in client.get(f"{W}?date=2026-11-09", **h).json()] == [1, 2]
