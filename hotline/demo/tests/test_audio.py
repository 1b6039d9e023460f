"""Demo recordings: valid stereo WAV of the call's length, speech-like, made again on demand."""

from __future__ import annotations

import datetime as dt
import wave

import numpy as np
import pytest

from hotline.demo.audio import RATE, AudioSpec, synthesize, write_wav


def _read(path):
    with wave.open(str(path), "rb") as w:
        params = w.getparams()
        frames = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, w.getnchannels())
    return params, frames


def _active(x, sr=RATE, win=0.1):
    n = int(sr * win)
    blocks = x[: len(x) // n * n].astype(float).reshape(-1, n)
    return np.sqrt((blocks**2).mean(axis=1)) > 300


@pytest.fixture(autouse=True)
def no_espeak(monkeypatch):
    monkeypatch.setenv("HOTLINE_DEMO_ESPEAK", "0")


def test_a_call_becomes_a_stereo_16_bit_wav_of_its_duration(tmp_path):
    path = tmp_path / "c.wav"
    write_wav(path, synthesize(AudioSpec("LF2026092900001", 73.0, 0.0, "订货", "in", "8001")))
    params, frames = _read(path)
    assert (params.nchannels, params.sampwidth, params.framerate) == (2, 2, RATE)
    assert params.nframes == 73 * RATE
    assert path.stat().st_size == 44 + 73 * RATE * 4


def test_the_agent_speaks_first_on_the_left_and_the_customer_answers_on_the_right():
    frames = synthesize(AudioSpec("LF2026092900002", 40.0, 0.0, "订货", "in", "8001"))
    agent, customer = _active(frames[:, 0]), _active(frames[:, 1])
    first_agent, first_customer = np.argmax(agent), np.argmax(customer)
    assert first_agent < first_customer
    assert 0.25 < agent.mean() < 0.9 and 0.15 < customer.mean() < 0.9
    assert (~agent & ~customer).any()  # pauses


def test_some_calls_have_overtalk_and_every_call_has_pauses():
    overtalk = 0
    for i in range(8):
        frames = synthesize(AudioSpec(f"HD20261012{i:05d}", 90.0, 0.0, "咨询", "in", "8050"))
        agent, customer = _active(frames[:, 0]), _active(frames[:, 1])
        overtalk += bool((agent & customer).sum() >= 3)
        assert (~agent & ~customer).sum() >= 5
    assert overtalk >= 2


def test_a_call_with_hold_time_has_hold_music_on_the_agent_leg_and_silence_from_the_customer():
    frames = synthesize(AudioSpec("LF2026092900003", 120.0, 40.0, "咨询", "in", "8001"))
    agent, customer = _active(frames[:, 0]), _active(frames[:, 1])
    # the longest customer silence covers the hold while the agent leg keeps sounding
    run, best, best_end = 0, 0, 0
    for i, quiet in enumerate(~customer):
        run = run + 1 if quiet else 0
        if run > best:
            best, best_end = run, i
    assert best * 0.1 >= 35
    assert agent[best_end - best + 30 : best_end - 30].mean() > 0.8


def test_the_same_call_gives_the_same_samples_and_another_call_other_samples():
    a = synthesize(AudioSpec("LF2026092900004", 20.0))
    assert np.array_equal(a, synthesize(AudioSpec("LF2026092900004", 20.0)))
    assert not np.array_equal(a, synthesize(AudioSpec("LF2026092900005", 20.0)))


def test_a_call_shorter_than_the_greeting_still_has_its_exact_length():
    assert synthesize(AudioSpec("LF2026092900006", 2.5)).shape == (int(2.5 * RATE), 2)


def test_spoken_mandarin_is_mixed_in_when_espeak_ng_is_installed(monkeypatch):
    import shutil

    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    monkeypatch.setenv("HOTLINE_DEMO_ESPEAK", "1")
    spoken = synthesize(AudioSpec("LF2026092900007", 30.0, 0.0, "订货", "in", "8001"))
    monkeypatch.setenv("HOTLINE_DEMO_ESPEAK", "0")
    synthetic = synthesize(AudioSpec("LF2026092900007", 30.0, 0.0, "订货", "in", "8001"))
    assert spoken.shape == synthetic.shape
    assert not np.array_equal(spoken[: 4 * RATE, 0], synthetic[: 4 * RATE, 0])


@pytest.mark.django_db
def test_a_missing_demo_file_is_made_on_demand_and_equals_the_up_front_one(settings, tmp_path):
    from hotline.calls.models import Recording
    from hotline.demo.audio import ensure_demo_audio
    from hotline.demo.build import build_demo

    settings.RECORDINGS_DIR = tmp_path
    build_demo(
        seed=3,
        period=(dt.date(2026, 10, 8), dt.date(2026, 10, 8)),
        agents_per_company=1,
        audio=False,
        quiet=True,
    )
    rec = Recording.objects.select_related("call", "call__agent").filter(
        call__hold_seconds__gt=0
    ).first() or (Recording.objects.select_related("call", "call__agent").first())
    path = tmp_path / rec.path
    assert not path.exists()
    assert ensure_demo_audio(rec) == path
    params, _ = _read(path)
    assert params.nchannels == 2 and params.nframes == round(rec.duration_seconds * params.framerate)
    first = path.read_bytes()
    path.unlink()
    assert ensure_demo_audio(rec).read_bytes() == first
    rec.path = "imported/x.wav"
    with pytest.raises(ValueError):
        ensure_demo_audio(rec)


@pytest.mark.django_db
def test_the_audio_view_plays_a_demo_recording_whose_file_was_not_made_up_front(settings, tmp_path, client):
    from django.urls import reverse

    from hotline.calls.models import Recording
    from hotline.demo.build import build_demo

    settings.RECORDINGS_DIR = tmp_path
    build_demo(
        seed=3,
        period=(dt.date(2026, 10, 8), dt.date(2026, 10, 8)),
        agents_per_company=1,
        audio=False,
        quiet=True,
    )
    rec = Recording.objects.select_related("call__agent__user").first()
    client.force_login(rec.call.agent.user)
    response = client.get(reverse("calls:audio", args=[rec.call_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    assert (tmp_path / rec.path).is_file()
