"""The roster pages (§5): generate (solved by the eager task), grid per week, publish, XLSX; team
leaders read their team's rosters; agents cannot open rosters."""

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from hotline.org.models import AuditEntry
from hotline.workforce.models import Roster

from .helpers import make_shifts, published_roster

MONDAY = dt.date(2026, 11, 2)


def test_a_planner_generates_a_roster_sees_the_grid_and_publishes_it(personas, login):
    from hotline.org.tests.factories import PersonFactory

    make_shifts(personas.center)
    for i in range(3):
        PersonFactory(center=personas.center, team=personas.team_a, name=f"小{i}", work_number=f"70{i}")
    c = login(personas.planner)
    r = c.post(
        reverse("workforce:rosters"),
        {
            "team": personas.team_a.pk,
            "first_day": "2026-11-02",
            "days": 7,
            "mode": "counts",
            "time_limit": 5,
            "min_rest": 1,
            "count_早": 2,
            "count_中": 0,
            "count_晚": 1,
        },  # fmt: skip
    )
    roster = Roster.objects.get()
    assert (
        r.status_code == 302
        and roster.state == Roster.State.DONE
        and roster.solver_status in ("optimal", "feasible")
    )
    page = c.get(reverse("workforce:roster", args=[roster.pk])).content.decode()
    assert 'class="roster"' in page and "张三" in page and 'id="publish"' in page
    c.post(reverse("workforce:roster_publish", args=[roster.pk]))
    roster.refresh_from_db()
    assert (
        roster.status == Roster.Status.PUBLISHED
        and AuditEntry.objects.filter(action="roster.publish").exists()
    )
    wb = load_workbook(io.BytesIO(c.get(reverse("workforce:roster_xlsx", args=[roster.pk])).content))
    assert wb.active.max_row == 1 + 5  # header + the five agents of 一组


def test_an_impossible_demand_shows_named_shortfalls(personas, login):
    make_shifts(personas.center)
    c = login(personas.planner)
    c.post(
        reverse("workforce:rosters"),
        {
            "team": personas.team_a.pk,
            "first_day": "2026-11-02",
            "days": 7,
            "mode": "counts",
            "time_limit": 5,
            "min_rest": 1,
            "count_早": 3,
            "count_中": 0,
            "count_晚": 0,
        },  # fmt: skip
    )
    roster = Roster.objects.get()
    page = c.get(reverse("workforce:roster", args=[roster.pk])).content.decode()
    assert roster.solver_status in ("infeasible", "unknown") and "人数不足的班次" in page


def test_a_roster_being_solved_shows_its_progress_and_refreshes(personas, login):
    roster = Roster.objects.create(
        center=personas.center, team=personas.team_a, first_day=MONDAY, state=Roster.State.SOLVING
    )
    page = login(personas.planner).get(reverse("workforce:roster", args=[roster.pk])).content.decode()
    assert 'id="solving"' in page and 'http-equiv="refresh"' in page


def test_the_grid_shows_one_week_at_a_time(personas, login):
    s = make_shifts(personas.center)
    roster = published_roster(
        personas.center, personas.team_a, MONDAY, {personas.agent: "早中晚休早中晚" + "休" * 7}, s
    )
    page = (
        login(personas.planner)
        .get(reverse("workforce:roster", args=[roster.pk]) + "?week=2")
        .content.decode()
    )
    assert "11-09" in page and "11-08" not in page


def test_team_leaders_read_their_team_only_and_cannot_publish(personas, login):
    s = make_shifts(personas.center)
    mine = published_roster(
        personas.center, personas.team_a, MONDAY, {personas.agent: "早"}, s, status="draft"
    )
    other = published_roster(
        personas.center, personas.team_b, MONDAY, {personas.stranger: "早"}, s, status="draft"
    )
    c = login(personas.leader)
    assert c.get(reverse("workforce:roster", args=[mine.pk])).status_code == 200
    assert c.get(reverse("workforce:roster", args=[other.pk])).status_code == 404
    assert c.post(reverse("workforce:roster_publish", args=[mine.pk])).status_code == 403
    assert c.post(reverse("workforce:rosters"), {}).status_code == 403


def test_agents_cannot_open_rosters(personas, login):
    s = make_shifts(personas.center)
    roster = published_roster(personas.center, personas.team_a, MONDAY, {personas.agent: "早"}, s)
    c = login(personas.agent)
    assert c.get(reverse("workforce:rosters")).status_code == 403
    assert c.get(reverse("workforce:roster", args=[roster.pk])).status_code == 404
    assert c.get(reverse("workforce:roster_xlsx", args=[roster.pk])).status_code == 404


def test_the_roster_page_names_the_precheck_and_publishing_an_infeasible_roster_needs_a_reason(
    personas, login
):
    from hotline.org.models import Absence
    from hotline.workforce.services.roster import roster_create, roster_solve

    make_shifts(personas.center)
    monday = dt.date(2026, 11, 2)
    Absence.objects.create(person=personas.agent, first_day=monday, last_day=monday, kind="sick")
    roster = roster_solve(
        roster=roster_create(
            center=personas.center, team=personas.team_a, first_day=monday, days=7, time_limit_s=5,
            demand={"mode": "counts", "counts": {"中": 2}, "min_rest_per_week": 2},
        )
    )  # fmt: skip
    c = login(personas.planner)
    page = c.get(reverse("workforce:roster", args=[roster.pk])).content.decode()
    assert "周一 11-02 需要 2 人，最多可排 1 人：1 人请假" in page and 'id="override-reason"' in page
    r = c.post(reverse("workforce:roster_publish", args=[roster.pk]), follow=True)
    assert "强制发布原因" in r.content.decode()
    roster.refresh_from_db()
    assert roster.status == "draft"
    c.post(reverse("workforce:roster_publish", args=[roster.pk]), {"override_reason": "二组支援"})
    roster.refresh_from_db()
    assert roster.status == "published" and roster.override_reason == "二组支援"
    assert "二组支援" in c.get(reverse("workforce:roster", args=[roster.pk])).content.decode()
