"""Audio metrics of a stereo call recording (SPEC §8): who talks when, dead air, overtalk, hold.

Input: a WAV file (PCM 8/16/32-bit, any rate) with the agent on the LEFT channel (0) and the
customer on the RIGHT channel (1) (SPEC §2). A mono file is read as the agent only. All times are
seconds from the start of the file.

Method (numpy only):

* **Frames**: 20 ms non-overlapping frames; frame level = 10·log10(mean square) in dBFS.
* **Voice activity** per channel, adaptive: the noise floor is the 10th percentile of the
  channel's frame levels (the quietest tenth of a call is line noise: nobody talks 100 % of the
  time); a frame is active above ``floor + margin`` (``margin_db`` = 10 dB, never below an absolute
  ``-55 dBFS`` so a silent channel with dither stays silent). Pauses shorter than ``hangover`` (0.3 s)
  inside speech are bridged, bursts shorter than ``min_speech`` (0.12 s) are dropped (clicks).
* **Hold** (heuristic, documented): hold music is *tonal and steady* — one partial holds most of a
  frame's energy and its frequency stays put from frame to frame for the length of a note, while
  speech spreads energy over many harmonics shaped by formants and glides in pitch (Mandarin tones).
  A frame of the agent channel is *music-like* when the 5 FFT bins around the strongest peak hold
  ≥ ``tonal_share`` (0.65) of the energy and the peak moved at most one bin (≈16 Hz) since the
  previous frame. A hold segment is a stretch where, in a sliding 1 s window, at least 35 % of the
  frames are music-like, lasting at least ``min_hold`` (5 s) after bridging gaps < 1 s. Frames in
  hold count neither as agent talk nor as silence. (The customer is usually silent then; that is
  not required, since customers talk to people around them while on hold.)
* **Silence** (dead air): frames where neither party is active and no hold plays; reported as
  segments of at least ``silence_min`` seconds (default 5 s, the threshold of SPEC §8 and of the
  usual QA products).
* **Overtalk**: frames where both parties are active; segments of at least ``overtalk_min`` (0.3 s).
* **Agent talk ratio** = agent talk / (agent talk + customer talk) (0 when nobody talks).
* **Speech rate proxy**: syllable nuclei per second of talk — peaks of the smoothed frame level
  inside speech, at least 0.1 s apart and ≥ 3 dB above the lowest level within 0.1 s on each side.
  Mandarin at a normal pace is about 4–5 syllables/s; the proxy is for comparing agents and calls,
  not an exact count.
"""

from __future__ import annotations

import wave
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

FRAME = 0.02  # seconds


@dataclass(frozen=True)
class Segment:
    start: float  # seconds
    end: float  # seconds

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Settings:
    frame: float = FRAME
    margin_db: float = 10.0
    absolute_min_db: float = -55.0
    hangover: float = 0.3
    min_speech: float = 0.12
    silence_min: float = 5.0
    overtalk_min: float = 0.3
    tonal_share: float = 0.65
    music_window: float = 1.0
    music_fraction: float = 0.35
    min_hold: float = 5.0


@dataclass(frozen=True)
class AudioMetrics:
    """Results of :func:`analyse`; seconds throughout, rates in syllables per second of talk."""

    duration: float
    agent_talk: float
    customer_talk: float
    agent_talk_ratio: float
    silence_total: float  # dead air in segments of at least silence_min
    silences: tuple[Segment, ...]
    overtalk_total: float
    overtalks: tuple[Segment, ...]
    hold_total: float
    holds: tuple[Segment, ...]
    agent_rate: float
    customer_rate: float
    agent_speech: tuple[Segment, ...]
    customer_speech: tuple[Segment, ...]
    noise_floor_db: tuple[float, float] = field(default=(0.0, 0.0))

    @property
    def longest_silence(self) -> float:
        return max((s.duration for s in self.silences), default=0.0)

    def as_dict(self) -> dict:
        """JSON-ready: segments as [start, end] pairs rounded to 10 ms."""
        out = asdict(self)
        for key in ("silences", "overtalks", "holds", "agent_speech", "customer_speech"):
            out[key] = [[round(s.start, 2), round(s.end, 2)] for s in getattr(self, key)]
        for key, value in list(out.items()):
            if isinstance(value, float):
                out[key] = round(value, 3)
        out["noise_floor_db"] = [round(v, 1) for v in self.noise_floor_db]
        out["longest_silence"] = round(self.longest_silence, 2)
        return out


class AudioError(ValueError):
    """The file cannot be read as PCM WAV."""


def read_wav(path: str | Path) -> tuple[int, np.ndarray]:
    """(sample rate, float samples of shape (n, channels) in −1…1) of a PCM WAV file."""
    try:
        with wave.open(str(path), "rb") as w:
            rate, channels, width, n = w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()
            raw = w.readframes(n)
    except (wave.Error, EOFError) as exc:
        raise AudioError(f"{path}: not a PCM WAV file ({exc})") from exc
    if width == 1:
        x = (np.frombuffer(raw, dtype=np.uint8).astype(np.float64) - 128.0) / 128.0
    elif width == 2:
        x = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0
    elif width == 4:
        x = np.frombuffer(raw, dtype="<i4").astype(np.float64) / 2147483648.0
    else:
        raise AudioError(f"{path}: {8 * width}-bit samples are not supported")
    return rate, x[: x.size // channels * channels].reshape(-1, channels)


def frame_levels(x: np.ndarray, rate: int, frame: float = FRAME) -> np.ndarray:
    """Frame levels in dBFS (full-scale sine ≈ −3 dB) of a 1-D signal; the last partial frame is dropped."""
    size = max(1, int(round(rate * frame)))
    n = x.size // size
    power = np.mean(x[: n * size].reshape(n, size) ** 2, axis=1)
    return 10.0 * np.log10(power + 1e-12)


def voice_activity(levels: np.ndarray, s: Settings = Settings()) -> tuple[np.ndarray, float]:
    """(active mask per frame, noise floor in dB) from frame levels; see the module docstring."""
    if levels.size == 0:
        return np.zeros(0, dtype=bool), -120.0
    floor = float(np.percentile(levels, 10))
    threshold = max(floor + s.margin_db, s.absolute_min_db)
    active = levels > threshold
    active = _fill_gaps(active, int(round(s.hangover / s.frame)))
    return _drop_short(active, int(round(s.min_speech / s.frame))), floor


def music_frames(x: np.ndarray, rate: int, s: Settings = Settings()) -> np.ndarray:
    """Per frame: tonal (one partial holds ``tonal_share`` of the energy) and steady in pitch."""
    size = max(1, int(round(rate * s.frame)))
    n = x.size // size
    if n == 0:
        return np.zeros(0, dtype=bool)
    frames = x[: n * size].reshape(n, size) * np.hanning(size)
    nfft = 1 << max(8, int(np.ceil(np.log2(size * 3))))
    spec = np.abs(np.fft.rfft(frames, nfft, axis=1)) ** 2
    peak = spec.argmax(axis=1)
    idx = np.clip(peak[:, None] + np.arange(-2, 3), 0, spec.shape[1] - 1)
    share = np.take_along_axis(spec, idx, axis=1).sum(axis=1) / (spec.sum(axis=1) + 1e-18)
    steady = np.zeros(n, dtype=bool)
    steady[1:] = np.abs(np.diff(peak)) <= 1
    return (share >= s.tonal_share) & steady & (frame_levels(x, rate, s.frame) > -70.0)


def hold_mask(music: np.ndarray, s: Settings = Settings()) -> np.ndarray:
    """Frames in hold: a sliding window of ``music_window`` is ≥ ``music_fraction`` music-like,
    gaps < 1 s bridged, runs shorter than ``min_hold`` dropped."""
    if music.size == 0:
        return music
    w = max(1, int(round(s.music_window / s.frame)))
    dense = np.convolve(music.astype(float), np.ones(w) / w, mode="same") >= s.music_fraction
    dense = _fill_gaps(dense, int(round(1.0 / s.frame)))
    return _drop_short(dense, int(round(s.min_hold / s.frame)))


def speech_rate(levels: np.ndarray, active: np.ndarray, s: Settings = Settings()) -> float:
    """Syllable nuclei per second of active speech (0 when there is none)."""
    talk = active.sum() * s.frame
    if talk <= 0 or levels.size < 3:
        return 0.0
    env = np.convolve(levels, np.ones(3) / 3, mode="same")
    k = max(1, int(round(0.1 / s.frame)))
    padded = np.pad(env, k, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * k + 1)  # centred on each frame
    is_max = env >= windows.max(axis=1)
    left_min = windows[:, :k].min(axis=1)
    right_min = windows[:, k + 1 :].min(axis=1)
    prominent = (env - left_min >= 3.0) & (env - right_min >= 3.0)
    peaks = np.flatnonzero(is_max & prominent & active)
    # one peak per plateau and at least k frames apart
    kept, last = 0, -(10**9)
    for p in peaks:
        if p - last >= k:
            kept += 1
            last = p
    return kept / talk


def segments(mask: np.ndarray, frame: float = FRAME, min_seconds: float = 0.0) -> tuple[Segment, ...]:
    """Runs of True as segments (seconds) at least ``min_seconds`` long."""
    if mask.size == 0:
        return ()
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return tuple(
        Segment(round(float(a) * frame, 3), round(float(b) * frame, 3))
        for a, b in zip(starts, ends, strict=True)
        if (b - a) * frame >= min_seconds - 1e-9
    )


def analyse(samples: np.ndarray, rate: int, s: Settings = Settings()) -> AudioMetrics:
    """Metrics of a (n, channels) float signal: channel 0 agent, channel 1 customer (if present)."""
    if samples.ndim == 1:
        samples = samples[:, None]
    agent_x = samples[:, 0]
    cust_x = samples[:, 1] if samples.shape[1] > 1 else np.zeros_like(agent_x)
    la, lc = frame_levels(agent_x, rate, s.frame), frame_levels(cust_x, rate, s.frame)
    va, floor_a = voice_activity(la, s)
    vc, floor_c = voice_activity(lc, s)
    hold = hold_mask(music_frames(agent_x, rate, s), s)
    agent = va & ~hold
    silent = ~va & ~vc & ~hold
    both = agent & vc
    silences = segments(silent, s.frame, s.silence_min)
    overtalks = segments(both, s.frame, s.overtalk_min)
    holds = segments(hold, s.frame)
    at, ct = float(agent.sum() * s.frame), float(vc.sum() * s.frame)
    return AudioMetrics(
        duration=round(samples.shape[0] / rate, 3),
        agent_talk=round(at, 3),
        customer_talk=round(ct, 3),
        agent_talk_ratio=round(at / (at + ct), 4) if at + ct > 0 else 0.0,
        silence_total=round(float(sum(x.duration for x in silences)), 3),
        silences=silences,
        overtalk_total=round(float(sum(x.duration for x in overtalks)), 3),
        overtalks=overtalks,
        hold_total=round(float(sum(x.duration for x in holds)), 3),
        holds=holds,
        agent_rate=round(float(speech_rate(la, agent, s)), 2),
        customer_rate=round(float(speech_rate(lc, vc, s)), 2),
        agent_speech=segments(agent, s.frame),
        customer_speech=segments(vc, s.frame),
        noise_floor_db=(round(floor_a, 1), round(floor_c, 1)),
    )


def analyse_file(path: str | Path, s: Settings = Settings()) -> AudioMetrics:
    """:func:`analyse` of a WAV file (agent left, customer right)."""
    rate, x = read_wav(path)
    return analyse(x, rate, s)


def _fill_gaps(mask: np.ndarray, max_gap: int) -> np.ndarray:
    """Set to True the runs of False shorter than ``max_gap`` frames that lie between Trues."""
    if max_gap <= 0 or mask.size == 0:
        return mask
    out = mask.copy()
    edges = np.diff(np.concatenate([[1], mask.astype(np.int8), [1]]))
    starts, ends = np.flatnonzero(edges == -1), np.flatnonzero(edges == 1)
    for a, b in zip(starts, ends, strict=True):
        if 0 < a and b < mask.size and b - a < max_gap:
            out[a:b] = True
    return out


def _drop_short(mask: np.ndarray, min_len: int) -> np.ndarray:
    """Set to False the runs of True shorter than ``min_len`` frames."""
    if min_len <= 1 or mask.size == 0:
        return mask
    out = mask.copy()
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        if b - a < min_len:
            out[a:b] = False
    return out
