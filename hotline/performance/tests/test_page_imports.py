"""The upload page for appraisal inputs: managers only, row errors shown, nothing half-imported."""

import pytest
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


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_bad_rows_are_listed_with_file_row_and_column_and_nothing_is_imported(personas, login, lang):
    """The row errors read in the reader's language (stored as source text and parameters)."""
    client = login(personas.manager)
    client.cookies["django_language"] = lang
    r = client.post(
        URL, {"kind": "attendance", "file": upload("agent,date,kind\n8001,2026-10-09,late\n8001,bad,late\n")}
    )
    assert r.status_code == 400
    page = r.content.decode()
    if lang == "en":
        assert "att.csv, row 3, column date: not a date: &#x27;bad&#x27; (use YYYY-MM-DD)" in page
        assert "不是日期" not in page and "第 3 行" not in page
    else:
        assert "att.csv 第 3 行 date 列：“bad”不是日期（格式 YYYY-MM-DD）" in page
        assert "not a date" not in page and "row 3" not in page
    assert Attendance.objects.count() == 0


def test_agents_and_team_leaders_cannot_upload(personas, login):
    for who in (personas.agent, personas.leader, personas.monitor):
        assert login(who).get(URL).status_code == 403
