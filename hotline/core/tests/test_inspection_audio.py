"""Audio metrics (§8) on synthesised signals with known segments, and on a demo recording.

The bursts here are not speech to silero-vad, so these tests use the energy detector
(``ENERGY``, the first implementation's settings) and check the segment logic; the silero path
is checked on spoken test calls in ``test_inspection_audio_calls.py``."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from hotline.core.inspection.audio import (
    ENERGY,
    AudioError,
    analyse,
    analyse_file,
    read_wav,
    segments,
    voice_activity,
)

RATE = 8000


def _burst(rng, seconds, pitch=200.0):
    """A speech-like burst: harmonic pulse train with syllable-rate (5 Hz) amplitude modulation."""
    t = np.arange(int(seconds * RATE)) / RATE
    f0 = pitch * (1 + 0.15 * np.sin(2 * np.pi * 1.3 * t))
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    x = sum(np.sin(k * phase) / k for k in range(1, 12))
    env = np.abs(np.sin(np.pi * 5 * t)) ** 0.7
    return 0.2 * x * env


def _call(plan, seconds, noise=0.003, seed=1):
    """Stereo signal: ``plan`` is (channel, start, end, kind) with kind 'speech' or 'music'."""
    rng = np.random.default_rng(seed)
    x = noise * rng.standard_normal((int(seconds * RATE), 2))
    for ch, a, b, kind in plan:
        i, j = int(a * RATE), int(b * RATE)
        if kind == "speech":
            x[i:j, ch] += _burst(rng, b - a, 220 if ch == 0 else 130)
        else:
            t = np.arange(j - i) / RATE
            note = np.repeat([392.0, 440.0, 523.3, 329.6], int(0.5 * RATE))
            f = np.resize(note, t.size)
            x[i:j, ch] += 0.1 * np.sin(2 * np.pi * np.cumsum(f) / RATE)
    return x


PLAN = [
    (0, 0.5, 4.0, "speech"),  # agent greets
    (1, 4.5, 8.0, "speech"),  # customer
    (0, 7.0, 10.0, "speech"),  # agent starts 1 s early: overtalk 7–8
    (0, 17.0, 20.0, "speech"),  # 7 s of dead air 10–17
    (1, 20.5, 22.0, "speech"),
    (0, 23.0, 35.0, "music"),  # 12 s hold
    (0, 36.0, 39.0, "speech"),
]


def test_talk_time_per_party_matches_the_known_bursts_within_a_few_frames():
    m = analyse(_call(PLAN, 40), RATE, ENERGY)
    assert m.agent_talk == pytest.approx(3.5 + 3.0 + 3.0 + 3.0, abs=0.6)
    assert m.customer_talk == pytest.approx(3.5 + 1.5, abs=0.5)
    assert m.agent_talk_ratio == pytest.approx(m.agent_talk / (m.agent_talk + m.customer_talk), abs=1e-3)


def test_dead_air_over_five_seconds_is_found_and_shorter_pauses_are_not():
    m = analyse(_call(PLAN, 40), RATE, ENERGY)
    assert len(m.silences) == 1
    (s,) = m.silences
    assert s.start == pytest.approx(10.0, abs=0.4) and s.end == pytest.approx(17.0, abs=0.4)
    assert m.longest_silence == pytest.approx(7.0, abs=0.6)


def test_overtalk_is_the_stretch_where_both_channels_speak():
    m = analyse(_call(PLAN, 40), RATE, ENERGY)
    assert len(m.overtalks) == 1
    assert m.overtalks[0].start == pytest.approx(7.0, abs=0.3)
    assert m.overtalks[0].end == pytest.approx(8.0, abs=0.4)


def test_music_on_the_agent_channel_is_hold_not_talk_and_not_silence():
    m = analyse(_call(PLAN, 40), RATE, ENERGY)
    assert len(m.holds) == 1
    assert m.holds[0].start == pytest.approx(23.0, abs=0.8) and m.holds[0].end == pytest.approx(35.0, abs=0.8)
    assert all(not (s.start < 30 < s.end) for s in m.silences)
    assert m.agent_talk < 14


def test_speech_bursts_are_not_mistaken_for_hold():
    m = analyse(_call([(0, 0.0, 30.0, "speech"), (1, 30.0, 40.0, "speech")], 40), RATE, ENERGY)
    assert m.holds == ()


def test_speech_rate_proxy_counts_the_five_hertz_syllables():
    m = analyse(_call([(0, 1.0, 21.0, "speech"), (1, 22.0, 32.0, "speech")], 33), RATE, ENERGY)
    assert m.agent_rate == pytest.approx(5.0, abs=1.0)
    assert m.customer_rate == pytest.approx(5.0, abs=1.0)


def test_a_silent_call_has_no_talk_and_one_long_silence():
    m = analyse(_call([], 12), RATE, ENERGY)
    assert m.agent_talk == 0 and m.customer_talk == 0 and m.agent_talk_ratio == 0
    assert [round(s.duration) for s in m.silences] == [12]


def test_the_threshold_adapts_to_a_louder_noise_floor():
    quiet = analyse(_call(PLAN, 40, noise=0.001), RATE, ENERGY)
    loud = analyse(_call(PLAN, 40, noise=0.02), RATE, ENERGY)
    assert loud.noise_floor_db[0] > quiet.noise_floor_db[0] + 20
    assert loud.agent_talk == pytest.approx(quiet.agent_talk, abs=1.0)
    assert len(loud.silences) == 1


def test_voice_activity_bridges_short_pauses_and_drops_clicks():
    levels = np.full(100, -60.0)
    levels[10:30] = -20  # speech
    levels[35:60] = -20  # after a 0.1 s pause
    levels[80] = -10  # a click
    active, floor = voice_activity(levels, ENERGY)
    assert floor == -60.0
    assert [(s.start, s.end) for s in segments(active)] == [(0.2, 1.2)]


def test_a_demo_recording_with_hold_yields_the_hold_and_plausible_metrics(tmp_path):
    from hotline.demo.audio import AudioSpec, synthesize, write_wav

    path = tmp_path / "c.wav"
    write_wav(path, synthesize(AudioSpec("HDTEST1", 90.0, hold_seconds=20.0, agent="8001")))
    m = analyse_file(path, ENERGY)  # what the demo step uses
    assert m.duration == pytest.approx(90.0)
    assert len(m.holds) == 1 and m.hold_total == pytest.approx(20.0, abs=2.0)
    assert 0.3 < m.agent_talk_ratio < 0.8
    assert 2.5 < m.agent_rate < 6.5
    assert m.as_dict()["holds"][0][1] > m.as_dict()["holds"][0][0]


def test_a_file_that_is_not_wav_is_refused_with_its_name(tmp_path):
    bad = tmp_path / "x.wav"
    bad.write_bytes(b"not a wav")
    with pytest.raises(AudioError, match="x.wav"):
        read_wav(bad)


def test_mono_files_are_read_as_the_agent_only(tmp_path):
    path = tmp_path / "m.wav"
    x = _call([(0, 1.0, 4.0, "speech")], 6)[:, 0]
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((x * 32767).astype("<i2").tobytes())
    m = analyse_file(path, ENERGY)
    assert m.customer_talk == 0 and m.agent_talk == pytest.approx(3.0, abs=0.5)
