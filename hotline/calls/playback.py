"""Playing a recording in the browser (SPEC §10): a playable stream with HTTP range requests.

Browsers play PCM WAV, MP3, Ogg and FLAC, but not G.711 A-law/µ-law WAV (China's PSTN), GSM-in-WAV,
or 24/32-bit and float WAV. Those are transcoded once to 16-bit PCM WAV (libsndfile, block by
block) into a cache folder beside the recordings — ``PLAYBACK_CACHE_DIR`` if set, else
``<recordings folder>/../cache/playback`` (``data/cache/playback`` by default). A copy is named
after the source path and its modification time and size, so a replaced recording is transcoded
again (and the stale copy removed). The caller resolves and access-checks the path; this module
only reads it.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import threading
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from hotline.core.inspection.audioio import AudioError, browser_playable, probe, transcode_to_pcm_wav

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
_LOCK = threading.Lock()


def cache_dir() -> Path:
    configured = getattr(settings, "PLAYBACK_CACHE_DIR", None)
    return Path(configured) if configured else Path(settings.RECORDINGS_DIR).parent / "cache" / "playback"


def playable(path: Path) -> tuple[Path, str]:
    """(file to send, content type): ``path`` itself when browsers play it, else its cached PCM copy.

    A file libsndfile cannot read is sent as it is (the browser decides)."""
    try:
        info = probe(path)
    except AudioError:
        return path, mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if browser_playable(info):
        return path, mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    st = path.stat()
    stem = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:24]
    folder = cache_dir()
    out = folder / f"{stem}-{st.st_mtime_ns}-{st.st_size}.wav"
    if not out.is_file():
        with _LOCK:
            if not out.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                tmp = folder / f".{out.name}.{os.getpid()}.{threading.get_ident()}.part"
                try:
                    transcode_to_pcm_wav(path, tmp)
                    os.replace(tmp, out)
                finally:
                    tmp.unlink(missing_ok=True)
                for stale in folder.glob(f"{stem}-*.wav"):
                    if stale != out:
                        stale.unlink(missing_ok=True)
    return out, "audio/wav"


def serve(request, path: Path) -> HttpResponse:
    """The recording at ``path`` (already resolved and allowed) as a browser-playable response,
    honouring a single ``Range: bytes=a-b`` for seeking (206, or 416 outside the file)."""
    path, ctype = playable(path)
    size = path.stat().st_size
    m = _RANGE.match(request.headers.get("Range", ""))
    if m and (m.group(1) or m.group(2)):
        if m.group(1):
            start = int(m.group(1))
            end = int(m.group(2)) if m.group(2) else size - 1
        else:
            start, end = max(0, size - int(m.group(2))), size - 1
        if start >= size or start > end:
            resp = HttpResponse(status=416)
            resp["Content-Range"] = f"bytes */{size}"
            return resp
        end = min(end, size - 1)
        length = end - start + 1

        def chunks():
            with path.open("rb") as fh:
                fh.seek(start)
                left = length
                while left > 0:
                    data = fh.read(min(65536, left))
                    if not data:
                        break
                    left -= len(data)
                    yield data

        resp = StreamingHttpResponse(chunks(), status=206, content_type=ctype)
        resp["Content-Length"] = str(length)
        resp["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        resp = FileResponse(path.open("rb"), content_type=ctype)
    resp["Accept-Ranges"] = "bytes"
    resp["Cache-Control"] = "private, max-age=3600"
    return resp
