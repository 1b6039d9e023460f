"""Demo recordings (§2): stereo WAV, agent on the left, customer on the right.

Synthetic but speech-like, so the player, waveform and any automatic inspection (§8: silence,
overtalk, talk ratio, hold) have something to work with:

* turns alternate (agent greets, customer asks, …) with pauses of 0.2–1.2 s, and about one turn in
  eight starts before the other speaker has finished (overtalk);
* a turn is syllables at ~4.5 per second: a glottal pulse train at the speaker's pitch (agent
  ≈ 220 Hz, customer ≈ 120–200 Hz) following one of the four Mandarin tone contours, shaped by two
  formant resonators chosen per syllable (a, i, u, e, o) and a raised-cosine syllable envelope,
  plus a little breath noise;
* a call with hold time has a hold segment of that length with a simple pentatonic hold melody on
  the agent's leg, announced by the agent (请您稍等) and closed with 感谢您的耐心等待;
* where ``espeak-ng`` is installed, the greeting, the closing and a few phrases are real spoken
  Mandarin (``espeak-ng -v cmn``), resampled to the file's rate; otherwise they are synthesised too;
* faint line noise on both channels.

Everything is seeded by the call id, so a missing file can be rebuilt on demand and comes out the
same (``ensure_demo_audio``). Files are 8 kHz, 16-bit, 2 channels: 32 kB per second of call.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import tempfile
import wave
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

RATE = 8000
DEMO_PREFIX = "demo/"

_VOWELS = np.array(  # F1, F2 in Hz
    [(730, 1090), (270, 2290), (300, 870), (530, 1840), (570, 840)], dtype=float
)
_GREETINGS = {"订货": "订货热线", "咨询": "客服热线", "投诉": "客服热线", "外呼": "客服中心"}


@dataclass(frozen=True)
class AudioSpec:
    """What the synthesiser needs to know about a call (no Django)."""

    call_id: str
    duration: float  # seconds, answer → end
    hold_seconds: float = 0.0
    skill: str = "订货"
    direction: str = "in"
    agent: str = ""  # work number, spoken in the greeting


_NOISE = np.random.default_rng(20261122).standard_normal(RATE * 3 + 1)


def _noise(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` samples of unit white noise: a random stretch of a fixed table (much cheaper than drawing)."""
    start = int(rng.integers(0, _NOISE.size))
    reps = -(-(start + n) // _NOISE.size)
    return np.tile(_NOISE, reps)[start : start + n] if reps > 1 else _NOISE[start : start + n]


_DIGITS = dict(zip("0123456789", "零幺二三四五六七八九", strict=True))


def _spoken_number(digits: str) -> str:
    """Work numbers are read digit by digit, 1 as 幺: 8001 → 八零零幺."""
    return "".join(_DIGITS.get(ch, ch) for ch in digits)


def _seed(call_id: str) -> int:
    return zlib.crc32(call_id.encode("utf-8"))


# ---------------------------------------------------------------- espeak-ng


def espeak_available() -> bool:
    return os.environ.get("HOTLINE_DEMO_ESPEAK", "1") != "0" and shutil.which("espeak-ng") is not None


def _spoken(text: str, pitch: int) -> np.ndarray | None:
    """``text`` spoken in Mandarin by espeak-ng at ``RATE`` Hz (float, peak 0.5), or None."""
    return _espeak(text, pitch) if espeak_available() else None


@lru_cache(maxsize=512)
def _espeak(text: str, pitch: int) -> np.ndarray | None:
    try:
        proc = subprocess.run(
            ["espeak-ng", "-v", "cmn", "-s", "165", "-p", str(pitch), "--stdout", text],
            capture_output=True,
            timeout=20,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    data = proc.stdout
    pos = data.find(b"data")
    if pos < 0 or len(data) < 44:
        return None
    fmt = data.find(b"fmt ")
    rate = int.from_bytes(data[fmt + 12 : fmt + 16], "little") if fmt >= 0 else 22050
    pcm = np.frombuffer(data[pos + 8 :][: (len(data) - pos - 8) // 2 * 2], dtype="<i2").astype(np.float64)
    if pcm.size == 0:
        return None
    from scipy.signal import resample_poly

    g = math.gcd(RATE, rate)
    x = resample_poly(pcm, RATE // g, rate // g)
    nz = np.flatnonzero(np.abs(x) > 200)
    if nz.size:
        x = x[nz[0] : nz[-1] + 1]
    peak = float(np.max(np.abs(x))) or 1.0
    return x * (0.5 / peak)


# ---------------------------------------------------------------- synthetic speech


@lru_cache(maxsize=8)
def _formant_filters(f0_band: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Second-order resonators for each vowel's two formants, combined (b, a) per vowel."""
    out = []
    for f1, f2 in _VOWELS:
        a_total = np.array([1.0])
        for f, bw in ((f1, 90.0), (f2, 130.0)):
            r = math.exp(-math.pi * bw / RATE)
            theta = 2 * math.pi * f / RATE
            a_total = np.convolve(a_total, [1.0, -2 * r * math.cos(theta), r * r])
        out.append((np.array([1.0 - 0.9]), a_total))
    return out


def _babble(rng: np.random.Generator, seconds: float, pitch: float) -> np.ndarray:
    """Speech-like sound for ``seconds``: tonal syllables through vowel formants, with envelope."""
    from scipy.signal import lfilter

    n = max(1, int(seconds * RATE))
    # syllable boundaries
    lengths = []
    total = 0
    while total < n:
        ln = int(RATE * rng.uniform(0.16, 0.30))
        lengths.append(ln)
        total += ln
    lengths = np.array(lengths)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    syl = np.repeat(np.arange(len(lengths)), lengths)[:n]
    pos = (np.arange(n) - starts[syl]) / lengths[syl]  # 0..1 inside the syllable
    tone = rng.integers(0, 4, size=len(lengths))[syl]
    contour = np.select(
        [tone == 0, tone == 1, tone == 2, tone == 3],
        [np.full(n, 1.1), 0.9 + 0.3 * pos, 0.95 - 0.25 * np.sin(np.pi * pos), 1.25 - 0.45 * pos],
    )
    phrase = 1.0 + 0.06 * np.sin(2 * np.pi * np.arange(n) / (RATE * rng.uniform(1.5, 3.0)))
    f0 = pitch * contour * phrase * (1 + 0.01 * _noise(rng, n))
    phase = np.cumsum(f0 / RATE)
    pulses = np.diff(np.floor(phase), prepend=0.0)
    excitation = lfilter([1.0], [1.0, -0.9], pulses) + 0.04 * _noise(rng, n)
    vowel = rng.integers(0, len(_VOWELS), size=len(lengths))[syl]
    voiced = np.zeros(n)
    for v, (b, a) in enumerate(_formant_filters(0)):
        mask = vowel == v
        if mask.any():
            voiced[mask] = lfilter(b, a, excitation)[mask]
    # syllable envelope: raised cosine with a short consonant-like noise burst at the onset
    env = np.sin(np.pi * np.clip(pos * 1.1, 0, 1)) ** 0.7
    burst = (pos < 0.12) * _noise(rng, n) * 0.25 * (rng.random(len(lengths)) < 0.5)[syl]
    loud = rng.uniform(0.6, 1.0, size=len(lengths))[syl]
    x = (voiced * env + burst) * loud
    peak = float(np.percentile(np.abs(x), 99.5)) or 1.0
    return np.clip(x / peak, -1.5, 1.5) * 0.35


def _hold_music(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = max(1, int(seconds * RATE))
    note_len = int(RATE * 0.45)
    scale = np.array([261.6, 293.7, 329.6, 392.0, 440.0, 523.3])
    notes = scale[rng.integers(0, len(scale), size=n // note_len + 1)]
    f = np.repeat(notes, note_len)[:n]
    phase = 2 * np.pi * np.cumsum(f / RATE)
    pos = (np.arange(n) % note_len) / note_len
    env = np.exp(-3.0 * pos) * np.minimum(1.0, pos * 40)
    return 0.12 * env * (np.sin(phase) + 0.3 * np.sin(2 * phase))


# ---------------------------------------------------------------- the call


def _place(track: np.ndarray, sound: np.ndarray, at: float) -> float:
    """Add ``sound`` into ``track`` at ``at`` seconds (clipped to the track); returns its end time."""
    i = int(at * RATE)
    if i >= track.size:
        return at
    part = sound[: track.size - i]
    track[i : i + part.size] += part
    return at + sound.size / RATE


def synthesize(spec: AudioSpec) -> np.ndarray:
    """The call as an (n, 2) int16 array: column 0 agent, column 1 customer; n = duration × RATE."""
    rng = np.random.default_rng(_seed(spec.call_id))
    n = max(1, int(round(spec.duration * RATE)))
    agent = np.zeros(n)
    cust = np.zeros(n)
    dur = n / RATE
    agent_pitch = float(rng.uniform(190, 250))
    cust_pitch = float(rng.choice([rng.uniform(105, 150), rng.uniform(180, 230)]))
    espeak_pitch_agent = 60
    espeak_pitch_cust = int(25 if cust_pitch < 160 else 55)

    def say(track, text, seconds, pitch, es_pitch, at):
        clip = _spoken(text, es_pitch) if text else None
        if clip is not None:
            return _place(track, clip * rng.uniform(0.8, 1.0), at)
        return _place(track, _babble(rng, seconds, pitch), at)

    # closing reserved at the end; hold somewhere in the middle
    hold = min(spec.hold_seconds, max(0.0, dur - 8.0))
    hold_at = dur * rng.uniform(0.3, 0.6) if hold > 0 else None
    closing_at = max(0.0, dur - 3.2)
    t = 0.4
    if spec.direction == "out":
        t = say(cust, "喂，你好", 0.8, cust_pitch, espeak_pitch_cust, t) + rng.uniform(0.3, 0.7)
        t = say(agent, f"您好，我是{_GREETINGS.get(spec.skill, '客服中心')}工号{_spoken_number(spec.agent)}", 3.0,
                agent_pitch, espeak_pitch_agent, t)  # fmt: skip
    else:
        t = say(agent, f"您好，这里是{_GREETINGS.get(spec.skill, '客服热线')}，工号{_spoken_number(spec.agent)}为您服务", 3.5,
                agent_pitch, espeak_pitch_agent, t)  # fmt: skip
    speaker = 1  # customer next
    phrases_c = ["我想订一下这周的货", "请问什么时候能送到", "好的，谢谢", "对，就是这个"]
    phrases_a = ["好的，我帮您查一下", "请问还有其他需要吗", "已经为您登记了"]
    while t < closing_at - 1.0:
        if hold_at is not None and t >= hold_at:
            t = say(agent, "请您稍等", 1.2, agent_pitch, espeak_pitch_agent, t + 0.3)
            _place(agent, _hold_music(rng, hold), t + 0.2)
            t = say(agent, "感谢您的耐心等待", 1.5, agent_pitch, espeak_pitch_agent, t + 0.2 + hold + 0.3)
            hold_at = None
            speaker = 1
            continue
        gap = rng.uniform(0.2, 1.2)
        if rng.random() < 0.12:
            gap = -rng.uniform(0.3, 1.0)  # overtalk: starts before the other has finished
        start = max(0.0, t + gap)
        length = float(rng.lognormal(math.log(2.6 if speaker == 1 else 3.4), 0.5))
        length = min(length, max(0.4, closing_at - start - 0.3))
        if hold_at is not None and start < hold_at < start + length:
            length = max(0.4, hold_at - start)
        use_phrase = rng.random() < 0.08
        if speaker == 1:
            text = phrases_c[int(rng.integers(len(phrases_c)))] if use_phrase else ""
            t = say(cust, text, length, cust_pitch, espeak_pitch_cust, start)
        else:
            text = phrases_a[int(rng.integers(len(phrases_a)))] if use_phrase else ""
            t = say(agent, text, length, agent_pitch, espeak_pitch_agent, start)
        speaker = 1 - speaker
    if dur > 6:
        end = say(agent, "感谢您的来电，再见", 2.2, agent_pitch, espeak_pitch_agent, closing_at)
        say(cust, "再见", 0.5, cust_pitch, espeak_pitch_cust, min(end + 0.1, dur - 0.6))
    agent += 0.003 * _noise(rng, n)
    cust += 0.003 * _noise(rng, n)
    out = np.empty((n, 2), dtype="<i2")
    out[:, 0] = np.clip(agent * 32767, -32768, 32767)
    out[:, 1] = np.clip(cust * 32767, -32768, 32767)
    return out


def write_wav(path: Path, frames: np.ndarray) -> None:
    """Write (n, 2) int16 frames as a WAV file atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            buf = io.BytesIO()
            with wave.open(buf, "wb") as w:
                w.setnchannels(frames.shape[1])
                w.setsampwidth(2)
                w.setframerate(RATE)
                w.writeframes(np.ascontiguousarray(frames).tobytes())
            fh.write(buf.getvalue())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def spec_of(call) -> AudioSpec:
    """An AudioSpec from a ``Call`` (or anything with the same attributes)."""
    if call.answered_at is not None and call.ended_at is not None:
        duration = (call.ended_at - call.answered_at).total_seconds()
    else:
        duration = float(call.talk_seconds or 0.0) + float(call.hold_seconds or 0.0)
    agent = getattr(call, "agent", None)
    return AudioSpec(
        call_id=call.call_id,
        duration=max(1.0, duration),
        hold_seconds=float(call.hold_seconds or 0.0),
        skill=call.skill or "订货",
        direction=call.direction or "in",
        agent=agent.work_number if agent is not None else "",
    )


def ensure_demo_audio(recording) -> Path:
    """The file of a demo recording (path under ``demo/``), synthesised now if it is missing.

    Deterministic from the call, so a file made on demand equals one made up front. Raises
    ValueError for a recording that is not a demo recording.
    """
    from hotline.calls.services import recording_file

    if not recording.path.startswith(DEMO_PREFIX):
        raise ValueError(f"not a demo recording: {recording.path}")
    path = recording_file(recording)
    if not path.is_file():
        write_wav(path, synthesize(spec_of(recording.call)))
    return path
