"""Builders for inspection tests: a call with a synthesised demo-like recording and a transcript."""

from __future__ import annotations

from django.conf import settings

from hotline.calls.tests.helpers import make_call
from hotline.demo.audio import AudioSpec, synthesize, write_wav

BAD_TRANSCRIPT = [
    {"speaker": "agent", "start": 0.4, "end": 2.0, "text": "喂"},
    {"speaker": "customer", "start": 2.5, "end": 5.0, "text": "我想问一下明天能送吗"},
    {"speaker": "agent", "start": 5.5, "end": 7.0, "text": "不知道，你听不懂吗"},
]
GOOD_TRANSCRIPT = [
    {"speaker": "agent", "start": 0.4, "end": 3.5, "text": "您好，欢迎致电订货热线，工号八零零幺为您服务"},
    {"speaker": "customer", "start": 4.0, "end": 6.0, "text": "我想订一下这周的货"},
    {"speaker": "agent", "start": 6.5, "end": 9.0, "text": "好的，请您说一下，跟您确认一下，周四配送"},
    {"speaker": "agent", "start": 25.0, "end": 28.0, "text": "感谢您的配合，祝您生活愉快，再见"},
]


def inspected_call(agent, call_id, *, transcript=None, seconds=30.0, hold=0.0):
    """A call with a real stereo recording (demo synthesiser) and optionally a transcript."""
    from hotline.inspection.services import transcript_save

    call = make_call(agent, call_id, talk=seconds, with_audio=True)
    path = settings.RECORDINGS_DIR / f"{call_id}.wav"
    write_wav(path, synthesize(AudioSpec(call_id, seconds, hold_seconds=hold, agent=agent.work_number)))
    if transcript is not None:
        transcript_save(call=call, segments=transcript, source="test")
    return call
