"""The "inspection" demo step (§8): up-front recordings inspected with generated transcripts."""

import datetime as dt
import random

from hotline.demo.build import build_demo
from hotline.demo.steps_inspection import make_transcript
from hotline.inspection.models import CallInspection, InspectionRun, RiskPolicy, Transcript

SMALL = {
    "period": (dt.date(2026, 10, 1), dt.date(2026, 10, 3)),
    "agents_per_company": 1,
    "audio_per_agent": 1,
    "quiet": True,
    "steps": ["org", "calls", "audio", "inspection"],
}


def test_the_demo_inspects_its_up_front_recordings_and_rebuilds_cleanly(db):
    build_demo(seed=5, **SMALL)
    n = CallInspection.objects.count()
    assert n > 0 and Transcript.objects.count() == n
    assert InspectionRun.objects.filter(status="done").count() >= 1
    ins = CallInspection.objects.exclude(audio=None).first()
    assert ins.audio["agent_talk"] > 0 and ins.has_transcript
    assert RiskPolicy.objects.filter(enabled=True).count() >= 1  # extra sampling on for the demo
    build_demo(seed=5, force=True, **SMALL)
    assert CallInspection.objects.count() == n


class _Call:
    skill = "订货"
    agent = type("A", (), {"work_number": "8001"})()


def test_generated_transcripts_follow_the_speech_segments_and_sometimes_fail_rules():
    metrics = {"agent_speech": [[0.4, 3.0], [8, 10], [12, 13], [40, 42], [50, 53]],
               "customer_speech": [[4, 7], [43, 48]], "holds": [[14, 39]]}  # fmt: skip
    texts = [make_transcript(random.Random(i), _Call(), metrics) for i in range(60)]
    first = texts[0]
    assert [s["speaker"] for s in first] == [
        "agent",
        "customer",
        "agent",
        "agent",
        "agent",
        "customer",
        "agent",
    ]
    assert all(t[4]["start"] == 40 for t in texts)
    greetings = {t[0]["text"] for t in texts}
    assert any("工号八零零幺" in g for g in greetings) and len(greetings) > 1
    assert any("稍等" in t[3]["text"] for t in texts) and any("等一下" == t[3]["text"] for t in texts)
    assert any("耐心等待" in t[4]["text"] for t in texts)
