"""The upload page for appraisal inputs: managers only, row errors shown, nothing half-imported."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hotline.performance.models import Attendance

URL = reverse("performance:imports")


def upload(text, name="att.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_a_manager_uploads_attendance(personas, login):
    r = login(personas.manager).post(
        URL,
        {"kind": "attendance", "file": upload("工号,日期,类型\n8001,2026-10-09,迟到\n", encoding="gb18030")},
    )
    assert r.status_code == 200 and r.context["result"].created == 1
    assert Attendance.objects.count() == 1


def test_bad_rows_are_listed_with_file_row_and_column_and_nothing_is_imported(personas, login):
    r = login(personas.manager).post(
        URL, {"kind": "attendance", "file": upload("agent,date,kind\n8001,2026-10-09,late\n8001,bad,late\n")}
    )
    assert r.status_code == 400
    assert "att.csv, row 3, column date" in r.content.decode()
    assert Attendance.objects.count() == 0


def test_agents_and_team_leaders_cannot_upload(personas, login):
    for who in (personas.agent, personas.leader, personas.monitor):
        assert login(who).get(URL).status_code == 403
