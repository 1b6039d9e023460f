"""The intraday page (§5): actual vs forecast, staffed vs scheduled, alerts, event log, import."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hotline.workforce.models import AttendanceState, EventLog

from .helpers import make_shifts, published_roster

DAY = dt.date(2026, 11, 2)


def test_a_planner_imports_states_and_sees_a_staffing_alert(personas, login):
    s = make_shifts(personas.center)
    published_roster(personas.center, personas.team_a, DAY, {personas.agent: "早", personas.peer: "早"}, s)
    c = login(personas.planner)
    f = SimpleUploadedFile(
        "状态.csv", "agent,start,end,state\n8001,2026-11-02T08:30,2026-11-02T17:30,ready\n".encode("gb18030")
    )
    c.post(reverse("workforce:intraday") + "?date=2026-11-02", {"file": f})
    assert AttendanceState.objects.count() == 1
    page = c.get(reverse("workforce:intraday") + "?date=2026-11-02").content.decode()
    assert "在岗低于排班" in page and 'class="alert"' in page


def test_a_bad_import_file_shows_the_row_and_column(personas, login):
    f = SimpleUploadedFile("s.csv", b"agent,start,end,state\n8001,yesterday,2026-11-02T10:00,ready\n")
    r = login(personas.planner).post(reverse("workforce:intraday"), {"file": f}, follow=True)
    assert "s.csv, row 2, column start" in r.content.decode() and not AttendanceState.objects.exists()


def test_a_team_leader_logs_an_event_but_cannot_import(personas, login):
    c = login(personas.leader)
    c.post(
        reverse("workforce:intraday"),
        {"at": "2026-11-02T10:05", "kind": "volume", "text": "话务突增", "actions": "暂停小休"},
    )
    e = EventLog.objects.get()
    assert e.by == personas.leader and e.actions == "暂停小休"
    f = SimpleUploadedFile("s.csv", b"agent,start,end,state\n")
    assert c.post(reverse("workforce:intraday"), {"file": f}).status_code == 403


def test_agents_and_qa_monitors_cannot_watch_intraday(personas, login):
    for who in (personas.agent, personas.monitor, personas.trainer):
        assert login(who).get(reverse("workforce:intraday")).status_code == 403
