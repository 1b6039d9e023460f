"""The workforce REST API (§5, §10): what the pages do, with the same access rules; token auth."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hotline.org.models import ApiToken, AuditEntry, Role
from hotline.org.tests.factories import PersonFactory
from hotline.workforce.models import (
    AttendanceState,
    EscalationLevel,
    RequestStatus,
    Roster,
    ShiftRequest,
    SwapRequest,
)

from .helpers import make_calls, make_shifts, make_skill, published_roster

W = "/api/workforce"
DAY = dt.date(2026, 11, 2)  # a Monday


def bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=person.user).key}"}


def test_the_openapi_schema_lists_the_workforce_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for p in ("skills", "forecasts", "staffing/{plan_pk}", "rosters/{roster_pk}/publish", "my/shifts",
              "swaps", "approvals/swaps/{swap_pk}", "attendance", "intraday", "event-log", "shift-types",
              "rules", "escalation-levels", "intraday-settings"):  # fmt: skip
        assert f"{W}/{p}" in paths


def test_without_credentials_the_workforce_api_refuses(client, personas):
    assert client.get(f"{W}/my/shifts").status_code == 401


@pytest.mark.parametrize(
    "method,path",
    [("get", "/skills"), ("get", "/forecasts"), ("get", "/staffing"), ("get", "/events"),
     ("get", "/shift-types"), ("get", "/intraday-settings"), ("get", "/intraday"), ("get", "/approvals/swaps")],
)  # fmt: skip
def test_an_agent_is_refused_the_planning_endpoints(client, personas, method, path):
    assert getattr(client, method)(W + path, **bearer(personas.agent)).status_code == 403


def test_a_team_leader_reads_rosters_but_cannot_generate_or_plan(client, personas):
    h = bearer(personas.leader)
    body = {"team": personas.team_a.pk, "first_day": "2026-11-02", "days": 7, "counts": {"早": 1}}
    assert client.post(f"{W}/rosters", body, content_type="application/json", **h).status_code == 403
    assert client.get(f"{W}/skills", **h).status_code == 403
    assert client.get(f"{W}/rosters", **h).status_code == 200
    assert client.get(f"{W}/intraday?date=2026-11-02", **h).status_code == 200


def test_a_planner_forecasts_staffs_rosters_and_publishes_and_the_agent_sees_their_shifts(client, personas):
    make_shifts(personas.center)
    make_calls(personas.center, personas.agent, first=DAY - dt.timedelta(days=28), days=28)
    h = bearer(personas.planner)
    j = "application/json"
    skill = client.post(
        f"{W}/skills", {"name": "订货", "target_sl": 0.8, "answer_time_s": 20}, content_type=j, **h
    )
    assert skill.status_code == 200
    sid = skill.json()["id"]
    r = client.patch(f"{W}/skills/{sid}", {"shrinkage": 0.25}, content_type=j, **h)
    assert r.json()["shrinkage"] == 0.25 and r.json()["target_sl"] == 0.8
    assert client.patch(f"{W}/skills/{sid}", {"target_sl": 1.5}, content_type=j, **h).status_code == 400
    ev = client.post(f"{W}/events", {"first_day": "2026-11-03", "last_day": "2026-11-03", "factor": 2.0},
                     content_type=j, **h)  # fmt: skip
    assert ev.status_code == 200
    run = client.post(f"{W}/forecasts", {"skill": sid, "first_day": "2026-11-02", "horizon": 2, "method": "baseline"},
                      content_type=j, **h).json()  # fmt: skip
    by_day = {}
    for iv in run["intervals"]:
        by_day.setdefault(iv["start"][:10], 0.0)
        by_day[iv["start"][:10]] += iv["calls"]
    assert by_day["2026-11-03"] == pytest.approx(2 * by_day["2026-11-02"])  # the event doubles its day
    assert client.delete(f"{W}/events/{ev.json()['id']}", **h).status_code == 204
    plan = client.post(f"{W}/staffing", {"forecast": run["id"]}, content_type=j, **h).json()
    assert plan["peak_agents"] >= 1 and len(plan["intervals"]) == 2 * 48
    assert client.get(f"{W}/staffing/{plan['id']}", **h).json()["seats"] == plan["seats"]

    # after 早 only 中/晚 may follow (the default rules): ask for one 中 a day
    body = {"team": personas.team_a.pk, "first_day": "2026-11-02", "days": 7, "counts": {"中": 1},
            "time_limit_s": 5}  # fmt: skip
    roster = client.post(f"{W}/rosters", body, content_type=j, **h).json()
    assert roster["state"] == "done" and roster["violations"] == []
    grid = client.get(f"{W}/rosters/{roster['id']}", **h).json()
    assert {row["work_number"] for row in grid["rows"]} == {"8001", "8002"} and len(grid["dates"]) == 7
    assert all(sum(row["shifts"][d] == "中" for row in grid["rows"]) >= 1 for d in range(7))
    assert client.get(f"{W}/my/shifts?date_from=2026-11-02", **bearer(personas.agent)).json() == []  # draft
    assert client.post(f"{W}/rosters/{roster['id']}/publish", **h).json()["status"] == "published"
    assert AuditEntry.objects.filter(action="roster.publish").exists()
    mine = client.get(
        f"{W}/my/shifts?date_from=2026-11-02&date_to=2026-11-08", **bearer(personas.agent)
    ).json()
    assert [s["date"] for s in mine] == [str(DAY + dt.timedelta(days=i)) for i in range(7)]
    assert [s["shift"] for s in mine] == [row for row in grid["rows"] if row["work_number"] == "8001"][0][
        "shifts"
    ]


def test_a_roster_needs_counts_or_a_plan_and_known_shifts(client, personas):
    make_shifts(personas.center)
    h = bearer(personas.planner)
    base = {"team": personas.team_a.pk, "first_day": "2026-11-02", "days": 7}
    j = "application/json"
    assert client.post(f"{W}/rosters", base, content_type=j, **h).status_code == 400
    assert client.post(f"{W}/rosters", {**base, "counts": {"夜": 1}}, content_type=j, **h).status_code == 400
    assert not Roster.objects.exists()


def test_an_agent_cannot_read_another_agents_shifts_requests_or_swaps(client, personas):
    s = make_shifts(personas.center)
    published_roster(personas.center, personas.team_a, DAY, {personas.agent: "早", personas.peer: "晚"}, s)
    theirs = ShiftRequest.objects.create(agent=personas.peer, date=DAY)
    swap = SwapRequest.objects.create(requester=personas.peer, partner=personas.stranger, date=DAY,
                                      payback_date=DAY + dt.timedelta(days=7))  # fmt: skip
    h = bearer(personas.agent)
    assert [x["shift"] for x in client.get(f"{W}/my/shifts?date_from=2026-11-02", **h).json()] == ["早"]
    assert client.get(f"{W}/shift-requests/{theirs.pk}", **h).status_code == 404
    assert client.get(f"{W}/swaps/{swap.pk}", **h).status_code == 404
    assert client.get(f"{W}/shift-requests", **h).json() == []
    assert client.get(f"{W}/swaps", **h).json() == []
    assert client.post(f"{W}/approvals/swaps/{swap.pk}", {"approve": True}, content_type="application/json",
                       **h).status_code == 403  # fmt: skip
    # the peer sees their own
    assert client.get(f"{W}/shift-requests/{theirs.pk}", **bearer(personas.peer)).status_code == 200


@pytest.mark.clock("2026-10-20T09:00")  # swaps of past days are refused (§5)
def test_an_agent_asks_for_a_day_off_and_a_swap_and_the_limits_hold(client, personas):
    make_shifts(personas.center)
    h = bearer(personas.agent)
    j = "application/json"
    r = client.post(f"{W}/shift-requests", {"date": "2026-11-05"}, content_type=j, **h)
    assert r.status_code == 200 and r.json()["shift"] is None and r.json()["agent"] == "8001"
    assert client.post(f"{W}/shift-requests", {"date": "2026-11-05"}, content_type=j, **h).status_code == 400
    swap = {"partner": "8002", "date": "2026-11-03", "payback_date": "2026-11-10"}
    first = client.post(f"{W}/swaps", swap, content_type=j, **h)
    assert first.status_code == 200
    second = client.post(f"{W}/swaps", {**swap, "date": "2026-11-20", "payback_date": "2026-11-27"},
                         content_type=j, **h)  # fmt: skip
    assert second.status_code == 400 and "每月最多" in second.json()["detail"]
    late = client.post(
        f"{W}/swaps", {**swap, "partner": "8003", "payback_date": "2027-01-10"}, content_type=j, **h
    )
    assert late.status_code == 400  # not a team colleague / not paid back within a month
    # the team leader approves; a leader of another team does not see it
    other = PersonFactory(
        center=personas.center, team=personas.team_b, role=Role.TEAM_LEADER, work_number="8101"
    )
    sid = first.json()["id"]
    assert client.post(f"{W}/approvals/swaps/{sid}", {"approve": True}, content_type=j,
                       **bearer(other)).status_code == 404  # fmt: skip
    lh = bearer(personas.leader)
    assert [x["id"] for x in client.get(f"{W}/approvals/swaps", **lh).json()] == [sid]
    done = client.post(f"{W}/approvals/swaps/{sid}", {"approve": True}, content_type=j, **lh)
    assert done.json()["status"] == RequestStatus.APPROVED
    rid = r.json()["id"]
    assert client.post(f"{W}/approvals/shift-requests/{rid}", {"approve": False}, content_type=j,
                       **bearer(personas.planner)).json()["status"] == RequestStatus.REJECTED  # fmt: skip


def test_attendance_upload_feeds_the_intraday_alerts_and_the_event_log(client, personas):
    s = make_shifts(personas.center)
    published_roster(personas.center, personas.team_a, DAY, {personas.agent: "早", personas.peer: "早"}, s)
    h = bearer(personas.planner)
    csv = "agent,start,end,state\n8001,2026-11-02T08:30,2026-11-02T17:30,ready\n".encode("gb18030")
    r = client.post(f"{W}/attendance", {"file": SimpleUploadedFile("状态.csv", csv)}, **h)
    assert r.status_code == 200 and r.json()["rows"] == 1 and AttendanceState.objects.count() == 1
    bad = client.post(
        f"{W}/attendance", {"file": SimpleUploadedFile("s.csv", b"agent,start,end,state\n9999,x,y,z\n")}, **h
    )
    assert bad.status_code == 400 and {e["column"] for e in bad.json()["errors"]} >= {
        "agent",
        "start",
        "state",
    }
    assert client.post(f"{W}/attendance", {"file": SimpleUploadedFile("s.csv", csv)},
                       **bearer(personas.leader)).status_code == 403  # fmt: skip
    EscalationLevel.objects.create(center=personas.center, level=1, role=Role.TEAM_LEADER, within_minutes=10)
    day = client.get(f"{W}/intraday?date=2026-11-02", **bearer(personas.leader)).json()
    nine = next(row for row in day["rows"] if row["start"].startswith("2026-11-02T09:00"))
    assert nine["scheduled"] == 2 and nine["staffed"] == 1
    staff = [a for a in day["alerts"] if a["kind"] == "staff"]
    assert (
        staff and staff[0]["severity"] == pytest.approx(0.5) and staff[0]["levels"][0]["within_minutes"] == 10
    )
    j = "application/json"
    log = client.post(f"{W}/event-log", {"at": "2026-11-02T10:05:00+08:00", "kind": "staff", "text": "缺员",
                                         "actions": "加班"}, content_type=j, **bearer(personas.leader))  # fmt: skip
    assert log.status_code == 200 and log.json()["by"] == "8100"
    assert (
        client.post(
            f"{W}/event-log", {"kind": "nope", "text": "x"}, content_type=j, **bearer(personas.leader)
        ).status_code
        == 400
    )
    assert [e["text"] for e in client.get(f"{W}/event-log?date_from=2026-11-02", **h).json()] == ["缺员"]
    assert client.post(f"{W}/event-log", {"kind": "staff", "text": "x"}, content_type=j,
                       **bearer(personas.agent)).status_code == 403  # fmt: skip


def test_settings_through_the_api_are_validated_and_audited(client, personas):
    h = bearer(personas.planner)
    j = "application/json"
    early = client.post(f"{W}/shift-types", {"name": "早班", "short": "早", "start": "08:30", "end": "17:30"},
                        content_type=j, **h)  # fmt: skip
    assert early.status_code == 200
    rest = client.post(
        f"{W}/shift-types", {"name": "休", "short": "休", "is_rest": True}, content_type=j, **h
    )
    bad = client.post(f"{W}/shift-types", {"name": "晚班", "short": "晚", "start": "09:30", "end": "22:00",
                                           "breaks": [["07:00", "08:00"]]}, content_type=j, **h)  # fmt: skip
    assert rest.status_code == 200 and bad.status_code == 400
    assert client.put(f"{W}/rules", {"早": ["早", "休"]}, content_type=j, **h).json() == {"早": ["休", "早"]}
    assert client.put(f"{W}/rules", {"早": ["夜"]}, content_type=j, **h).status_code == 400
    lv = client.post(f"{W}/escalation-levels", {"level": 1, "within_minutes": 15, "role": "manager"},
                     content_type=j, **h)  # fmt: skip
    assert lv.status_code == 200 and lv.json()["role"] == "manager"
    put = client.put(f"{W}/intraday-settings", {"volume_over": 0.3, "staff_under": 0.1}, content_type=j, **h)
    assert (
        put.json()["volume_over"] == 0.3 and put.json()["staff_under"] == 0.1 and put.json()["effective_from"]
    )
    assert client.put(f"{W}/intraday-settings", {"volume_over": 0.3, "staff_under": 1.5}, content_type=j,
                      **h).status_code == 400  # fmt: skip
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "shift_type.create",
        "roster_rules.update",
        "escalation_level.create",
        "intraday_settings.create",
    } <= actions
    # another center's manager cannot touch this center's shift types
    out = bearer(personas.outsider)
    assert client.delete(f"{W}/shift-types/{early.json()['id']}", **out).status_code == 404
    assert client.delete(f"{W}/shift-types/{early.json()['id']}", **h).status_code == 204


def test_an_admin_picks_the_center_and_an_unknown_one_is_not_found(client, personas):
    make_skill(personas.other_center, "投诉")
    h = bearer(personas.admin)
    names = [s["name"] for s in client.get(f"{W}/skills?center={personas.other_center.pk}", **h).json()]
    assert names == ["投诉"]
    assert client.get(f"{W}/skills?center=99999", **h).status_code == 404
    assert (
        client.get(f"{W}/skills?center={personas.other_center.pk}", **bearer(personas.planner)).status_code
        == 404
    )
