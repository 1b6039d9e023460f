"""A QA monitor finds a recording and listens to it: search, open, play, change speed (§2)."""

import datetime as dt
import io
import math
import struct
import time
import wave

import pytest

from hotline.calls.models import Call, Recording
from hotline.calls.tests.helpers import SH

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-10-12T10:00"),  # the calls are of 2026-10-08
]


def wait_until(page, expression: str, timeout: float = 15.0) -> None:
    """Poll ``expression`` in the page. Playwright's wait_for_function compiles its string with eval,
    which the product's Content-Security-Policy rightly refuses; page.evaluate goes through the debugger."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def tone_wav(seconds: float, rate: int = 8000) -> bytes:
    frames = bytearray()
    for i in range(int(rate * seconds)):
        v = int(8000 * math.sin(2 * math.pi * 440 * i / rate))
        frames += struct.pack("<hh", v, v // 2)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return buf.getvalue()


def test_a_qa_monitor_searches_opens_plays_and_speeds_up_a_recording(personas, sign_in, settings):
    start = dt.datetime(2026, 10, 8, 9, 0, tzinfo=SH)
    for i, (agent, talk) in enumerate([(personas.agent, 95), (personas.agent, 240), (personas.peer, 60)]):
        t = start + dt.timedelta(minutes=10 * i)
        call = Call.objects.create(
            call_id=f"E2E{i}", center=personas.center, agent=agent, skill="订货", customer="13912345678",
            queued_at=t, answered_at=t, ended_at=t + dt.timedelta(seconds=talk), started_at=t,
            local_date=t.date(), weekday=t.weekday(), talk_seconds=talk,
        )  # fmt: skip
        path = settings.RECORDINGS_DIR / f"E2E{i}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(tone_wav(12))
        Recording.objects.create(call=call, path=path.name, duration_seconds=12)

    page = sign_in(personas.monitor)
    page.click("text=录音查询")
    page.fill("input[name=agent]", personas.agent.work_number)
    page.fill("input[name=min_seconds]", "120")
    page.click("#search-form button[type=submit]")
    rows = page.locator("#results tbody tr")
    assert rows.count() == 1
    assert "139****5678" in rows.first.inner_text()
    rows.first.locator("a.play").click()

    page.wait_for_selector("#audio", state="attached")
    wait_until(page, "document.getElementById('audio').readyState >= 1")
    assert page.evaluate("document.getElementById('audio').duration") == pytest.approx(12, abs=0.2)
    page.click("#play")
    wait_until(page, "document.getElementById('audio').currentTime > 0.3")
    page.select_option("#speed", "1.5")
    assert page.evaluate("document.getElementById('audio').playbackRate") == 1.5
    page.click("#fwd5")
    wait_until(page, "document.getElementById('audio').currentTime > 5")
    assert "暂停" in page.inner_text("#play")
