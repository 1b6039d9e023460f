"""The local ASR engine behind HOTLINE_ASR_ENGINE, wired into inspection (§8, issue 14 item 5)."""

from __future__ import annotations

import pytest

from hotline.inspection import services
from hotline.inspection.models import Transcript
from hotline.inspection.services import call_inspect

from . import fake_asr
from .helpers import GOOD_TRANSCRIPT, inspected_call

pytestmark = pytest.mark.django_db
FAKE = "python:hotline.inspection.tests.fake_asr:engine"


@pytest.fixture
def engine(settings, tmp_path):
    settings.HOTLINE_ASR_ENGINE = FAKE
    settings.HOTLINE_ASR_MODEL_DIR = str(tmp_path)
    services._ENGINES.clear()
    fake_asr.HEARD.clear()
    yield
    services._ENGINES.clear()


def test_without_a_setting_no_transcript_is_made(personas, settings):
    settings.HOTLINE_ASR_ENGINE = ""
    res = call_inspect(call=inspected_call(personas.agent, "ASR0"))
    assert not res.has_transcript and not Transcript.objects.exists()


def test_a_call_without_a_transcript_is_transcribed_channel_by_channel_and_inspected(personas, engine):
    call = inspected_call(personas.agent, "ASR1", seconds=30.0)
    res = call_inspect(call=call)
    t = Transcript.objects.get(call=call)
    assert t.source == f"asr:{FAKE}"
    assert {s["speaker"] for s in t.segments} == {"agent", "customer"}  # both channels of the stereo file
    assert all(0 <= s["start"] < s["end"] <= 30.0 for s in t.segments)
    assert len(fake_asr.HEARD) == len(t.segments) and all(rate == 8000 for rate, _ in fake_asr.HEARD)
    assert res.has_transcript and res.error == ""
    assert next(r for r in res.rules if r["key"] == "greeting")["status"] == "pass"
    n = len(fake_asr.HEARD)
    call_inspect(call=call)  # a second run reads the stored transcript
    assert len(fake_asr.HEARD) == n


def test_an_imported_transcript_wins_over_the_engine(personas, engine):
    call = inspected_call(personas.agent, "ASR2", transcript=GOOD_TRANSCRIPT)
    call_inspect(call=call)
    assert fake_asr.HEARD == [] and Transcript.objects.get(call=call).source == "test"


def test_a_missing_engine_is_reported_on_the_call_and_the_audio_still_inspected(personas, settings, tmp_path):
    settings.HOTLINE_ASR_ENGINE = "sherpa-onnx"
    settings.HOTLINE_ASR_MODEL_DIR = str(tmp_path / "no-model")
    services._ENGINES.clear()
    res = call_inspect(call=inspected_call(personas.agent, "ASR3"))
    assert res.error.startswith("asr: sherpa-onnx") and "does not exist" in res.error
    assert res.audio["duration"] == pytest.approx(30.0) and not res.has_transcript
