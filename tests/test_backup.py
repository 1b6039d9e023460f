"""``hotline backup`` / ``hotline restore`` (issue 16 item 2): a round trip gives back every row, the
recordings index is checked against the files, and a non-empty database is not overwritten by accident."""

from __future__ import annotations

import json
import tarfile

import pytest

from hotline.backup import BackupError, backup_write, restore
from hotline.cli.main import main


def _rows(tmp_path, name) -> set[str]:
    """Every row of the database as JSON lines (the dump format), for comparing whole databases."""
    from django.core.management import call_command

    out = tmp_path / name
    call_command("dumpdata", "--exclude=contenttypes", "--exclude=auth.permission", "--exclude=sessions",
                 "--exclude=axes", "--natural-foreign", "--format=jsonl", f"--output={out}", verbosity=0)  # fmt: skip
    return set(out.read_text().splitlines())


@pytest.fixture
def world(transactional_db, personas, settings):
    from hotline.calls.tests.helpers import make_call
    from hotline.org.models import AuditEntry

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_call(personas.agent, "C-1")
    make_call(personas.peer, "C-2", with_audio=False)
    AuditEntry.objects.create(action="test", object_type="x", object_id="1", after={"名": "值"})
    return personas


def test_a_backup_restores_every_row_and_checks_the_recordings(world, tmp_path, settings):
    before = _rows(tmp_path, "before.jsonl")
    path = tmp_path / "b.tar.gz"
    manifest = backup_write(path)
    assert manifest["counts"]["calls.call"] == 2 and manifest["recordings"] == 1
    with tarfile.open(path) as tar:
        assert sorted(tar.getnames()) == ["data.jsonl", "manifest.json", "recordings.csv"]
    with pytest.raises(BackupError, match="not empty"):
        restore(path)  # never over existing data by accident
    result = restore(path, force=True)
    assert _rows(tmp_path, "after.jsonl") == before
    assert result.recordings == 1 and result.missing_files == [] and result.changed_files == []
    from hotline.org.models import Center

    Center.objects.create(name="新中心", code="new")  # the id sequences go on after the restored rows
    (settings.RECORDINGS_DIR / "C-1.wav").unlink()
    assert restore(path, force=True).missing_files == ["C-1.wav"]


def test_the_commands_round_trip_and_refuse_a_foreign_file(world, tmp_path, capsys):
    path = tmp_path / "cli.tar.gz"
    assert main(["backup", str(path)]) == 0
    assert "recordings indexed" in capsys.readouterr().out
    assert main(["restore", str(path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["restore", str(path), "--force", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["recordings"] == 1 and out["missing_files"] == [] and out["rows"] > 10
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a backup")
    assert main(["restore", str(junk)]) == 2
    assert "cannot be read" in capsys.readouterr().err
