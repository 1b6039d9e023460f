"""Small builders for call tests: one call (with or without a recording file) for a person."""

from __future__ import annotations

import datetime as dt
import io
import wave
from zoneinfo import ZoneInfo

from django.conf import settings

from hotline.calls.models import Call, Recording

SH = ZoneInfo("Asia/Shanghai")


def make_call(
    agent,
    call_id: str,
    *,
    start=dt.datetime(2026, 10, 8, 9, 0, tzinfo=SH),
    talk=120,
    with_audio=True,
    skill="订货",
):
    call = Call.objects.create(
        call_id=call_id, center=agent.center, agent=agent, skill=skill, customer="13812345678",
        queued_at=start, answered_at=start + dt.timedelta(seconds=10),
        ended_at=start + dt.timedelta(seconds=10 + talk), started_at=start, local_date=start.date(),
        weekday=start.weekday(), talk_seconds=talk, wait_seconds=10,
    )  # fmt: skip
    if with_audio:
        path = settings.RECORDINGS_DIR / f"{call_id}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(silent_wav(2.0))
        Recording.objects.create(call=call, path=f"{call_id}.wav", duration_seconds=2.0)
    return call


def silent_wav(seconds: float, rate: int = 8000) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x00\x00\x00\x00" * int(rate * seconds))
    return buf.getvalue()
