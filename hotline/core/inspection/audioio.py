"""Reading recordings in bounded memory, and making them playable in a browser (SPEC §8, §10).

Recordings arrive as PCM WAV, G.711 A-law or µ-law WAV (China's PSTN carries A-law), GSM 6.10 in
WAV, or MP3. All are decoded by libsndfile through ``soundfile`` — no codec is written here.

* :func:`probe` reads the header only (rate, channels, frames, container and encoding).
* :func:`blocks` yields the samples as float32 arrays of shape (n, channels) in −1…1, ``seconds``
  at a time (default 10 s: 10 s × 8 kHz × 2 channels × 4 bytes = 640 kB), so a two-hour call is
  never in memory at once.
* :func:`browser_playable` says whether browsers play the file as it is (PCM 8/16-bit WAV, MP3,
  Ogg, FLAC); :func:`transcode_to_pcm_wav` writes a 16-bit PCM WAV copy block by block.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hotline.core.errors import InvalidInput

BLOCK_SECONDS = 10.0

#: (container, encoding) pairs that Chrome, Firefox and Safari play natively.
_PLAYABLE = {("WAV", "PCM_16"), ("WAV", "PCM_U8"), ("WAVEX", "PCM_16"), ("MP3", None), ("OGG", None),
             ("FLAC", None)}  # fmt: skip


class AudioError(InvalidInput):
    """The file cannot be read as audio (not a recording, or an encoding libsndfile does not know)."""


@dataclass(frozen=True)
class AudioInfo:
    rate: int  # samples per second
    channels: int
    frames: int  # samples per channel (0 when the container does not say, e.g. some MP3 streams)
    container: str  # soundfile format: WAV, MP3, …
    encoding: str  # soundfile subtype: PCM_16, ALAW, ULAW, GSM610, MPEG_LAYER_III, …

    @property
    def duration(self) -> float:
        """Seconds."""
        return self.frames / self.rate if self.rate else 0.0


def _sf():
    import soundfile

    return soundfile


def probe(path: str | Path) -> AudioInfo:
    """The header of ``path``; :class:`AudioError` naming the file when it is not readable audio."""
    sf = _sf()
    try:
        info = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise AudioError(f"{Path(path).name}: not a recording this product reads ({exc})") from exc
    return AudioInfo(int(info.samplerate), int(info.channels), int(info.frames), info.format, info.subtype)


def blocks(path: str | Path, seconds: float = BLOCK_SECONDS) -> Iterator[np.ndarray]:
    """float32 blocks of shape (n, channels) of ``path``, ``seconds`` long (the last one shorter)."""
    sf = _sf()
    try:
        handle = sf.SoundFile(str(path))
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise AudioError(f"{Path(path).name}: not a recording this product reads ({exc})") from exc
    with handle as f:
        size = max(1, int(round(f.samplerate * seconds)))
        try:
            while True:
                data = f.read(size, dtype="float32", always_2d=True)
                if data.shape[0] == 0:
                    return
                yield data
        except (sf.LibsndfileError, RuntimeError) as exc:
            raise AudioError(f"{Path(path).name}: damaged recording ({exc})") from exc


def read(path: str | Path) -> tuple[int, np.ndarray]:
    """(rate, float64 samples of shape (n, channels)) of a whole file — for short files only."""
    info = probe(path)
    parts = list(blocks(path))
    x = np.concatenate(parts).astype(np.float64) if parts else np.zeros((0, info.channels))
    return info.rate, x


def browser_playable(info: AudioInfo) -> bool:
    """Whether browsers play this container and encoding as they are (A-law/µ-law/GSM WAV: no)."""
    return (info.container, info.encoding) in _PLAYABLE or (info.container, None) in _PLAYABLE


def transcode_to_pcm_wav(src: str | Path, dst: str | Path) -> AudioInfo:
    """Write ``src`` as 16-bit PCM WAV to ``dst`` (same rate and channels), block by block."""
    sf = _sf()
    info = probe(src)
    with sf.SoundFile(str(dst), "w", samplerate=info.rate, channels=info.channels, format="WAV",
                      subtype="PCM_16") as out:  # fmt: skip
        for block in blocks(src):
            out.write(block)
    return info
