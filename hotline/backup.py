"""``hotline backup`` / ``hotline restore``: the database and the recordings index in one file.

A backup is a ``.tar.gz`` with three members:

- ``manifest.json`` — format, time, hotline version, database vendor, the applied migrations, the
  row count of every model;
- ``data.jsonl`` — every row of every model, one JSON object a line (Django's ``jsonl`` serializer,
  natural keys for content types and permissions, so it restores into SQLite or PostgreSQL alike);
  sessions, content types, permissions and login-throttling records are left out (rebuilt or transient);
- ``recordings.csv`` — the recordings index: call id, path, size in bytes of each recording file as
  it was on disk (the audio itself is backed up as files, see deploy/README.md).

``restore`` loads a backup into an empty database (``--force`` empties it first), migrates it to the
backup's migrations first, inserts the rows in batches, checks every count against the manifest, and reports the recordings whose
files are missing or changed size under ``RECORDINGS_DIR``. Rows stream in and out, so memory stays
bounded by one model's batch, not the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hotline.core.errors import HotlineError

FORMAT = 1
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes"]


class BackupError(HotlineError, RuntimeError):
    """A backup cannot be written or restored (the message says why, in English: only operators on the
    command line meet it, CLI.md)."""

    code = "backup"


@dataclass
class RestoreResult:
    counts: dict[str, int]
    recordings: int = 0
    missing_files: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)


def _models():
    from django.apps import apps

    skip_apps = {"contenttypes", "sessions", "axes"}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in skip_apps or label == "auth.permission":
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        yield model


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in _models()}


def _applied_migrations() -> dict[str, list[str]]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    out: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        out.setdefault(app, []).append(name)
    return out


def _recording_rows():
    from django.conf import settings

    from hotline.calls.models import Recording

    root = Path(settings.RECORDINGS_DIR)
    for rec in Recording.objects.select_related("call").order_by("pk").iterator(chunk_size=5000):
        path = Path(rec.path)
        full = path if path.is_absolute() else root / path
        try:
            size = full.stat().st_size if full.is_file() else ""
        except OSError:
            size = ""
        yield rec.call.call_id, rec.path, size


def backup_write(out: Path) -> dict:
    """Write a backup of the whole database to ``out``; returns its manifest."""
    from django.core.management import call_command
    from django.db import connection

    try:
        from importlib.metadata import version

        hotline_version = version("hotline")
    except Exception:  # noqa: BLE001 - a source checkout without metadata
        hotline_version = "unknown"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        data = tmp_dir / "data.jsonl"
        call_command(
            "dumpdata", *[f"--exclude={e}" for e in EXCLUDE], "--natural-foreign", "--format=jsonl",
            f"--output={data}", verbosity=0,
        )  # fmt: skip
        index = tmp_dir / "recordings.csv"
        n_recordings = 0
        with index.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["call_id", "path", "size"])
            for row in _recording_rows():
                w.writerow(row)
                n_recordings += 1
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "hotline_version": hotline_version,
            "database": connection.vendor,
            "migrations": _applied_migrations(),
            "counts": _counts(),
            "recordings": n_recordings,
        }
        (tmp_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for name in ("manifest.json", "data.jsonl", "recordings.csv"):
                tar.add(tmp_dir / name, arcname=name)
        partial.replace(out)  # never a half-written backup under the real name
    return manifest


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.extractfile("manifest.json")
    except KeyError:
        member = None
    if member is None:
        raise BackupError("not a hotline backup: manifest.json is missing")
    manifest = json.loads(member.read().decode())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not supported (expected {FORMAT})")
    return manifest


def database_is_empty() -> bool:
    """No login, center or call yet (rows that migrations seed, like the default score form, do not
    count: the restore replaces them with the backup's)."""
    from django.contrib.auth import get_user_model

    from hotline.calls.models import Call
    from hotline.org.models import Center

    return not (get_user_model().objects.exists() or Center.objects.exists() or Call.objects.exists())


def restore(path: Path, *, force: bool = False) -> RestoreResult:
    """Restore the backup at ``path`` into this database (empty, or emptied with ``force``)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    try:
        tar = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{path}: cannot be read as a backup ({exc})") from None
    with tar, tempfile.TemporaryDirectory() as tmp:
        manifest = _read_manifest(tar)
        names = set(tar.getnames())
        if not {"data.jsonl", "recordings.csv"} <= names:
            raise BackupError(f"{path}: incomplete backup (members: {sorted(names)})")
        for name in ("data.jsonl", "recordings.csv"):  # only our own members, by name (no path tricks)
            src = tar.extractfile(name)
            if src is None:
                raise BackupError(f"{path}: {name} is not a file")
            with (Path(tmp) / name).open("wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
        call_command("migrate", "--noinput", verbosity=0)
        if not database_is_empty() and not force:
            raise BackupError(
                "the database is not empty: restore into a new database, or use --force to empty it"
            )
        call_command("flush", "--noinput", verbosity=0)  # also the rows migrations seed: the backup has them
        with transaction.atomic():
            _load_rows(Path(tmp) / "data.jsonl")
        counts = _counts()
        expected = {k: v for k, v in manifest["counts"].items() if k in counts}
        wrong = {k: (v, counts[k]) for k, v in expected.items() if counts[k] != v}
        if wrong:
            raise BackupError(f"restored counts differ from the backup's: {wrong}")
        result = RestoreResult(counts=counts)
        root = Path(settings.RECORDINGS_DIR)
        with (Path(tmp) / "recordings.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                result.recordings += 1
                p = Path(row["path"])
                full = p if p.is_absolute() else root / p
                if not full.is_file():
                    result.missing_files.append(row["path"])
                elif row["size"] and full.stat().st_size != int(row["size"]):
                    result.changed_files.append(row["path"])
        return result


def _load_rows(path: Path, batch_size: int = 2000) -> None:
    """Insert the rows of a ``jsonl`` dump in batches (loaddata saves one row at a time: minutes for a
    demo, hours for a national center). Raw inserts like loaddata's — no signals, ``auto_now`` values
    kept —, constraints checked once at the end, id sequences moved past the loaded rows."""
    from django.core import serializers
    from django.core.management.color import no_style
    from django.db import DEFAULT_DB_ALIAS, connection

    batch: list = []
    model = None
    loaded: set = set()
    with_m2m = []

    def flush() -> None:
        if not batch:
            return
        meta = model._meta
        if meta.parents:  # multi-table inheritance: one row at a time, as loaddata does
            for obj in batch:
                obj.save_base(raw=True)
        else:
            fields = meta.local_concrete_fields
            size = connection.ops.bulk_batch_size(fields, batch) or len(batch)
            for i in range(0, len(batch), size):
                model._base_manager._insert(
                    batch[i : i + size], fields=fields, raw=True, using=DEFAULT_DB_ALIAS
                )
        loaded.add(model)
        batch.clear()

    with path.open(encoding="utf-8") as f, connection.constraint_checks_disabled():
        for item in serializers.deserialize("jsonl", f, handle_forward_references=True):
            if item.deferred_fields:
                raise BackupError(f"{item.object._meta.label}: a reference in the backup cannot be resolved")
            if type(item.object) is not model:
                flush()
                model = type(item.object)
            batch.append(item.object)
            if item.m2m_data:
                with_m2m.append(item)
            if len(batch) >= batch_size:
                flush()
        flush()
        for item in with_m2m:
            for name, values in item.m2m_data.items():
                getattr(item.object, name).set(values)
    connection.check_constraints(table_names=[m._meta.db_table for m in loaded])
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(loaded)):
            cursor.execute(sql)
