"""「我的排班」(§5): an agent sees only their own published shifts, asks for a shift or a day off,
and asks a colleague for a swap (limits enforced with a clear message)."""

import datetime as dt

import pytest
from django.urls import reverse

from hotline.workforce.models import ShiftRequest, SwapRequest

from .helpers import make_shifts, published_roster

MONDAY = dt.date(2026, 11, 2)


def test_an_agent_sees_their_own_published_shifts_not_a_colleagues_or_drafts(personas, login):
    s = make_shifts(personas.center)
    published_roster(personas.center, personas.team_a, MONDAY, {personas.agent: "早", personas.peer: "晚"}, s)
    published_roster(
        personas.center,
        personas.team_a,
        MONDAY + dt.timedelta(days=1),
        {personas.agent: "中"},
        s,
        status="draft",
    )
    page = login(personas.agent).get(reverse("workforce:my") + "?from=2026-11-02").content.decode()
    table = page.split('id="my-shifts"')[1].split("</table>")[0]
    assert "早班" in table and "晚班" not in table and "中班" not in table and "李四" not in table


def test_an_agent_asks_for_a_day_off(personas, login):
    make_shifts(personas.center)
    c = login(personas.agent)
    c.post(reverse("workforce:my_request"), {"date": "2026-11-05", "shift": "", "note": "家事"})
    r = ShiftRequest.objects.get()
    assert r.agent == personas.agent and r.shift is None


@pytest.mark.clock("2026-10-20T09:00")  # swaps of past days are refused (§5)
def test_a_second_swap_in_a_month_is_refused_with_the_rule(personas, login):
    c = login(personas.agent)
    c.post(
        reverse("workforce:my_swap"),
        {"partner": personas.peer.pk, "date": "2026-11-03", "payback_date": "2026-11-10"},
    )
    r = c.post(reverse("workforce:my_swap"), {"partner": personas.peer.pk, "date": "2026-11-17", "payback_date": "2026-11-24"},
               follow=True)  # fmt: skip
    assert SwapRequest.objects.count() == 1 and "每月最多 1 次" in r.content.decode()


def test_an_agent_cannot_swap_with_someone_outside_their_team(personas, login):
    login(personas.agent).post(
        reverse("workforce:my_swap"),
        {"partner": personas.stranger.pk, "date": "2026-11-03", "payback_date": "2026-11-10"},
    )
    assert not SwapRequest.objects.exists()


def test_a_login_without_a_person_is_refused(personas, client, django_user_model):
    client.force_login(django_user_model.objects.create(username="nobody"))
    assert client.get(reverse("workforce:my")).status_code == 403
