"""The one door to recording files (§2, §10): nothing outside the recordings folder is ever reached.

A recording is stored as a path *relative to* ``settings.RECORDINGS_DIR`` (or as an http(s) URL of a
remote store, which is redirected to and never read here). Every reader of recording files goes
through this module; its API is deliberately small so that a remote backend (django-storages, S3)
can replace it:

- ``check(reference)`` → the normalised reference, or ``RecordingPathError`` (import time);
- ``resolve(reference)`` → the real local ``Path`` inside the root, or ``RecordingPathError``;
- ``exists(reference)``, ``size(reference)`` (bytes), ``open(reference)`` (binary read).

Refused, with a reason in the reader's language: NUL bytes, absolute paths (``/etc/passwd``,
``C:\\…``, ``\\\\server\\share``), any ``..`` component, ``~``, a path whose resolution (symlinks
followed) leaves the root, the database file and its journals, references longer than the column.
The checks run twice: when a row is imported and again each time a file is served, so a reference
stored before this check existed, or a symlink planted later, is still refused.
"""

from __future__ import annotations

import os
import re
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
        return resolve(reference).is_file()
    except (RecordingPathError, OSError):
        return False


def size(reference: str) -> int:
    """Bytes of the file (FileNotFoundError when it is missing)."""
    return resolve(reference).stat().st_size


def open(reference: str) -> BinaryIO:  # noqa: A001 — the storage API's name (as django-storages)
    """The file opened for binary reading; the last component is never followed as a symlink."""
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
