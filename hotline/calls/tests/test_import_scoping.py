"""Issue 10 #2, #3: an import never moves another center's call; import records stay in their center."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hotline.calls.models import Call, ImportBatch
from hotline.calls.services import ImportFailed, calls_import
from hotline.org.models import ApiToken

from .helpers import make_call

HEADER = "call_id,agent,answered_at,ended_at,center,recording\n"


def theirs(personas):
    return make_call(personas.other_agent, "hd-1")  # 黄岛中心's call


def text(cid="hd-1", center="廊坊中心"):
    return HEADER + f"{cid},8001,2026-10-09 09:00:00,2026-10-09 09:03:00,{center},stolen.wav\n"


def unchanged(call):
    fresh = Call.objects.get(pk=call.pk)
    return (fresh.center_id, fresh.agent_id, fresh.batch_id) == (call.center_id, call.agent_id, call.batch_id)


def test_a_cli_row_reusing_another_centers_call_id_is_refused_without_details(personas, tmp_path):
    call = theirs(personas)
    p = tmp_path / "calls.csv"
    p.write_text(text())
    with pytest.raises(ImportFailed) as e:
        calls_import(path=p)
    (err,) = e.value.errors
    assert (err.row, err.column) == (2, "call_id") and "黄岛" not in err.reason and "9001" not in err.reason
    assert unchanged(call) and call.recording.path == "hd-1.wav"


def test_keep_good_rows_leaves_the_foreign_call_alone(personas, tmp_path):
    call = theirs(personas)
    p = tmp_path / "calls.csv"
    p.write_text(text() + "lf-1,8001,2026-10-09 10:00:00,2026-10-09 10:03:00,廊坊中心,\n")
    result = calls_import(path=p, keep_good_rows=True)
    assert result.created == 1 and [e.column for e in result.errors] == ["call_id"] and unchanged(call)


def test_a_browser_upload_by_a_manager_cannot_take_over_another_centers_call(
    personas, login, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    call = theirs(personas)
    upload = SimpleUploadedFile("calls.csv", text().encode(), content_type="text/csv")
    login(personas.manager).post(
        reverse("calls:import_new"), {"kind": "calls", "file_format": "auto", "file": upload}
    )
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and batch.errors[0]["column"] == "call_id" and unchanged(call)


def test_an_api_upload_cannot_take_over_another_centers_call(personas, client):
    call = theirs(personas)
    token = ApiToken.objects.create(user=personas.manager.user).key
    upload = SimpleUploadedFile("calls.csv", text().encode(), content_type="text/csv")
    r = client.post("/api/calls/import", {"file": upload}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 400 and r.json()["errors"][0]["column"] == "call_id" and unchanged(call)


def test_the_same_center_still_updates_its_own_call(personas, tmp_path):
    mine = make_call(personas.agent, "lf-1")
    p = tmp_path / "calls.csv"
    p.write_text(text("lf-1"))
    assert calls_import(path=p).updated == 1 and Call.objects.get(pk=mine.pk).local_date.day == 9


# --- import records (§10): a center's batches are its own ---------------------------------------------


def batches(personas):
    mine = ImportBatch.objects.create(kind="calls", source="ours.csv", created_by=personas.manager.user)
    other = ImportBatch.objects.create(
        kind="calls", source="huangdao-secret.csv", created_by=personas.outsider.user
    )
    cli = ImportBatch.objects.create(kind="calls", source="/srv/cli.csv")
    people = ImportBatch.objects.create(kind="people", source="people.csv", created_by=personas.admin.user)
    return mine, other, cli, people


@pytest.mark.parametrize("who", ["manager", "planner"])
def test_a_manager_or_planner_sees_only_their_centers_import_records(personas, login, who):
    mine, other, cli, people = batches(personas)
    client = login(getattr(personas, who))
    html = client.get(reverse("calls:imports")).content.decode()
    assert "ours.csv" in html and "huangdao-secret.csv" not in html and "cli.csv" not in html
    assert "people.csv" not in html
    assert client.get(reverse("calls:import", args=[mine.pk])).status_code == 200
    for b in (other, cli, people):
        assert client.get(reverse("calls:import", args=[b.pk])).status_code == 404
        assert client.get(reverse("calls:import_status", args=[b.pk])).status_code == 404


def test_the_other_centers_manager_does_not_see_ours(personas, login):
    mine, other, *_ = batches(personas)
    client = login(personas.outsider)
    assert client.get(reverse("calls:import_status", args=[mine.pk])).status_code == 404
    assert client.get(reverse("calls:import_status", args=[other.pk])).status_code == 200


def test_an_administrator_sees_every_import_record(personas, login):
    client = login(personas.admin)
    for b in batches(personas):
        assert client.get(reverse("calls:import_status", args=[b.pk])).status_code == 200
