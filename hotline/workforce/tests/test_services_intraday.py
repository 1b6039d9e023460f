"""Intraday (§5): attendance import (all-or-nothing, row errors, GB18030), actual vs forecast and
staffed vs scheduled per interval, alerts at the thresholds with their escalation levels."""

import datetime as dt

import pytest

from hotline.core.tabular import TableError
from hotline.org.models import Role
from hotline.workforce.models import AttendanceState, ForecastInterval, ForecastRun
from hotline.workforce.selectors import intraday
from hotline.workforce.services.intraday import attendance_import, event_log_add, settings_for
from hotline.workforce.services.policies import escalation_level_set

from .helpers import SH, make_calls, make_shifts, make_skill, published_roster

DAY = dt.date(2026, 11, 2)
NOW = dt.datetime(2026, 11, 2, 23, 0, tzinfo=SH)


def test_attendance_is_imported_from_a_gb18030_file(personas, tmp_path):
    f = tmp_path / "状态.csv"
    f.write_bytes("agent,start,end,state\n8001,2026-11-02 09:00,2026-11-02 12:00,ready\n".encode("gb18030"))
    batch = attendance_import(center=personas.center, path=f)
    s = AttendanceState.objects.get()
    assert (
        batch.rows == 1 and s.agent == personas.agent and s.start == dt.datetime(2026, 11, 2, 9, 0, tzinfo=SH)
    )


def test_a_bad_row_stops_the_whole_import_and_names_file_row_and_column(personas, tmp_path):
    f = tmp_path / "s.csv"
    f.write_text(
        "agent,start,end,state\n8001,2026-11-02T09:00,2026-11-02T10:00,ready\n9999,2026-11-02T09:00,2026-11-02T10:00,ready\n"
        "8002,2026-11-02T11:00,2026-11-02T10:00,lunch\n",
        encoding="utf-8",
    )
    with pytest.raises(TableError) as exc:
        attendance_import(center=personas.center, path=f)
    where = {(e.file, e.row, e.column) for e in exc.value.errors}
    assert where == {("s.csv", 3, "agent"), ("s.csv", 4, "state"), ("s.csv", 4, "end")}
    assert not AttendanceState.objects.exists()


def test_missing_columns_are_refused(personas, tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("agent,start\n8001,2026-11-02T09:00\n", encoding="utf-8")
    with pytest.raises(TableError, match="end"):
        attendance_import(center=personas.center, path=f)


def _forecast(skill, calls_at_nine: float):
    run = ForecastRun.objects.create(center=skill.center, skill=skill, first_day=DAY, horizon_days=1)
    ForecastInterval.objects.create(
        run=run, start=dt.datetime(2026, 11, 2, 9, 0, tzinfo=SH), calls=calls_at_nine
    )
    ForecastInterval.objects.create(
        run=run, start=dt.datetime(2026, 11, 2, 10, 0, tzinfo=SH), calls=calls_at_nine
    )


def test_volume_above_forecast_by_more_than_half_raises_an_alert_with_its_escalation(personas):
    skill = make_skill(personas.center)
    make_calls(
        personas.center, personas.agent, first=DAY, days=1, per_hour=4, hours=[9, 10]
    )  # 2 per half hour
    _forecast(skill, 1.0)  # 9:00 → +100%
    ForecastInterval.objects.filter(start=dt.datetime(2026, 11, 2, 10, 0, tzinfo=SH)).update(
        calls=1.5
    )  # +33%: no alert
    c = personas.center
    escalation_level_set(center=c, level=1, within_minutes=15, role=Role.TEAM_LEADER, today=DAY)
    escalation_level_set(
        center=c, level=2, within_minutes=30, min_severity=0.8, person=personas.manager, today=DAY
    )
    escalation_level_set(center=c, level=3, within_minutes=60, min_severity=2.0, role=Role.ADMIN, today=DAY)
    rows, alerts = intraday(
        personas.center, DAY, skill=skill, settings=settings_for(personas.center), now=NOW
    )
    assert [(a.kind, a.start.astimezone(SH).strftime("%H:%M")) for a in alerts] == [("volume", "09:00")]
    assert alerts[0].severity == pytest.approx(1.0)
    assert [lv.level for lv in alerts[0].levels] == [1, 2]


def test_staff_20_percent_below_schedule_raises_an_alert_and_future_intervals_do_not(personas, tmp_path):
    s = make_shifts(personas.center)
    team = personas.team_a
    published_roster(personas.center, team, DAY, {personas.agent: "早", personas.peer: "早"}, s)
    f = tmp_path / "s.csv"
    f.write_text("agent,start,end,state\n8001,2026-11-02T08:30,2026-11-02T17:30,ready\n8002,2026-11-02T08:30,2026-11-02T10:00,talk\n",
                 encoding="utf-8")  # fmt: skip
    attendance_import(center=personas.center, path=f)
    rows, alerts = intraday(
        personas.center,
        DAY,
        settings=settings_for(personas.center),
        now=dt.datetime(2026, 11, 2, 11, 0, tzinfo=SH),
    )
    by_time = {r.start.astimezone(SH).strftime("%H:%M"): r for r in rows}
    assert by_time["09:00"].scheduled == 2 and by_time["09:00"].staffed == 2
    assert by_time["10:00"].staffed == 1
    assert [a.start.astimezone(SH).strftime("%H:%M") for a in alerts] == ["10:00", "10:30", "11:00"]
    assert all(a.kind == "staff" and a.severity == pytest.approx(0.5) for a in alerts)


def test_a_late_shift_break_is_not_scheduled_time(personas):
    s = make_shifts(personas.center)
    published_roster(personas.center, personas.team_a, DAY, {personas.agent: "晚"}, s)
    rows, _ = intraday(personas.center, DAY, now=NOW)
    by_time = {r.start.astimezone(SH).strftime("%H:%M"): r.scheduled for r in rows}
    assert (by_time["09:30"], by_time["12:00"], by_time["13:30"], by_time["14:00"], by_time["21:30"]) == (
        1,
        0,
        0,
        1,
        1,
    )


def test_an_event_log_entry_needs_a_text(personas):
    with pytest.raises(ValueError):
        event_log_add(center=personas.center, at=NOW, kind="volume", text=" ")
    e = event_log_add(
        center=personas.center, at=NOW, kind="volume", text="话务突增", actions="增派二组", by=personas.leader
    )
    assert e.by == personas.leader


def test_a_skill_compares_its_volume_with_the_heads_of_every_team_rostered_on_it(personas, tmp_path):
    # Two teams on 订货 (一组, 二组), a third person's team not on it: heads = the two teams only.
    from hotline.org.tests.factories import PersonFactory, TeamFactory

    s = make_shifts(personas.center)
    skill = make_skill(personas.center)
    other_team = TeamFactory(center=personas.center, name="三组")
    outsider = PersonFactory(center=personas.center, team=other_team, name="孙七", work_number="8009")
    skill.teams.set([personas.team_a, personas.team_b])
    published_roster(personas.center, personas.team_a, DAY, {personas.agent: "早", personas.peer: "早"}, s)
    published_roster(personas.center, personas.team_b, DAY, {personas.stranger: "早"}, s)
    published_roster(personas.center, other_team, DAY, {outsider: "早"}, s)
    f = tmp_path / "s.csv"
    f.write_text("agent,start,end,state\n8001,2026-11-02T08:30,2026-11-02T17:30,ready\n"
                 "8009,2026-11-02T08:30,2026-11-02T17:30,ready\n", encoding="utf-8")  # fmt: skip
    attendance_import(center=personas.center, path=f)
    _forecast(skill, 2.0)
    rows, alerts = intraday(personas.center, DAY, skill=skill, settings=settings_for(personas.center),
                            now=dt.datetime(2026, 11, 2, 9, 30, tzinfo=SH))  # fmt: skip
    nine = next(r for r in rows if r.start.astimezone(SH).strftime("%H:%M") == "09:00")
    assert (nine.scheduled, nine.staffed) == (3, 1)  # 三组 counts neither way
    assert [a.kind for a in alerts if a.start.astimezone(SH).strftime("%H:%M") == "09:00"] == ["staff"]
    # a skill without teams falls back to the whole center (shown as such on the page)
    skill.teams.clear()
    rows, _ = intraday(personas.center, DAY, skill=skill, now=NOW)
    nine = next(r for r in rows if r.start.astimezone(SH).strftime("%H:%M") == "09:00")
    assert (nine.scheduled, nine.staffed) == (4, 2)
