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
import logging
import mimetypes
import os
import re
import threading
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from hotline.core.inspection.audioio import AudioError, browser_playable, probe, transcode_to_pcm_wav

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
_LOCK = threading.Lock()
log = logging.getLogger(__name__)
#: (S3 reference, ETag, size) → whether the object must be transcoded (its header, read once per object).
_NEEDS_TRANSCODING: dict[tuple[str, str, int], bool] = {}


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


def _byte_range(request, size: int):
    """None (no usable Range: send it all), (start, end) inclusive, or a 416 response."""
    m = _RANGE.match(request.headers.get("Range", ""))
    if not (m and (m.group(1) or m.group(2))):
        return None
    if m.group(1):
        start = int(m.group(1))
        end = int(m.group(2)) if m.group(2) else size - 1
    else:
        start, end = max(0, size - int(m.group(2))), size - 1
    if start >= size or start > end:
        resp = HttpResponse(status=416)
        resp["Content-Range"] = f"bytes */{size}"
        resp["Accept-Ranges"] = "bytes"
        return resp
    return start, min(end, size - 1)


def _finish(resp: HttpResponse) -> HttpResponse:
    resp["Accept-Ranges"] = "bytes"
    resp["Cache-Control"] = "private, max-age=3600"
    return resp


def serve(request, path: Path) -> HttpResponse:
    """The recording at ``path`` (already resolved and allowed) as a browser-playable response,
    honouring a single ``Range: bytes=a-b`` for seeking (206, or 416 outside the file)."""
    path, ctype = playable(path)
    size = path.stat().st_size
    rng = _byte_range(request, size)
    if isinstance(rng, HttpResponse):
        return rng
    if rng is None:
        return _finish(FileResponse(path.open("rb"), content_type=ctype))
    start, end = rng
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
    return _finish(resp)


_WAV_PLAYABLE = {(1, 8), (1, 16)}  # (format tag, bits per sample) browsers play: PCM_U8, PCM_16
_PCM_GUID_TAIL = bytes.fromhex("000000001000800000aa00389b71")


def _wav_needs_transcoding(head: bytes) -> bool:
    """From the first bytes of a file: is it a WAV browsers cannot play (A-law, µ-law, GSM, 24-bit…)?
    Anything that is not RIFF/WAVE (MP3, Ogg, FLAC) is sent as it is, as ``playable`` does."""
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
        return False
    pos = 12
    while pos + 8 <= len(head):
        cid, n = head[pos : pos + 4], int.from_bytes(head[pos + 4 : pos + 8], "little")
        if cid == b"fmt ":
            fmt = head[pos + 8 : pos + 8 + n]
            if len(fmt) < 16:
                return True
            tag, bits = int.from_bytes(fmt[0:2], "little"), int.from_bytes(fmt[14:16], "little")
            if tag == 0xFFFE and len(fmt) >= 40 and fmt[26:40] == _PCM_GUID_TAIL:
                tag = int.from_bytes(fmt[24:26], "little")
            return (tag, bits) not in _WAV_PLAYABLE
        pos += 8 + n + (n & 1)
    return True  # no fmt chunk in the header: let libsndfile decide on a local copy


def serve_s3(request, reference: str) -> HttpResponse:
    """A recording in the S3 bucket streamed through this server, reading only the asked byte range
    from S3 (``GetObject`` with ``Range``), so seeking works and the bucket stays private. A WAV the
    browser cannot play is downloaded once into the cache and transcoded like a local file.
    FileNotFoundError when the object is missing."""
    from botocore.exceptions import BotoCoreError, ClientError

    from . import storage

    try:
        size, etag = storage.s3_head(reference)
        needs = _NEEDS_TRANSCODING.get((reference, etag, size))
        if needs is None:
            head = storage.s3_read(reference, 0, min(size, 4096) - 1).read() if size else b""
            needs = _wav_needs_transcoding(head)
            with _LOCK:
                if len(_NEEDS_TRANSCODING) >= 4096:
                    _NEEDS_TRANSCODING.clear()
                _NEEDS_TRANSCODING[(reference, etag, size)] = needs
        if needs:
            return serve(request, storage.local_copy(reference, cache_dir() / "s3"))
    except (BotoCoreError, ClientError):
        log.exception("recording storage failed for %s", reference)
        return HttpResponse(
            _("录音存储暂时无法访问，请稍后再试"), status=503, content_type="text/plain; charset=utf-8"
        )
    ctype = mimetypes.guess_type(reference)[0] or "application/octet-stream"
    if ctype == "audio/x-wav":
        ctype = "audio/wav"
    rng = _byte_range(request, size)
    if isinstance(rng, HttpResponse):
        return rng
    start, end = rng if rng is not None else (0, size - 1)

    def chunks():
        if size == 0:
            return
        body = storage.s3_read(reference, start, end)
        try:
            yield from body.iter_chunks(65536)
        finally:
            body.close()

    resp = StreamingHttpResponse(chunks(), status=200 if rng is None else 206, content_type=ctype)
    resp["Content-Length"] = str(end - start + 1 if size else 0)
    if rng is not None:
        resp["Content-Range"] = f"bytes {start}-{end}/{size}"
    return _finish(resp)
