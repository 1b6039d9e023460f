"""A planner generates a team's roster and publishes it; the agent signs in and sees their own
shifts in 「我的排班」 — and not a colleague's (§5)."""

import datetime as dt

import pytest
from django.utils import timezone

from hotline.org.tests.factories import PersonFactory
from hotline.workforce.models import Roster
from hotline.workforce.tests.helpers import make_shifts
from tests.e2e.conftest import click_nav

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-11-10T10:00"),  # a Tuesday
]


def test_a_planner_publishes_a_roster_and_the_agent_sees_their_shifts(
    personas, sign_in, browser, live_server
):
    make_shifts(personas.center)
    for i in range(3):
        PersonFactory(center=personas.center, company=personas.company, team=personas.team_a, name=f"小{i}",
                      work_number=f"70{i}")  # fmt: skip
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())

    page = sign_in(personas.planner)
    click_nav(page, "排班")
    page.select_option("#id_team", label="一组")
    page.fill("#id_first_day", monday.isoformat())
    page.fill("#id_days", "7")
    page.fill("#id_time_limit", "5")
    page.fill("#id_min_rest", "1")
    page.fill("[name=count_早]", "2")
    page.fill("[name=count_中]", "0")
    page.fill("[name=count_晚]", "1")
    page.click("#generate button")
    page.wait_for_selector("#solver-status", timeout=90_000)  # the solver shares 2 cores with the suite
    assert page.inner_text("#solver-status") in ("optimal", "feasible")
    assert page.locator("table.roster tbody tr").count() == 5
    page.click("#publish")
    page.wait_for_selector("text=排班已发布")
    roster = Roster.objects.get()
    assert roster.status == Roster.Status.PUBLISHED
    mine = {
        a.date: a.shift.name for a in roster.assignments.filter(person=personas.agent).select_related("shift")
    }

    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    agent_page = context.new_page()
    from hotline.org.tests.factories import PASSWORD

    agent_page.goto("/login/")
    agent_page.fill("input[name=username]", personas.agent.work_number)
    agent_page.fill("input[name=password]", PASSWORD)
    agent_page.click("button[type=submit]")
    agent_page.wait_for_url(lambda url: "/login/" not in url)
    click_nav(agent_page, "我的排班")
    agent_page.wait_for_selector("#my-shifts tbody tr")
    rows = agent_page.locator("#my-shifts tbody tr")
    assert rows.count() == 7
    for i in range(7):
        cells = rows.nth(i).locator("td")
        day = dt.date.fromisoformat(cells.nth(0).inner_text().strip())
        assert cells.nth(2).inner_text().strip() == mine[day]
    assert "李四" not in agent_page.inner_text("#my-shifts")
    assert agent_page.goto(f"/workforce/rosters/{roster.pk}/").status == 404
    context.close()
