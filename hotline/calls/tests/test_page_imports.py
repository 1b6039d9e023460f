"""Imports from the browser (§10): who may, refused files, good files, people logins, progress JSON."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hotline.calls.models import Call, ImportBatch, Recording
from hotline.org.models import Person

HEADER = "call_id,agent,answered_at,ended_at,center,reason\n"
GOOD = HEADER + "c1,8001,2026-10-08 09:00:00,2026-10-08 09:03:00,廊坊中心,查询余额\n"


def upload(text, name="calls.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def post_calls(client, text, **extra):
    data = {"kind": "calls", "file_format": "auto", "center": "", "file": upload(text, **extra)}
    return client.post(reverse("calls:import_new"), data)


@pytest.mark.parametrize("who", ["agent", "leader", "monitor", "trainer"])
def test_the_import_page_refuses_roles_that_do_not_import(personas, login, who):
    assert login(getattr(personas, who)).get(reverse("calls:imports")).status_code == 403


@pytest.mark.parametrize("who", ["agent", "leader", "monitor"])
def test_an_upload_from_a_role_that_does_not_import_is_refused_and_imports_nothing(personas, login, who):
    assert post_calls(login(getattr(personas, who)), GOOD).status_code == 403
    assert not Call.objects.exists() and not ImportBatch.objects.exists()


def test_a_manager_sees_the_call_form_but_not_the_people_or_folder_forms(personas, login):
    html = login(personas.manager).get(reverse("calls:imports")).content.decode()
    assert 'value="calls"' in html and 'value="people"' not in html and 'value="recordings"' not in html


def test_an_administrator_sees_all_three_forms(personas, login):
    html = login(personas.admin).get(reverse("calls:imports")).content.decode()
    assert 'value="calls"' in html and 'value="people"' in html and 'value="recordings"' in html


def test_a_good_call_file_imports_and_its_page_shows_the_counts(personas, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    client = login(personas.planner)
    r = post_calls(client, GOOD)
    batch = ImportBatch.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("calls:import", args=[batch.pk])
    assert (batch.status, batch.created, batch.done, batch.total, batch.source) == (
        "done",
        1,
        1,
        1,
        "calls.csv",
    )
    assert batch.created_by == personas.planner.user and Call.objects.get().agent == personas.agent
    assert "导入完成" in client.get(r["Location"]).content.decode()
    assert list((tmp_path / "uploads").iterdir()) == []  # the uploaded file is deleted


def test_a_gb18030_upload_imports_its_chinese_text(personas, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    post_calls(login(personas.manager), GOOD, encoding="gb18030")
    assert Call.objects.get().reason == "查询余额"
    assert ImportBatch.objects.get().encoding.lower() == "gb18030"


def test_a_refused_file_names_the_bad_row_and_imports_nothing(personas, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    client = login(personas.manager)
    bad = GOOD + "c2,8001,not-a-time,2026-10-08 09:03:00,廊坊中心,\n"
    r = post_calls(client, bad, name="十月.csv")
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and not Call.objects.exists()
    page = client.get(r["Location"]).content.decode()
    assert "文件被拒绝" in page and "<td>十月.csv</td><td>3</td><td>answered_at</td>" in page
    assert list((tmp_path / "uploads").iterdir()) == []


def test_keep_good_rows_imports_the_others_and_lists_the_bad_one(personas, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    bad = GOOD + "c2,9999,2026-10-08 09:00:00,2026-10-08 09:03:00,廊坊中心,\n"
    client = login(personas.manager)
    data = {"kind": "calls", "file_format": "auto", "keep_good_rows": "on", "file": upload(bad)}
    client.post(reverse("calls:import_new"), data)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created, batch.skipped) == ("done", 1, 1)
    assert batch.errors[0]["column"] == "agent"


def test_a_manager_may_not_choose_another_center(personas, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    client = login(personas.manager)
    data = {"kind": "calls", "file_format": "auto", "center": "黄岛中心", "file": upload(GOOD)}
    r = client.post(reverse("calls:import_new"), data)
    assert r.status_code == 200 and not ImportBatch.objects.exists()


def test_a_people_upload_creates_logins_without_a_usable_password(personas, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    text = "work_number,name,company,team,center,role\n7001,单田芳,长沙有限公司,一组,廊坊中心,座席员\n"
    client = login(personas.admin)
    client.post(
        reverse("calls:import_new"), {"kind": "people", "file": upload(text, "people.csv", "gb18030")}
    )
    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.status, batch.created) == ("people", "done", 1)
    user = Person.objects.get(work_number="7001").user
    assert user.username == "7001" and not user.has_usable_password()


def test_a_manager_may_not_upload_people(personas, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    text = "work_number,name,center,role\n7002,某某,廊坊中心,admin\n"
    r = login(personas.manager).post(reverse("calls:import_new"), {"kind": "people", "file": upload(text)})
    assert r.status_code == 403 and not Person.objects.filter(work_number="7002").exists()


def test_an_administrator_links_a_recordings_folder(personas, login, settings):
    from hotline.calls.tests.helpers import make_call

    call = make_call(personas.agent, "r1", with_audio=False)
    folder = Path(settings.RECORDINGS_DIR) / "2026"
    folder.mkdir(parents=True)
    (folder / "r1.wav").write_bytes(b"RIFF")
    data = {"kind": "recordings", "directory": str(folder), "pattern": r"(?P<call_id>[^/]+)\.wav$"}
    login(personas.admin).post(reverse("calls:import_new"), data)
    assert ImportBatch.objects.get().status == "done"
    assert (Recording.objects.get().call, Recording.objects.get().path) == (call, "2026/r1.wav")


def test_a_manager_may_not_index_a_server_folder(personas, login, tmp_path):
    data = {"kind": "recordings", "directory": str(tmp_path), "pattern": r"(?P<call_id>.+)\.wav$"}
    assert login(personas.manager).post(reverse("calls:import_new"), data).status_code == 403


def test_a_folder_pattern_without_a_call_id_group_is_refused_on_the_form(personas, login, tmp_path):
    data = {"kind": "recordings", "directory": str(tmp_path), "pattern": r".+\.wav$"}
    r = login(personas.admin).post(reverse("calls:import_new"), data)
    assert r.status_code == 200 and "call_id" in r.content.decode() and not ImportBatch.objects.exists()


def test_the_status_endpoint_reports_progress_to_importers_only(personas, login):
    batch = ImportBatch.objects.create(
        kind="calls",
        source="big.csv",
        status="running",
        done=2000,
        total=5000,
        created_by=personas.planner.user,
    )
    url = reverse("calls:import_status", args=[batch.pk])
    body = login(personas.planner).get(url).json()
    assert (body["status"], body["running"], body["done"], body["total"]) == ("running", True, 2000, 5000)
    for who in ("agent", "leader", "monitor"):
        assert login(getattr(personas, who)).get(url).status_code == 403


def test_a_running_import_page_shows_the_progress_bar(personas, login):
    batch = ImportBatch.objects.create(
        kind="calls",
        source="big.csv",
        status="running",
        done=2000,
        total=5000,
        created_by=personas.planner.user,
    )
    html = login(personas.manager).get(reverse("calls:import", args=[batch.pk])).content.decode()
    assert "导入中…" in html and '<progress id="import-bar" max="5000" value="2000">' in html


def test_a_managers_file_naming_another_center_is_refused_on_that_row(personas, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    text = GOOD + "c2,9001,2026-10-08 09:00:00,2026-10-08 09:03:00,黄岛中心,\n"
    post_calls(login(personas.manager), text)
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and not Call.objects.exists()
    assert (batch.errors[0]["row"], batch.errors[0]["column"]) == (3, "center")


def test_an_administrator_imports_into_any_center(personas, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    text = GOOD + "c2,9001,2026-10-08 09:00:00,2026-10-08 09:03:00,黄岛中心,\n"
    post_calls(login(personas.admin), text)
    assert Call.objects.count() == 2


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_refused_row_reads_in_the_readers_language(personas, login, settings, tmp_path, lang):
    """A batch stores its row errors as source text and parameters; each reader reads them in their
    language (the importer's language at upload time does not matter)."""
    settings.DATA_DIR = tmp_path
    client = login(personas.planner)
    post_calls(client, GOOD + "c2,9999,2026-10-08 10:00:00,2026-10-08 10:03:00,廊坊中心,查询\n")
    batch = ImportBatch.objects.get()
    client.cookies["django_language"] = lang
    page = client.get(reverse("calls:import", args=[batch.pk])).content.decode()
    status = client.get(reverse("calls:import_status", args=[batch.pk])).json()
    if lang == "en":
        assert "unknown agent work number &#x27;9999&#x27; (import people first)" in page
        assert "未知的座席工号" not in page
        assert status["errors"][0]["reason"] == "unknown agent work number '9999' (import people first)"
    else:
        assert "未知的座席工号“9999”（请先导入人员）" in page and "unknown agent" not in page
        assert status["errors"][0]["reason"] == "未知的座席工号“9999”（请先导入人员）"
