"""The holiday page: a month calendar with the national holidays, adjusted working days, overrides."""

from __future__ import annotations

import pytest

from hotline.quality.models import HolidayOverride


def test_the_calendar_marks_national_day_and_the_adjusted_working_day(personas, login):
    page = login(personas.manager).get("/quality/holidays/?month=2026-10").content.decode()
    assert "国庆节" in page and "调休上班" in page
    assert 'data-date="2026-10-01"' in page
    assert "calendar-warning" not in page
    assert "设为工作" not in page  # managers read; the table is shared by every center


@pytest.mark.clock("2026-09-15T10:00")
def test_an_admin_toggles_a_day_and_the_override_is_highlighted(personas, login):
    client = login(personas.admin)
    resp = client.post("/quality/holidays/toggle/", {"date": "2026-10-07", "note": "中心值班"})
    assert resp.status_code == 302 and resp["Location"].endswith("?month=2026-10")
    assert HolidayOverride.objects.get(date="2026-10-07").is_working_day is True  # its first version
    page = client.get("/quality/holidays/?month=2026-10").content.decode()
    assert "override" in page and "中心值班" in page and "调整为工作日" in page


def test_a_year_outside_the_chinese_calendar_shows_the_warning(personas, login):
    page = login(personas.planner).get("/quality/holidays/?month=2031-05").content.decode()
    assert "calendar-warning" in page and "2031" in page


def test_a_manager_may_not_toggle(personas, login):
    assert (
        login(personas.manager).post("/quality/holidays/toggle/", {"date": "2026-10-07"}).status_code == 403
    )
    assert not HolidayOverride.objects.exists()


@pytest.mark.parametrize("who", ["agent", "monitor", "leader", "trainer"])
def test_other_roles_are_refused(personas, login, who):
    assert login(getattr(personas, who)).get("/quality/holidays/").status_code == 403


@pytest.mark.clock("2026-10-09T10:00")
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_day_already_past_is_refused_in_the_readers_language(personas, login, lang):
    client = login(personas.admin)
    client.cookies["django_language"] = lang
    resp = client.post("/quality/holidays/toggle/", {"date": "2026-10-07"}, follow=True)
    page = resp.content.decode()
    assert not HolidayOverride.objects.exists()
    if lang == "en":
        assert "A day already past cannot be changed" in page and "已过去的日期" not in page
    else:
        assert "已过去的日期不能调整" in page and "A day already past" not in page
