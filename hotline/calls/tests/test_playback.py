"""Recordings a browser cannot play (A-law, µ-law, GSM WAV) are served as cached PCM WAV (§10)."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile as sf
from django.conf import settings
from django.urls import reverse

from hotline.calls import playback
from hotline.calls.models import Recording

from .helpers import make_call


def _tone(seconds=1.0, channels=2):
    t = np.arange(int(8000 * seconds)) / 8000
    x = 0.3 * np.sin(2 * np.pi * 440 * t)
    return np.stack([x] * channels, axis=1) if channels > 1 else x


def _with_file(call, name, subtype, channels=2, fmt="WAV"):
    path = settings.RECORDINGS_DIR / name
    sf.write(str(path), _tone(channels=channels), 8000, subtype=subtype, format=fmt)
    Recording.objects.filter(call=call).update(path=name)
    return path


@pytest.mark.parametrize(("subtype", "channels"), [("ALAW", 2), ("ULAW", 2), ("GSM610", 1)])
def test_telephone_encodings_are_served_as_pcm_wav(personas, login, subtype, channels):
    call = make_call(personas.agent, "pb1")
    _with_file(call, "pb1.wav", subtype, channels)
    r = login(personas.agent).get(reverse("calls:audio", args=[call.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "audio/wav"
    body = b"".join(r.streaming_content)
    info = sf.info(io.BytesIO(body))
    assert info.subtype == "PCM_16" and info.channels == channels and info.samplerate == 8000
    decoded, _ = sf.read(io.BytesIO(body))
    assert abs(decoded.shape[0] - 8000) < 400  # GSM pads to whole 20 ms blocks


def test_the_transcoded_copy_is_cached_and_redone_when_the_file_changes(personas, login, monkeypatch):
    call = make_call(personas.agent, "pb2")
    path = _with_file(call, "pb2.wav", "ALAW")
    c = login(personas.agent)
    c.get(reverse("calls:audio", args=[call.pk]))
    calls = []
    real = playback.transcode_to_pcm_wav
    monkeypatch.setattr(playback, "transcode_to_pcm_wav", lambda a, b: calls.append(a) or real(a, b))
    c.get(reverse("calls:audio", args=[call.pk]))
    assert calls == []  # served from the cache
    sf.write(str(path), _tone(2.0), 8000, subtype="ALAW")
    c.get(reverse("calls:audio", args=[call.pk]))
    assert len(calls) == 1
    assert len(list(playback.cache_dir().glob("*.wav"))) == 1  # the stale copy is gone
    assert playback.cache_dir().parent.parent == settings.RECORDINGS_DIR.parent


def test_range_requests_seek_in_the_transcoded_stream(personas, login):
    call = make_call(personas.agent, "pb3")
    _with_file(call, "pb3.wav", "ULAW")
    c = login(personas.monitor)
    r = c.get(reverse("calls:audio", args=[call.pk]), HTTP_RANGE="bytes=44-1043")
    assert r.status_code == 206 and r["Content-Type"] == "audio/wav"
    assert r["Content-Range"].startswith("bytes 44-1043/") and len(b"".join(r.streaming_content)) == 1000
    assert c.get(reverse("calls:audio", args=[call.pk]), HTTP_RANGE="bytes=99999999-").status_code == 416


def test_pcm_and_mp3_are_sent_as_they_are(personas, login):
    call = make_call(personas.agent, "pb4")
    path = _with_file(call, "pb4.mp3", "MPEG_LAYER_III", fmt="MP3")
    r = login(personas.agent).get(reverse("calls:audio", args=[call.pk]))
    assert r["Content-Type"] == "audio/mpeg" and b"".join(r.streaming_content) == path.read_bytes()
    assert not playback.cache_dir().exists()


def test_the_api_serves_the_playable_stream_and_refuses_other_centers_and_roles(personas, login):
    call = make_call(personas.agent, "pb5")
    _with_file(call, "pb5.wav", "ALAW")
    r = login(personas.agent).get(f"/api/calls/{call.pk}/recording/audio")
    assert r.status_code == 200 and r["Content-Type"] == "audio/wav"
    for who in (personas.peer, personas.planner, personas.outsider, personas.other_agent):
        c = login(who)
        assert c.get(f"/api/calls/{call.pk}/recording/audio").status_code == 404
        assert c.get(reverse("calls:audio", args=[call.pk])).status_code == 404
