"""REST: KPIs per dimension/period and the appraisal, with the pages' access rules."""

from django.core.files.uploadedfile import SimpleUploadedFile

from hotline.performance.models import Attendance

from .helpers import month_of_calls

Q = {"date_from": "2026-10-01", "date_to": "2026-10-31"}


def test_a_manager_reads_kpis_by_team_and_month(personas, login):
    month_of_calls(personas)
    r = login(personas.manager).get("/api/reports/kpis", {**Q, "by": "team", "period": "month"})
    assert r.status_code == 200
    rows = {x["group"]: x for x in r.json()}
    assert rows["一组 · 2026-10"]["answered"] == 20


def test_kpis_refuse_agents_and_unknown_dimensions(personas, login):
    assert login(personas.agent).get("/api/reports/kpis", Q).status_code == 403
    assert login(personas.manager).get("/api/reports/kpis", {**Q, "by": "planet"}).status_code == 400


def test_the_appraisal_api_follows_the_page_rules(personas, login):
    Attendance.objects.create(key="k", agent=personas.agent, date="2026-10-09", kind="late")
    r = login(personas.agent).get(f"/api/performance/appraisals/{personas.agent.pk}/2026-10")
    assert r.status_code == 200 and r.json()["total"] == 98
    assert (
        login(personas.agent).get(f"/api/performance/appraisals/{personas.peer.pk}/2026-10").status_code
        == 404
    )


def test_imports_through_the_api_name_bad_rows(personas, login):
    f = SimpleUploadedFile("att.csv", b"agent,date,kind\n8001,2026-10-09,late\n8001,x,late\n")
    r = login(personas.manager).post("/api/performance/imports/attendance", {"file": f})
    assert r.status_code == 400 and r.json()["errors"][0]["row"] == 3
    f = SimpleUploadedFile("att.csv", b"agent,date,kind\n8001,2026-10-09,late\n")
    assert login(personas.agent).post("/api/performance/imports/attendance", {"file": f}).status_code == 403
