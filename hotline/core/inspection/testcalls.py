"""Realistic stereo test calls with known truth, for the audio metrics of SPEC §8 (bench and tests).

A call is 8 kHz stereo, agent LEFT, customer RIGHT, and carries:

* speech: Mandarin from espeak-ng when it is installed (``use_espeak``), otherwise a numpy
  speech-like signal (tonal syllables through vowel formants with consonant bursts and pauses);
* turn-taking with gaps of 0.2–1.2 s, about one turn in eight starting over the other party
  (overtalk), and dead-air stretches of 5.5–14 s plus near misses of 2–4 s;
* holds of 15–50 s of one kind: ``chords`` (sustained triads), ``melody`` (notes with harmonics over
  a bass), ``song`` (chords with a sung, formant-shaped voice), ``vocals`` (chords with spoken lyrics
  over them — speech to a VAD), ``noisy`` (music under its own hiss, band-limited and coarsely
  quantised like a low-bit-rate stream) or ``announcement`` (a spoken message looped over a soft
  music bed);
* line noise at 10–30 dB SNR (pink-ish), and on some calls the agent's echo on the customer channel
  at −20 to −30 dB with a 20–120 ms delay.

Truth (seconds): talk per party (the union of that party's utterances, each from its first to its
last audible sample — an utterance is one espeak-ng phrase or one synthetic turn), dead-air
stretches of at least 5 s, holds, overtalk, and the CDR's hold seconds.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

RATE = 8000
FRAME = 0.02
HOLD_KINDS = ("chords", "melody", "song", "noisy", "announcement", "vocals")

_VOWELS = ((730, 1090), (270, 2290), (300, 870), (530, 1840), (570, 840), (440, 1020), (400, 1900))
_PHRASES_A = ("您好，很高兴为您服务", "好的，我帮您查一下", "请问还有其他需要吗", "已经为您登记了",
              "这个订单明天就能送到", "您的问题我已经记录下来了", "请您提供一下手机号码")  # fmt: skip
_PHRASES_C = ("我想查一下我的订单", "请问什么时候能送到", "好的，谢谢", "对，就是这个",
              "我上周买的东西还没到", "能不能快一点啊")  # fmt: skip
_ANNOUNCEMENT = "您的电话正在转接，请稍候"
_LYRICS = ("月亮代表我的心", "轻轻的一个吻", "你问我爱你有多深", "我的情也真", "我的爱也真",
           "甜蜜蜜你笑得甜蜜蜜", "好像花儿开在春风里", "在哪里在哪里见过你")  # fmt: skip


@dataclass(frozen=True)
class Truth:
    duration: float
    agent_talk: float
    customer_talk: float
    silences: tuple[tuple[float, float], ...]
    holds: tuple[tuple[float, float], ...]
    hold_kinds: tuple[str, ...]
    overtalk_total: float
    cdr_hold_seconds: float
    echo: bool
    snr_db: float
    agent_mask: np.ndarray = field(repr=False, compare=False)
    customer_mask: np.ndarray = field(repr=False, compare=False)

    def as_dict(self) -> dict:
        return {
            "duration": self.duration, "agent_talk": round(self.agent_talk, 2),
            "customer_talk": round(self.customer_talk, 2),
            "silences": [list(s) for s in self.silences], "holds": [list(h) for h in self.holds],
            "hold_kinds": list(self.hold_kinds), "overtalk_total": round(self.overtalk_total, 2),
            "cdr_hold_seconds": self.cdr_hold_seconds, "echo": self.echo, "snr_db": self.snr_db,
        }  # fmt: skip


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


@lru_cache(maxsize=256)
def _espeak(text: str, pitch: int, speed: int) -> np.ndarray | None:
    try:
        proc = subprocess.run(["espeak-ng", "-v", "cmn", "-s", str(speed), "-p", str(pitch), "--stdout", text],
                              capture_output=True, timeout=20, check=True)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    import io

    import soundfile as sf
    from scipy.signal import resample_poly

    x, rate = sf.read(io.BytesIO(proc.stdout), dtype="float64")
    if x.ndim > 1:
        x = x[:, 0]
    g = math.gcd(RATE, rate)
    x = resample_poly(x, RATE // g, rate // g)
    nz = np.flatnonzero(np.abs(x) > 0.01 * (np.abs(x).max() or 1))
    if nz.size == 0:
        return None
    x = x[nz[0] : nz[-1] + 1]
    return x / (np.sqrt(np.mean(x**2)) or 1.0)  # unit RMS


def speechlike(rng: np.random.Generator, seconds: float, pitch: float, rate: float = 4.5) -> np.ndarray:
    """A speech-like signal of ``seconds`` at unit RMS: tonal syllables (``rate`` per second of
    voicing) through vowel formants, consonant bursts, short pauses between words."""
    from scipy.signal import lfilter

    n = max(1, int(seconds * RATE))
    out = np.zeros(n)
    pos = 0
    while pos < n:
        word = int(rng.integers(1, 4))
        for _ in range(word):
            ln = int(RATE * rng.uniform(0.7, 1.3) / rate)
            if pos + ln > n:
                ln = n - pos
            if ln <= 16:
                break
            t = np.arange(ln) / ln
            tone = int(rng.integers(0, 4))
            contour = (1.1, 0.9 + 0.3 * t, 0.95 - 0.25 * np.sin(np.pi * t), 1.25 - 0.45 * t)[tone]
            f0 = pitch * np.broadcast_to(contour, (ln,)) * (1 + 0.01 * rng.standard_normal(ln))
            ph = np.cumsum(f0 / RATE)
            pulses = np.diff(np.floor(ph), prepend=0.0)
            exc = lfilter([1.0], [1.0, -0.9], pulses) + 0.03 * rng.standard_normal(ln)
            f1, f2 = _VOWELS[int(rng.integers(len(_VOWELS)))]
            a = np.array([1.0])
            for f, bw in ((f1, 90.0), (f2, 130.0), (2600.0, 200.0)):
                r = math.exp(-math.pi * bw / RATE)
                a = np.convolve(a, [1.0, -2 * r * math.cos(2 * math.pi * f / RATE), r * r])
            voiced = lfilter([0.1], a, exc)
            env = np.sin(np.pi * np.clip(t * 1.15, 0, 1)) ** 0.6
            syl = voiced / (np.sqrt(np.mean(voiced**2)) or 1.0) * env
            if rng.random() < 0.6:  # consonant onset
                k = int(min(ln, RATE * rng.uniform(0.03, 0.07)))
                syl[:k] += 0.6 * rng.standard_normal(k) * np.linspace(1, 0.2, k)
            out[pos : pos + ln] = syl * rng.uniform(0.6, 1.0)
            pos += ln
        pos += int(RATE * rng.uniform(0.05, 0.22))  # pause between words
    return out / (np.sqrt(np.mean(out**2)) or 1.0)


def _speech(rng, seconds: float, pitch: float, text: str | None, use_espeak: bool) -> np.ndarray:
    if use_espeak and text:
        # a fresh pitch and pace for every utterance: live speech never repeats a recording exactly
        clip = _espeak(
            text, (60 if pitch > 160 else 25) + int(rng.integers(-12, 13)), int(rng.integers(145, 195))
        )
        if clip is not None:
            return clip
    return speechlike(rng, seconds, pitch)


def _tone(freqs, n: int, harmonics=(1.0, 0.5, 0.25), decay: float = 0.0) -> np.ndarray:
    t = np.arange(n) / RATE
    x = np.zeros(n)
    for f in freqs:
        for k, amp in enumerate(harmonics, start=1):
            if f * k < RATE / 2 - 100:
                x += amp * np.sin(2 * np.pi * f * k * t + k)
    if decay:
        x *= np.exp(-decay * t)
    fade = min(n // 2, int(0.01 * RATE))
    if fade:
        x[:fade] *= np.linspace(0, 1, fade)
        x[-fade:] *= np.linspace(1, 0, fade)
    return x


_CHORDS = ((261.6, 329.6, 392.0), (220.0, 261.6, 329.6), (174.6, 220.0, 261.6), (196.0, 246.9, 293.7),
           (293.7, 370.0, 440.0), (246.9, 311.1, 370.0))  # fmt: skip


def music(rng: np.random.Generator, seconds: float, kind: str, use_espeak: bool = False) -> np.ndarray:
    """Hold audio of ``kind`` (one of HOLD_KINDS) at unit RMS."""
    n = max(1, int(seconds * RATE))
    x = np.zeros(n)
    pos = 0
    if kind in ("chords", "song", "noisy"):
        while pos < n:
            ln = min(n - pos, int(RATE * rng.uniform(0.8, 2.0)))
            chord = _CHORDS[int(rng.integers(len(_CHORDS)))]
            x[pos : pos + ln] = _tone(chord, ln, decay=rng.choice([0.0, 1.2]))
            x[pos : pos + ln] += 0.7 * _tone([chord[0] / 2], ln, harmonics=(1.0, 0.3))
            pos += ln
    if kind in ("melody", "noisy"):
        pos = 0
        scale = (261.6, 293.7, 329.6, 392.0, 440.0, 523.3, 587.3)
        while pos < n:
            ln = min(n - pos, int(RATE * rng.choice([0.2, 0.3, 0.45, 0.6])))
            note = scale[int(rng.integers(len(scale)))]
            x[pos : pos + ln] += _tone([note], ln, harmonics=(1.0, 0.6, 0.3, 0.15), decay=2.5)
            x[pos : pos + ln] += 0.4 * _tone([note / 4], ln, harmonics=(1.0, 0.4))
            pos += ln
    if kind == "song":  # a sung voice following the chords' roots, with vibrato and formants
        from scipy.signal import lfilter

        pos = 0
        while pos < n:
            ln = min(n - pos, int(RATE * rng.uniform(0.25, 0.7)))
            f = rng.choice([261.6, 293.7, 329.6, 392.0]) * (
                1 + 0.02 * np.sin(2 * np.pi * 5.5 * np.arange(ln) / RATE)
            )
            ph = np.cumsum(f / RATE)
            exc = lfilter([1.0], [1.0, -0.9], np.diff(np.floor(ph), prepend=0.0))
            f1, f2 = _VOWELS[int(rng.integers(len(_VOWELS)))]
            a = np.array([1.0])
            for fr, bw in ((f1, 80.0), (f2, 120.0)):
                r = math.exp(-math.pi * bw / RATE)
                a = np.convolve(a, [1.0, -2 * r * math.cos(2 * math.pi * fr / RATE), r * r])
            v = lfilter([0.1], a, exc)
            v *= np.sin(np.pi * np.arange(ln) / ln) ** 0.3
            x[pos : pos + ln] += 1.5 * v / (np.sqrt(np.mean(v**2)) or 1.0)
            pos += ln + int(RATE * rng.choice([0.0, 0.0, 0.15]))
    if kind == "vocals":  # pop music with lyrics: a voice singing-speaking over the chords
        bed = music(rng, seconds, "chords")
        voice = np.zeros(n)
        pos = int(RATE * rng.uniform(0.2, 1.0))
        while pos < n:
            text = _LYRICS[int(rng.integers(len(_LYRICS)))]
            clip = _speech(rng, rng.uniform(1.5, 3.0), 250.0, text, use_espeak)[: n - pos]
            voice[pos : pos + clip.size] = clip
            pos += clip.size + int(RATE * rng.uniform(0.3, 1.2))
        x = voice + bed
    if kind == "announcement":
        bed = music(rng, seconds, "chords") * 0.15
        voice = np.zeros(n)
        clip = _speech(rng, 2.6, 220.0, _ANNOUNCEMENT, use_espeak)
        pos = int(RATE * 0.5)
        while pos < n:
            part = clip[: n - pos]
            voice[pos : pos + part.size] = part
            pos += clip.size + int(RATE * 1.5)
        x = voice + bed
    x = x / (np.sqrt(np.mean(x**2)) or 1.0)
    if kind == "noisy":  # low-bit-rate stream: band-limited, coarse, hissy
        from scipy.signal import butter, lfilter

        b, a = butter(4, [300 / (RATE / 2), 2800 / (RATE / 2)], btype="band")
        x = lfilter(b, a, x)
        x = np.round(x * 4) / 4
        x = x + 0.6 * rng.standard_normal(n)
        x = x / (np.sqrt(np.mean(x**2)) or 1.0)
    return x


def _noise(rng: np.random.Generator, n: int) -> np.ndarray:
    """Pink-ish line noise at unit RMS."""
    from scipy.signal import lfilter

    x = lfilter([1.0], [1.0, -0.7], rng.standard_normal(n))
    return x / np.sqrt(np.mean(x**2))


def _spans_mask(spans, nf: int) -> np.ndarray:
    mask = np.zeros(nf, dtype=bool)
    for a, b in spans:
        mask[int(round(a / FRAME)) : int(round(b / FRAME))] = True
    return mask


def _bridge(mask: np.ndarray, gap: int) -> np.ndarray:
    out = mask.copy()
    idx = np.flatnonzero(mask)
    if idx.size:
        d = np.diff(idx)
        for i in np.flatnonzero((d > 1) & (d <= gap)):
            out[idx[i] : idx[i + 1]] = True
    return out


def _runs(mask: np.ndarray, min_seconds: float = 0.0) -> tuple[tuple[float, float], ...]:
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return tuple((round(a * FRAME, 2), round(b * FRAME, 2))
                 for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True)
                 if (b - a) * FRAME >= min_seconds - 1e-9)  # fmt: skip


def make_call(seed: int, seconds: float = 150.0, use_espeak: bool = False, holds: int | None = None,
              hold_kind: str | tuple[str, ...] | None = None, echo: bool | None = None, snr_db: float | None = None
              ) -> tuple[np.ndarray, Truth]:  # fmt: skip
    """(float samples of shape (n, 2) at :data:`RATE`, truth) of one test call."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    agent, cust = np.zeros(n), np.zeros(n)
    hold_audio = np.zeros(n)
    a_pitch, c_pitch = (
        float(rng.uniform(190, 250)),
        float(rng.choice([rng.uniform(100, 140), rng.uniform(180, 230)])),
    )
    level = {0: 0.1 * rng.uniform(0.7, 1.3), 1: 0.1 * rng.uniform(0.5, 1.2)}
    tracks = {0: agent, 1: cust}
    n_holds = int(rng.integers(0, 3)) if holds is None else holds
    hold_at = sorted(rng.uniform(0.15, 0.8, size=n_holds) * seconds)
    kinds = []
    silences_left = int(rng.integers(1, 3))
    hold_spans = []

    spans = {0: [], 1: []}

    def place(ch, x, at):
        i = int(at * RATE)
        part = x[: max(0, n - i)]
        tracks[ch][i : i + part.size] += part * level[ch]
        spans[ch].append((at, at + part.size / RATE))
        return at + part.size / RATE

    t, speaker = 0.3, 0
    end_at = seconds - 4.0
    while t < end_at:
        if hold_at and t >= hold_at[0]:
            hold_at.pop(0)
            t = place(0, _speech(rng, 1.2, a_pitch, "请您稍等", use_espeak), t + 0.4)
            length = float(rng.uniform(15, 50))
            length = min(length, max(0.0, end_at - t - 3))
            if length < 10:
                continue
            if isinstance(hold_kind, tuple):  # one kind per hold, in turn
                kind = hold_kind[len(kinds) % len(hold_kind)]
            else:
                kind = hold_kind or HOLD_KINDS[int(rng.integers(len(HOLD_KINDS)))]
            a, b = t + 0.5, t + 0.5 + length
            m = music(rng, length, kind, use_espeak) * level[0] * rng.uniform(0.5, 1.0)
            i = int(a * RATE)
            hold_audio[i : i + m.size] = m[: n - i]
            hold_spans.append((a, b))
            kinds.append(kind)
            if rng.random() < 0.3:  # the customer talks to someone nearby while on hold
                place(1, _speech(rng, 2.0, c_pitch, None, False), a + length * 0.4)
            t = place(0, _speech(rng, 1.5, a_pitch, "感谢您的耐心等待", use_espeak), b + 0.5)
            speaker = 1
            continue
        gap = float(rng.uniform(0.2, 1.2))
        if silences_left and rng.random() < 0.08:
            gap, silences_left = float(rng.uniform(5.5, 14)), silences_left - 1
        elif rng.random() < 0.06:
            gap = float(rng.uniform(2.0, 4.0))  # a pause that is not dead air
        elif rng.random() < 0.12:
            gap = -float(rng.uniform(0.3, 1.0))  # overtalk
        start = max(0.0, t + gap)
        length = min(float(rng.lognormal(math.log(2.4 if speaker else 3.2), 0.5)), 9.0)
        texts = _PHRASES_C if speaker else _PHRASES_A
        x = _speech(
            rng, length, c_pitch if speaker else a_pitch, texts[int(rng.integers(len(texts)))], use_espeak
        )
        end = place(speaker, x, start)
        t = max(end, t)
        speaker = 1 - speaker
    nf = n // int(RATE * FRAME)
    a_mask, c_mask = _spans_mask(spans[0], nf), _spans_mask(spans[1], nf)
    hold_mask = np.zeros(nf, dtype=bool)
    for a, b in hold_spans:
        hold_mask[int(a / FRAME) : int(b / FRAME)] = True
    a_mask &= ~hold_mask
    agent_total = agent + hold_audio
    has_echo = bool(rng.random() < 0.5) if echo is None else echo
    if has_echo:
        from scipy.signal import butter, lfilter

        delay = int(RATE * rng.uniform(0.02, 0.12))
        gain = 10 ** (-rng.uniform(20, 30) / 20)
        b, a = butter(2, [250 / (RATE / 2), 3200 / (RATE / 2)], btype="band")
        e = lfilter(b, a, agent_total) * gain
        cust[delay:] += e[: n - delay]
    snr = float(rng.uniform(10, 30)) if snr_db is None else snr_db
    agent_total = agent_total + _noise(rng, n) * level[0] * 10 ** (-snr / 20)
    cust = cust + _noise(rng, n) * level[1] * 10 ** (-snr / 20)
    x = np.stack([agent_total, cust], axis=1)
    x = np.clip(x, -1, 1)
    silent = ~a_mask & ~c_mask & ~hold_mask
    truth = Truth(
        duration=seconds, agent_talk=float(a_mask.sum() * FRAME), customer_talk=float(c_mask.sum() * FRAME),
        silences=_runs(silent, 5.0), holds=tuple((round(a, 2), round(b, 2)) for a, b in hold_spans),
        hold_kinds=tuple(kinds), overtalk_total=float(sum(b - a for a, b in _runs(a_mask & c_mask, 0.3))),
        cdr_hold_seconds=round(sum(b - a for a, b in hold_spans)), echo=has_echo, snr_db=round(snr, 1),
        agent_mask=a_mask, customer_mask=c_mask,
    )  # fmt: skip
    return x, truth
