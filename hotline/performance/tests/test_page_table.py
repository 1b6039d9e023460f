"""Team and center appraisal tables, XLSX export, sign-off and re-open (audited, locking)."""

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from hotline.org.models import AuditEntry
from hotline.performance.models import AppraisalResult, AppraisalSignoff, Attendance

URL = reverse("performance:table")


def test_a_team_leader_sees_the_team_only(personas, login):
    r = login(personas.leader).get(URL, {"month": "2026-10"})
    assert r.status_code == 200
    assert {p.work_number for p, _ in r.context["results"]} == {"8001", "8002"}


def test_a_manager_sees_every_agent_of_the_center(personas, login):
    r = login(personas.manager).get(URL, {"month": "2026-10"})
    assert {p.work_number for p, _ in r.context["results"]} == {"8001", "8002", "8003"}


def test_agents_monitors_and_planners_are_refused(personas, login):
    for who in (personas.agent, personas.monitor, personas.planner, personas.trainer):
        assert login(who).get(URL).status_code == 403


def test_the_table_exports_to_xlsx_with_the_lines(personas, login):
    Attendance.objects.create(key="k", agent=personas.agent, date=dt.date(2026, 10, 9), kind="sick", days=2)
    r = login(personas.manager).get(URL, {"month": "2026-10", "format": "xlsx"})
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "工号" and len(rows) == 4
    row = next(x for x in rows if x[0] == "8001")
    assert row[3:7] == (16, 80, 0, 96) and row[7] == 380
    assert any(x[3] == "attendance.sick" for x in wb.worksheets[1].iter_rows(values_only=True))


def test_sign_off_locks_the_month_and_re_open_needs_a_reason(personas, login):
    c = login(personas.manager)
    r = c.post(reverse("performance:signoff"), {"center": personas.center.pk, "month": "2026-10"})
    assert r.status_code == 302
    so = AppraisalSignoff.objects.get()
    assert so.locked and AppraisalResult.objects.filter(month=dt.date(2026, 10, 1)).count() == 3
    assert AuditEntry.objects.filter(action="appraisal.signoff").exists()
    # after sign-off a new event does not change the kept result
    Attendance.objects.create(key="k", agent=personas.agent, date=dt.date(2026, 10, 9), kind="late")
    page = c.get(reverse("performance:detail", args=[personas.agent.pk, "2026-10"]))
    assert page.context["a"]["total"] == 100
    c.post(reverse("performance:reopen"), {"center": personas.center.pk, "month": "2026-10", "reason": ""})
    assert AppraisalSignoff.objects.get().locked
    c.post(
        reverse("performance:reopen"),
        {"center": personas.center.pk, "month": "2026-10", "reason": "考勤补录"},
    )
    assert not AppraisalSignoff.objects.get().locked
    assert AuditEntry.objects.get(action="appraisal.reopen").reason == "考勤补录"
    page = c.get(reverse("performance:detail", args=[personas.agent.pk, "2026-10"]))
    assert page.context["a"]["total"] == 98


def test_a_team_leader_or_another_centers_manager_cannot_sign_off(personas, login):
    for who in (personas.leader, personas.outsider):
        r = login(who).post(
            reverse("performance:signoff"), {"center": personas.center.pk, "month": "2026-10"}
        )
        assert r.status_code == 403
    assert not AppraisalSignoff.objects.exists()
