"""The one door to recording files (§2, §10): nothing outside the recordings folder is ever reached.

A recording is stored as a path *relative to* ``settings.RECORDINGS_DIR`` (or as an http(s) URL of a
remote store, which is redirected to and never read here). Every reader of recording files goes
through this module; its API is deliberately small so that a remote backend (django-storages, S3)
can replace it:

- ``check(reference)`` → the normalised reference, or ``RecordingPathError`` (import time);
- ``resolve(reference)`` → the real local ``Path`` inside the root, or ``RecordingPathError``;
- ``exists(reference)``, ``size(reference)`` (bytes), ``open(reference)`` (binary read).

With ``RECORDINGS_STORAGE = "s3"`` the references are object keys relative to ``HOTLINE_S3_PREFIX``
in an S3-compatible bucket (django-storages' ``S3Storage``): the same lexical checks apply, there is
no local ``resolve`` (``RecordingPathError``), and ``exists``/``size``/``open`` ask the bucket;
``local_copy`` downloads an object into the cache when a local file is needed (transcoding).

Refused, with a reason in the reader's language: NUL bytes, absolute paths (``/etc/passwd``,
``C:\\…``, ``\\\\server\\share``), any ``..`` component, ``~``, a path whose resolution (symlinks
followed) leaves the root, the database file and its journals, references longer than the column.
The checks run twice: when a row is imported and again each time a file is served, so a reference
stored before this check existed, or a symlink planted later, is still refused.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from hotline.core.errors import InvalidInput

MAX_LENGTH = 500  # Recording.path
REMOTE_PREFIXES = ("http://", "https://")
_DRIVE = re.compile(r"^[A-Za-z]:")


class RecordingPathError(InvalidInput):
    """A recording reference that must not be read (its message is the translated reason)."""


def is_s3() -> bool:
    """Whether recordings live in an S3-compatible bucket (settings.RECORDINGS_STORAGE = "s3")."""
    kind = getattr(settings, "RECORDINGS_STORAGE", "local") or "local"
    if kind not in ("local", "s3"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"HOTLINE_RECORDINGS_STORAGE must be local or s3, not {kind!r}")
    return kind == "s3"


def check_settings(app_configs=None, **kwargs) -> list:
    """Django system check (``hotline manage check``): the recordings storage settings make sense."""
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    try:
        if is_s3() and not (getattr(settings, "RECORDINGS_S3", {}) or {}).get("bucket_name"):
            raise ImproperlyConfigured("HOTLINE_S3_BUCKET is required with HOTLINE_RECORDINGS_STORAGE=s3")
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="hotline.E_RECORDINGS_STORAGE")]
    return []


_S3_CACHE: dict[tuple, object] = {}
S3_CONNECT_TIMEOUT = 5.0  # seconds
S3_READ_TIMEOUT = 30.0  # seconds


def s3():
    """The django-storages ``S3Storage`` of the recordings bucket (one per configuration)."""
    options = dict(getattr(settings, "RECORDINGS_S3", {}) or {})
    key = tuple(sorted((k, str(v)) for k, v in options.items()))
    store = _S3_CACHE.get(key)
    if store is None:
        if not options.get("bucket_name"):
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured("HOTLINE_S3_BUCKET is required with HOTLINE_RECORDINGS_STORAGE=s3")
        from botocore.config import Config
        from storages.backends.s3 import S3Storage

        options = {k: v for k, v in options.items() if v not in (None, "")}
        # Path-style by default with an own endpoint (MinIO, Ceph: no bucket subdomains); short
        # timeouts and few retries, so an unreachable store fails a request in seconds, not minutes.
        style = options.pop("addressing_style", None) or ("path" if options.get("endpoint_url") else "auto")
        config = Config(
            s3={"addressing_style": style},
            connect_timeout=S3_CONNECT_TIMEOUT,
            read_timeout=S3_READ_TIMEOUT,
            retries={"max_attempts": 3, "mode": "standard"},
        )
        store = S3Storage(file_overwrite=True, default_acl=None, client_config=config, **options)
        _S3_CACHE[key] = store
    return store


def s3_key(reference: str) -> str:
    """The full object key of a recording reference (prefix included), or RecordingPathError."""
    from django.core.exceptions import SuspiciousOperation

    rel = _relative(reference)
    try:
        return s3()._normalize_name(rel)
    except SuspiciousOperation:
        raise RecordingPathError(_("录音路径指向录音目录之外")) from None


def _relative(reference: str) -> str:
    if is_remote(reference):
        raise RecordingPathError(_("远程录音不在本地存储"))
    _lexical(reference)
    rel = PurePosixPath(reference.replace("\\", "/")).as_posix()
    if rel in ("", "."):
        raise RecordingPathError(_("录音路径为空"))
    return rel


def root() -> Path:
    """The recordings folder, symlinks resolved."""
    return Path(settings.RECORDINGS_DIR).resolve()


def is_remote(reference: str) -> bool:
    return reference.startswith(REMOTE_PREFIXES)


def check(reference: str) -> str:
    """The reference as it will be stored (``/`` separators, no ``./``), or RecordingPathError.

    Does not require the file to exist (calls are often imported before their audio is copied).
    """
    ref = reference.strip()
    if is_remote(ref):
        if "\x00" in ref or len(ref) > MAX_LENGTH or any(c in ref for c in "\r\n\t "):
            raise RecordingPathError(_("录音地址无效"))
        return ref
    if is_s3():
        s3_key(ref)
        return _relative(ref)
    _lexical(ref)
    rel = PurePosixPath(ref.replace("\\", "/")).as_posix()
    resolve(rel)
    return rel


def _lexical(ref: str) -> None:
    if not ref:
        raise RecordingPathError(_("录音路径为空"))
    if "\x00" in ref:
        raise RecordingPathError(_("录音路径含有空字符"))
    if len(ref) > MAX_LENGTH:
        raise RecordingPathError(_("录音路径过长（最多 %(n)s 个字符）") % {"n": MAX_LENGTH})
    posix = ref.replace("\\", "/")
    if posix.startswith("/") or _DRIVE.match(posix) or posix.startswith("~"):
        raise RecordingPathError(_("录音路径必须是录音目录内的相对路径"))
    if any(part == ".." for part in posix.split("/")):
        raise RecordingPathError(_("录音路径不能包含 “..”"))
    if "://" in posix:
        raise RecordingPathError(_("录音路径必须是录音目录内的相对路径"))


def _forbidden_files() -> set[Path]:
    """The database file and its journals, wherever they are (never served, even inside the root)."""
    out: set[Path] = set()
    for db in settings.DATABASES.values():
        name = str(db.get("NAME") or "")
        if db.get("ENGINE", "").endswith("sqlite3") and name and name != ":memory:":
            base = Path(name).resolve()
            out |= {base, Path(f"{base}-wal"), Path(f"{base}-shm"), Path(f"{base}-journal")}
    return out


def resolve(reference: str) -> Path:
    """The real path of a local recording inside the root (symlinks followed), or RecordingPathError."""
    if is_remote(reference):
        raise RecordingPathError(_("远程录音不在本地存储"))
    if is_s3():
        raise RecordingPathError(_("录音保存在对象存储中，不在本地"))
    _lexical(reference)
    base = root()
    try:
        real = (base / reference.replace("\\", "/")).resolve()
    except (OSError, RuntimeError, ValueError):  # symlink loops, names the OS refuses
        raise RecordingPathError(_("录音路径无法解析")) from None
    if real == base or not real.is_relative_to(base):
        raise RecordingPathError(_("录音路径指向录音目录之外"))
    forbidden = _forbidden_files()
    if real in forbidden or _same_file_as_any(real, forbidden):
        raise RecordingPathError(_("录音路径指向数据库文件"))
    return real


def _same_file_as_any(path: Path, others: set[Path]) -> bool:
    """A hard link to the database is the database, whatever its name."""
    try:
        st = path.stat()
    except OSError:
        return False
    for other in others:
        try:
            o = other.stat()
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (o.st_dev, o.st_ino):
            return True
    return False


def exists(reference: str) -> bool:
    try:
        if is_s3():
            return s3().exists(_relative(reference))
        return resolve(reference).is_file()
    except (RecordingPathError, OSError):
        return False


def size(reference: str) -> int:
    """Bytes of the file (FileNotFoundError when it is missing)."""
    if is_s3():
        return s3_head(reference)[0]
    return resolve(reference).stat().st_size


def s3_head(reference: str) -> tuple[int, str]:
    """(bytes, ETag) of an object in the bucket; FileNotFoundError when there is none."""
    from botocore.exceptions import ClientError

    try:
        head = s3().connection.meta.client.head_object(Bucket=s3().bucket_name, Key=s3_key(reference))
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            raise FileNotFoundError(reference) from None
        raise
    return int(head["ContentLength"]), str(head.get("ETag", "")).strip('"')


def s3_read(reference: str, start: int | None = None, end: int | None = None):
    """The body (a stream with ``iter_chunks``) of the object, or of bytes ``start..end`` inclusive."""
    kwargs = {"Bucket": s3().bucket_name, "Key": s3_key(reference)}
    if start is not None:
        kwargs["Range"] = f"bytes={start}-{'' if end is None else end}"
    return s3().connection.meta.client.get_object(**kwargs)["Body"]


def save(reference: str, content: BinaryIO) -> str:
    """Store ``content`` under ``reference`` (S3 or the local folder); the checked reference."""
    ref = check(reference)
    if is_s3():
        from django.core.files import File

        s3().save(_relative(ref), File(content))
        return ref
    path = resolve(ref)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        while chunk := content.read(1 << 20):
            out.write(chunk)
    return ref


def local_copy(reference: str, folder: Path) -> Path:
    """A local file with the recording's bytes: the file itself, or (S3) a copy downloaded into
    ``folder`` named after the key and its ETag (downloaded again when the object changes)."""
    if not is_s3():
        return resolve(reference)
    import hashlib

    length, etag = s3_head(reference)
    stem = hashlib.sha256(s3_key(reference).encode("utf-8")).hexdigest()[:24]
    suffix = PurePosixPath(reference).suffix[:10]
    out = folder / f"{stem}-{hashlib.sha256(etag.encode()).hexdigest()[:12]}-{length}{suffix}"
    if not out.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{out.name}.{os.getpid()}.{threading.get_ident()}.part"
        try:
            body = s3_read(reference)
            with tmp.open("wb") as fh:
                for chunk in body.iter_chunks(1 << 20):
                    fh.write(chunk)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
        for stale in folder.glob(f"{stem}-*"):
            if stale != out:
                stale.unlink(missing_ok=True)
    return out


def s3_references(prefix: str = "") -> Iterator[str]:
    """The references of every object under ``prefix`` (relative to HOTLINE_S3_PREFIX), paged."""
    base = s3().location.strip("/")
    start = f"{base}/" if base else ""
    if prefix.strip("/"):
        start += _relative(prefix.strip("/")) + "/"
    paginator = s3().connection.meta.client.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=s3().bucket_name, Prefix=start):
        for obj in page.get("Contents", []):
            key = obj["Key"]
            if not key.endswith("/"):
                yield key[len(f"{base}/") :] if base else key


def open(reference: str) -> BinaryIO:  # noqa: A001 — the storage API's name (as django-storages)
    """The file opened for binary reading; the last component is never followed as a symlink."""
    if is_s3():
        if not exists(reference):
            raise FileNotFoundError(reference)
        return s3().open(_relative(reference), "rb")
    path = resolve(reference)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    return os.fdopen(fd, "rb")


def reference_of(path: Path) -> str:
    """The reference to store for a file found under the root (RecordingPathError when it is not)."""
    base = root()
    absolute = Path(os.path.abspath(path))
    if not absolute.is_relative_to(base):
        raise RecordingPathError(_("录音路径指向录音目录之外"))
    return check(absolute.relative_to(base).as_posix())


def generate_missing(recording) -> Path | None:
    """A missing file made on demand by the generator configured for its path prefix
    (``settings.RECORDING_GENERATORS``: ``{"demo/": "hotline.demo.audio.ensure_demo_audio"}`` outside
    production), or None. Configuration, not an import: the apps never import the demo."""
    from django.utils.module_loading import import_string

    for prefix, dotted in getattr(settings, "RECORDING_GENERATORS", {}).items():
        if recording.path.startswith(prefix):
            made = import_string(dotted)(recording)
            return made if made is not None and made.is_file() else None
    return None
