"""The shift-type settings page (§5): times, breaks, night flag, colour; audited; planners only."""

import datetime as dt

from django.urls import reverse

from hotline.org.models import AuditEntry
from hotline.workforce.models import ShiftType

from .helpers import make_shifts, published_roster

URL = reverse("workforce:settings_shifts")
LATE = {"name": "晚班", "short": "晚", "start": "09:30", "end": "22:00", "breaks": "12:00-14:00", "night": "on",
        "colour": "#bbdefb", "order": 2}  # fmt: skip


def test_a_planner_adds_a_shift_with_a_break_and_the_change_is_audited(personas, login):
    c = login(personas.planner)
    assert c.post(URL, LATE).status_code == 302
    s = ShiftType.objects.get(center=personas.center, short="晚")
    assert (s.start, s.end, s.breaks, s.night, s.colour) == (dt.time(9, 30), dt.time(22), [["12:00", "14:00"]],
                                                             True, "#bbdefb")  # fmt: skip
    assert AuditEntry.objects.filter(action="shift_type.create", object_id=str(s.pk)).exists()
    page = c.get(URL).content.decode()
    assert "12:00-14:00" in page and "晚班" in page


def test_a_manager_edits_a_shift_and_a_break_outside_it_is_refused(personas, login):
    s = make_shifts(personas.center)["早"]
    c = login(personas.manager)
    assert "08:30" in c.get(f"{URL}?shift={s.pk}").content.decode()
    c.post(
        f"{URL}?shift={s.pk}", {**LATE, "name": "早班", "short": "早", "breaks": "23:00-23:30", "night": ""}
    )
    s.refresh_from_db()
    assert s.breaks == [] and s.end == dt.time(17, 30)
    c.post(
        f"{URL}?shift={s.pk}",
        {**LATE, "name": "早班", "short": "早", "end": "18:00", "breaks": "", "night": ""},
    )
    s.refresh_from_db()
    assert (
        s.end == dt.time(18) and AuditEntry.objects.get(action="shift_type.update").before["end"] == "17:30"
    )


def test_a_shift_used_by_a_roster_cannot_be_deleted_but_an_unused_one_can(personas, login):
    shifts = make_shifts(personas.center)
    published_roster(personas.center, personas.team_a, dt.date(2026, 11, 2), {personas.agent: "早"}, shifts)
    c = login(personas.planner)
    c.post(reverse("workforce:settings_shift_delete", args=[shifts["早"].pk]))
    c.post(reverse("workforce:settings_shift_delete", args=[shifts["中"].pk]))
    assert set(ShiftType.objects.values_list("short", flat=True)) == {"早", "晚", "休"}


def test_other_roles_and_other_centers_are_refused(personas, login):
    s = make_shifts(personas.center)["早"]
    night = {**LATE, "name": "夜班", "short": "夜"}
    for who in (personas.agent, personas.leader, personas.monitor, personas.trainer):
        assert login(who).get(URL).status_code == 403
        assert login(who).post(URL, night).status_code == 403
    assert login(personas.outsider).get(f"{URL}?shift={s.pk}").status_code == 404
    assert (
        login(personas.outsider).post(reverse("workforce:settings_shift_delete", args=[s.pk])).status_code
        == 404
    )
    assert not ShiftType.objects.filter(short="夜").exists() and ShiftType.objects.filter(pk=s.pk).exists()
