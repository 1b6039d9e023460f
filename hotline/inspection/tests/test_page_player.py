"""The one recording player on every page that discusses a recording (issue 13): call page, session
page, calibration and certification scoring, dispute opening and review, inspection result — what
each reader sees on it, and that the pages still refuse the wrong role and another center."""

from __future__ import annotations

import re

from django.urls import reverse

from hotline.calls.models import RecordingComment
from hotline.calls.tests.helpers import make_call
from hotline.feedback.services.calibration import calibration_create
from hotline.feedback.services.disputes import dispute_open
from hotline.feedback.tests.helpers import NON_CRITICAL, submitted_session
from hotline.inspection.models import CallInspection, Transcript
from hotline.inspection.player import clock, tracks
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory
from hotline.quality.models import RecordingMark
from hotline.quality.services import active_form

LINES = [
    {"speaker": "agent", "start": 0.2, "end": 0.8, "text": "您好，请讲"},
    {"speaker": "客户", "start": 1.0, "end": 1.8, "text": "我要退货"},
]
HINT = {"key": "r1", "title": "禁用语", "item": "attitude.02", "status": "fail", "weight": 1, "note": "",
        "evidence": [{"text": "你自己看", "start": 1.2, "end": 1.6, "speaker": "agent"}]}  # fmt: skip


def _annotate(call, author):
    Transcript.objects.create(call=call, segments=LINES)
    CallInspection.objects.create(
        call=call,
        audio={"duration": 2.0, "agent_speech": [[0.2, 0.8]], "customer_speech": [[1.0, 1.8]]},
        rules=[HINT],
    )
    RecordingComment.objects.create(recording=call.recording, author=author, at_seconds=0.5, text="开场规范")
    return call


def _player(html: str) -> str:
    m = re.search(r'<section class="player card" id="player".*?</section>', html, re.S)
    assert m, "no player on the page"
    return m.group(0)


def test_the_call_page_shows_both_channels_the_transcript_comments_and_hints(personas, login):
    call = _annotate(make_call(personas.agent, "P-1"), personas.leader)
    html = login(personas.monitor).get(reverse("calls:detail", args=[call.pk])).content.decode()
    p = _player(html)
    assert p.count('class="pl-speech agent"') == 1 and p.count('class="pl-speech customer"') == 1
    assert 'data-seek="1.0"' in p and "我要退货" in p and "客户" in p  # the 客户 alias is the customer
    assert 'class="pl-mark comment"' in p and "开场规范" in p and "赵组长" in p
    assert 'class="pl-mark hint"' in p and "禁用语：你自己看" in p
    assert "left:60.0%" in p  # the hint at 1.2 s of 2 s
    assert 'id="comment-at"' in p  # the monitor may comment at the current position
    assert p.count("<audio") == 1 and "player.js" in html and "player.css" in html


def test_the_agent_hears_and_reads_their_call_but_sees_no_inspection_hints(personas, login):
    call = _annotate(make_call(personas.agent, "P-2"), personas.leader)
    p = _player(login(personas.agent).get(reverse("calls:detail", args=[call.pk])).content.decode())
    assert "我要退货" in p and "开场规范" in p
    assert "pl-mark hint" not in p and "你自己看" not in p
    assert 'id="comment-at"' not in p  # agents do not comment


def test_the_call_page_still_refuses_other_agents_and_another_center(personas, login):
    call = _annotate(make_call(personas.agent, "P-3"), personas.leader)
    url = reverse("calls:detail", args=[call.pk])
    assert login(personas.peer).get(url).status_code == 404
    assert login(personas.outsider).get(url).status_code == 404
    assert login(personas.other_agent).get(url).status_code == 404
    planner = login(personas.planner).get(url)  # planners see volumes, never hear calls
    assert planner.status_code in (403, 404) or 'id="player"' not in planner.content.decode()


def test_the_session_page_has_one_player_with_a_track_per_recording_and_the_marks(personas, login):
    session = submitted_session(personas.agent, personas.monitor, failed=[NON_CRITICAL[0]])
    ev = session.evaluations.order_by("order").first()
    _annotate(ev.call, personas.leader)
    RecordingMark.objects.create(evaluation=ev, at_seconds=1.5, text="语速偏快", author=personas.monitor)
    html = login(personas.monitor).get(reverse("quality:session", args=[session.pk])).content.decode()
    p = _player(html)
    assert p.count('class="pl-track"') == 5 and p.count("<audio") == 1
    assert 'class="pl-mark mark"' in p and "语速偏快" in p and "我要退货" in p
    assert login(personas.outsider).get(reverse("quality:session", args=[session.pk])).status_code == 404
    assert login(personas.peer).get(reverse("quality:session", args=[session.pk])).status_code == 404


def test_calibration_scoring_has_the_player_without_inspection_hints(personas, login):
    m2 = PersonFactory(center=personas.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201")
    call = _annotate(make_call(personas.agent, "CAL-P"), personas.leader)
    s = calibration_create(
        center=personas.center, title="校准", form=active_form(), calls=[call], participants=[m2, personas.monitor],
        expert=personas.manager, created_by=personas.manager,
    )  # fmt: skip
    url = reverse("feedback:calibration_score", args=[s.pk, call.pk])
    p = _player(login(personas.monitor).get(url).content.decode())
    assert "我要退货" in p and "pl-mark hint" not in p and "你自己看" not in p  # blind scoring
    assert "我要退货" in _player(
        login(m2).get(url).content.decode()
    )  # a participant who does not monitor the agent
    assert login(personas.peer).get(url).status_code in (403, 404)
    assert login(personas.outsider).get(url).status_code in (403, 404)


def test_dispute_pages_have_the_player_with_the_evaluations_marks(personas, login):
    PersonFactory(center=personas.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201")
    session = submitted_session(personas.agent, personas.monitor, failed=[NON_CRITICAL[2]])
    ev = session.evaluations.order_by("order").first()
    _annotate(ev.call, personas.leader)
    RecordingMark.objects.create(evaluation=ev, at_seconds=1.5, text="语速偏快", author=personas.monitor)
    new = reverse("feedback:dispute_new", args=[ev.pk])
    p = _player(login(personas.agent).get(new).content.decode())
    assert "语速偏快" in p and "我要退货" in p and "你自己看" not in p
    d = dispute_open(evaluation=ev, agent=personas.agent, reason="我按规范做了")
    detail = reverse("feedback:dispute", args=[d.pk])
    assert "语速偏快" in _player(login(personas.manager).get(detail).content.decode())
    for who in (personas.peer, personas.other_agent, personas.outsider):
        assert login(who).get(new).status_code == 404
        assert login(who).get(detail).status_code == 404


def test_the_inspection_result_page_has_the_player_and_refuses_agents(personas, login):
    call = _annotate(make_call(personas.agent, "P-4"), personas.leader)
    url = reverse("inspection:call", args=[call.pk])
    assert "我要退货" in _player(login(personas.manager).get(url).content.decode())
    assert login(personas.agent).get(url).status_code in (403, 404)
    assert login(personas.outsider).get(url).status_code in (403, 404)


def test_tracks_survive_broken_analysis_data_and_a_call_without_recording(personas):
    call = make_call(personas.agent, "P-5")
    Transcript.objects.create(
        call=call, segments=[{"speaker": "robot", "start": "x"}]
    )  # unreadable: no lines
    CallInspection.objects.create(call=call, audio={"agent_speech": [[1, "x"], [3, 1], None, [0.5, 1.0]]})
    (t,) = tracks(personas.monitor.user, call)
    assert t.lines == [] and [b["start"] for b in t.agent] == [0.5] and t.duration == 2.0
    silent = make_call(personas.agent, "P-6", with_audio=False)
    (t,) = tracks(personas.monitor.user, silent)
    assert t.audio == "" and t.marks == []
    assert tracks(personas.other_agent.user, call)[0].audio == ""  # another center hears nothing
    assert clock(75.9) == "1:15"
