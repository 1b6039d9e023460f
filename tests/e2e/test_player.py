"""The recording player (issue 13): a transcript line, a comment marker, ±5 s and the timeline's keys
all move the playback position; the speech of both channels is drawn on the timeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hotline.calls.models import RecordingComment
from hotline.calls.tests.helpers import SH, make_call, silent_wav
from hotline.inspection.models import CallInspection, Transcript
from tests.e2e.test_recording_journey import tone_wav, wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-10-12T10:00"),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "player"
AT = "document.getElementById('audio').currentTime"


def _pause_and_read(page) -> float:
    page.evaluate("document.getElementById('audio').pause()")
    return page.evaluate(AT)


def test_the_player_seeks_on_a_transcript_line_a_marker_and_five_seconds_either_way(
    personas, sign_in, page, settings
):
    call = make_call(personas.agent, "PLAY1", start=dt.datetime(2026, 10, 8, 9, 0, tzinfo=SH), talk=30)
    (settings.RECORDINGS_DIR / "PLAY1.wav").write_bytes(silent_wav(30.0))
    call.recording.duration_seconds = 30.0
    call.recording.save()
    Transcript.objects.create(
        call=call,
        segments=[
            {"speaker": "agent", "start": 1.0, "end": 4.0, "text": "您好，请讲"},
            {"speaker": "customer", "start": 12.0, "end": 16.0, "text": "我要退货"},
            {"speaker": "agent", "start": 20.0, "end": 24.0, "text": "好的，马上为您办理"},
        ],
    )
    CallInspection.objects.create(
        call=call,
        audio={
            "duration": 30.0,
            "agent_speech": [[1.0, 4.0], [20.0, 24.0]],
            "customer_speech": [[12.0, 16.0]],
        },
    )
    RecordingComment.objects.create(
        recording=call.recording, author=personas.leader, at_seconds=21.0, text="语气好"
    )

    sign_in(personas.monitor)
    page.goto(f"/calls/{call.pk}/")
    wait_until(page, "document.getElementById('audio').readyState >= 1")
    assert page.locator(".pl-speech.agent").count() == 2 and page.locator(".pl-speech.customer").count() == 1

    page.locator(".pl-line", has_text="我要退货").click()  # a transcript line seeks and plays
    wait_until(page, f"{AT} >= 12 && {AT} < 14")
    assert _pause_and_read(page) == pytest.approx(12, abs=1.5)
    assert page.locator(".pl-line.now").inner_text().endswith("我要退货")

    start = page.evaluate(AT)
    page.click("#fwd5")
    wait_until(page, f"{AT} > {start + 4.5}")
    assert page.evaluate(AT) == pytest.approx(start + 5, abs=0.5)
    page.click("#back5")
    assert page.evaluate(AT) == pytest.approx(start, abs=0.5)

    page.locator(".pl-mark.comment").click()  # a comment marker seeks to its moment
    wait_until(page, f"{AT} >= 21")
    assert _pause_and_read(page) == pytest.approx(21, abs=1.5)

    timeline = page.locator(".pl-timeline")  # keyboard: the timeline is a slider
    timeline.focus()
    before = page.evaluate(AT)
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(AT) == pytest.approx(before - 5, abs=0.5)
    page.keyboard.press("Home")
    assert page.evaluate(AT) == pytest.approx(0, abs=0.1)
    assert timeline.get_attribute("aria-valuenow") == "0"
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("ArrowRight")  # outside any field: the page-wide shortcut
    assert page.evaluate(AT) == pytest.approx(5, abs=0.5)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "call-detail.png"), full_page=True)


def test_without_analysis_or_transcript_the_browser_draws_both_channels_from_the_recording(
    personas, sign_in, page, settings
):
    call = make_call(personas.agent, "PLAY2", start=dt.datetime(2026, 10, 8, 9, 0, tzinfo=SH), talk=12)
    (settings.RECORDINGS_DIR / "PLAY2.wav").write_bytes(tone_wav(12))
    call.recording.duration_seconds = 12.0
    call.recording.save()
    sign_in(personas.monitor)
    page.goto(f"/calls/{call.pk}/")
    wait_until(page, "document.querySelector('.pl-track').dataset.env === 'drawn'")
    assert page.locator(".pl-lane-agent canvas.pl-envelope").count() == 1
    assert page.locator(".pl-lane-customer canvas.pl-envelope").count() == 1
    assert not page.locator(".pl-nolanes").is_visible()
    page.click("#fwd5")
    wait_until(page, f"{AT} >= 4.9")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#player").screenshot(path=str(ARTIFACTS / "envelope.png"))
