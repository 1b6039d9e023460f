"""Issue 10 #1: no recording reference reaches a file outside the recordings folder (§2, §10).

Refused at import (a row error naming file, row, column ``recording``) and again when served (404).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings as dj_settings

from hotline.calls import storage
from hotline.calls.models import Call, ImportBatch, Recording
from hotline.calls.services import ImportFailed, calls_import, recordings_index
from hotline.org.models import ApiToken

from .helpers import make_call, silent_wav

HEADER = "call_id,agent,answered_at,ended_at,center,recording\n"


def calls_file(tmp_path, recording, name="calls.csv"):
    p = tmp_path / name
    p.write_text(
        HEADER + f"c1,8001,2026-10-08 09:00:00,2026-10-08 09:03:00,廊坊中心,ok.wav\n"
        f"c2,8001,2026-10-08 10:00:00,2026-10-08 10:03:00,廊坊中心,{recording}\n",
        encoding="utf-8",
    )
    return p


def db_file() -> str:
    """The database the server would use outside the tests (the tests' own is in memory)."""
    return str(Path(dj_settings.DATA_DIR) / "hotline.sqlite3")


HOSTILE = [
    "../../../../etc/passwd",
    "/etc/passwd",
    "a/../../secret.wav",
    "..\\..\\secret.wav",
    "C:\\Windows\\win.ini",
    "~/secret.wav",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("ref", HOSTILE)
def test_an_import_naming_a_file_outside_the_recordings_folder_is_refused(personas, tmp_path, ref):
    with pytest.raises(ImportFailed) as e:
        calls_import(path=calls_file(tmp_path, ref))
    (err,) = e.value.errors
    assert (err.file, err.row, err.column) == ("calls.csv", 3, "recording")
    assert not Call.objects.exists() and not Recording.objects.exists()


def test_the_database_file_is_refused_even_by_its_absolute_path(personas, tmp_path):
    with pytest.raises(ImportFailed) as e:
        calls_import(path=calls_file(tmp_path, db_file()))
    assert e.value.errors[0].column == "recording" and not Recording.objects.exists()


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_a_database_inside_the_recordings_folder_is_still_refused(personas, tmp_path, settings):
    settings.RECORDINGS_DIR = tmp_path
    db = tmp_path / "hotline.sqlite3"
    db.write_bytes(b"SQLite format 3\x00")
    settings.DATABASES = {**settings.DATABASES, "spare": {"ENGINE": "django.db.backends.sqlite3", "NAME": db}}
    with pytest.raises(storage.RecordingPathError):
        storage.resolve("hotline.sqlite3")
    with pytest.raises(storage.RecordingPathError):
        storage.resolve("hotline.sqlite3-wal")
    (tmp_path / "sub").mkdir()
    os.link(db, tmp_path / "sub" / "innocent.wav")  # a hard link is the same file
    with pytest.raises(storage.RecordingPathError):
        storage.resolve("sub/innocent.wav")


def test_a_symlink_inside_the_folder_pointing_outside_is_refused(personas, tmp_path, settings):
    root = Path(settings.RECORDINGS_DIR)
    root.mkdir(parents=True, exist_ok=True)
    (root / "evil.wav").symlink_to("/etc/passwd")
    (root / "sub").symlink_to(tmp_path)
    for ref in ("evil.wav", "sub/calls.csv"):
        with pytest.raises(ImportFailed) as e:
            calls_import(path=calls_file(tmp_path, ref))
        assert e.value.errors[0].column == "recording"


def test_a_nul_byte_in_a_recording_is_refused(personas, tmp_path):
    p = tmp_path / "calls.csv"
    p.write_bytes(
        (
            HEADER + "c1,8001,2026-10-08 09:00:00,2026-10-08 09:03:00,廊坊中心,a.wav\x00../../etc/passwd\n"
        ).encode()
    )
    with pytest.raises(ImportFailed) as e:
        calls_import(path=p)
    assert e.value.errors[0].column == "recording"


def test_an_asterisk_userfield_outside_the_folder_is_refused(personas, tmp_path):
    line = (
        '"","13812345678","4000","from-pstn","","SIP/trunk-1","SIP/8001-2","Dial","",'
        '"2026-10-08 09:00:00","2026-10-08 09:00:05","2026-10-08 09:02:05","125","120","ANSWERED",'
        '"DOCUMENTATION","1759885200.1","../../../../var/lib/hotline/secret.wav"\n'
    )
    p = tmp_path / "Master.csv"
    p.write_text(line)
    with pytest.raises(ImportFailed) as e:
        calls_import(path=p, center_name="廊坊中心")
    assert (e.value.errors[0].row, e.value.errors[0].column) == (1, "recording")
    assert not Call.objects.exists()


def test_a_good_relative_recording_is_stored_normalised(personas, tmp_path):
    calls_import(path=calls_file(tmp_path, "2026\\10\\c2.wav"))
    assert Recording.objects.get(call__call_id="c2").path == "2026/10/c2.wav"


def test_the_recordings_folder_scan_refuses_symlinks_leading_outside(personas, tmp_path, settings):
    root = Path(settings.RECORDINGS_DIR)
    root.mkdir(parents=True, exist_ok=True)
    make_call(personas.agent, "inside", with_audio=False)
    make_call(personas.agent, "outside", with_audio=False)
    (root / "inside.wav").write_bytes(silent_wav(0.1))
    (root / "outside.wav").symlink_to("/etc/passwd")
    result = recordings_index(directory=root)
    assert result.linked == 1 and [e.file for e in result.refused] == ["outside.wav"]
    assert list(Recording.objects.values_list("path", flat=True)) == ["inside.wav"]
    assert ImportBatch.objects.get().skipped == 1


def test_the_recordings_folder_scan_refuses_a_folder_outside_the_recordings_folder(personas, tmp_path):
    from hotline.core.tabular import TableError

    with pytest.raises(TableError):
        recordings_index(directory="/etc")
    with pytest.raises(TableError):
        recordings_index(directory="/tmp/a\x00b")


# --- serve time: a reference stored before the check (or a symlink planted later) is still refused ---


def bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=person.user).key}"}


@pytest.mark.parametrize("ref", [*HOSTILE, "DB", "LINK"])
def test_a_stored_hostile_reference_is_never_served(personas, client, login, settings, ref):
    root = Path(settings.RECORDINGS_DIR)
    root.mkdir(parents=True, exist_ok=True)
    if ref == "DB":
        ref = db_file()
    elif ref == "LINK":
        (root / "link.wav").symlink_to("/etc/passwd")
        ref = "link.wav"
    call = make_call(personas.agent, "c1", with_audio=False)
    Recording.objects.create(call=call, path=ref)
    page = login(personas.monitor).get(f"/calls/{call.pk}/audio/")
    api = client.get(f"/api/calls/{call.pk}/recording/audio", **bearer(personas.monitor))
    assert page.status_code == 404 and api.status_code == 404
    assert b"root:" not in b"".join(getattr(page, "streaming_content", [page.content]))


def test_storage_reads_a_good_file(personas, settings):
    root = Path(settings.RECORDINGS_DIR)
    (root / "a").mkdir(parents=True)
    (root / "a" / "x.wav").write_bytes(b"RIFF1234")
    assert storage.exists("a/x.wav") and storage.size("a/x.wav") == 8
    with storage.open("a/x.wav") as fh:
        assert fh.read() == b"RIFF1234"
    assert not storage.exists("../x.wav") and not storage.exists("a/missing.wav")
    assert os.fspath(storage.resolve("a/x.wav")).startswith(os.fspath(root.resolve()))
