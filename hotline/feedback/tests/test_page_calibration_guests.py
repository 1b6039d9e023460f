"""Agents rated excellent in the calibration room (§4): invited from the calibration page, they listen,
see the results after everyone has scored and record their view; others are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.calls.tests.helpers import make_call
from hotline.feedback.models import CalibrationGuest
from hotline.feedback.services.calibration import calibration_create, calibration_score
from hotline.quality.services import active_form

from .helpers import answers, submitted_session

pytestmark = pytest.mark.clock("2026-11-20T10:00")


@pytest.fixture
def cal(personas):
    submitted_session(personas.agent, personas.monitor, day=dt.date(2026, 11, 5))  # 张三 rated 100
    calls = [make_call(personas.stranger, f"K{i}") for i in range(2)]
    s = calibration_create(center=personas.center, title="十一月校准", form=active_form(), calls=calls,
                           participants=[personas.monitor, personas.manager], created_by=personas.manager)  # fmt: skip
    return s, calls


def test_the_manager_invites_an_excellent_agent_who_listens_and_waits_for_the_results(personas, cal, login):
    s, calls = cal
    mgr = login(personas.manager)
    page = mgr.get(f"/feedback/calibration/{s.pk}/").content.decode()
    assert "邀请优秀座席列席" in page and "张三" in page and "李四" not in page
    assert (
        mgr.post(
            f"/feedback/calibration/{s.pk}/", {"action": "invite", "agents": [personas.agent.pk]}
        ).status_code
        == 302
    )
    assert CalibrationGuest.objects.filter(session=s, agent=personas.agent).exists()
    agent = login(personas.agent)
    assert "十一月校准" in agent.get("/feedback/my/").content.decode()  # the invitation on their page
    page = agent.get(f"/feedback/calibration/{s.pk}/").content.decode()
    assert 'id="guest-wait"' in page and 'id="deviation"' not in page and "calls/" in page
    assert agent.get(f"/calls/{calls[0].pk}/audio/").status_code in (200, 206)
    assert (
        agent.get(f"/feedback/calibration/{s.pk}/score/{calls[0].pk}/").status_code == 403
    )  # listens, not scores
    r = agent.post(f"/feedback/calibration/{s.pk}/", {"action": "view", "view": "太早"})
    assert r.status_code == 302 and not CalibrationGuest.objects.get().view
    for p in (personas.monitor, personas.manager):
        for c in calls:
            calibration_score(session=s, call=c, evaluator=p, answers=answers())
    page = agent.get(f"/feedback/calibration/{s.pk}/").content.decode()
    assert 'id="deviation"' in page
    agent.post(f"/feedback/calibration/{s.pk}/", {"action": "view", "view": "复述标准应写清楚"})
    assert CalibrationGuest.objects.get().view == "复述标准应写清楚"
    assert "复述标准应写清楚" in mgr.get(f"/feedback/calibration/{s.pk}/").content.decode()


def test_a_not_excellent_agent_cannot_be_invited_nor_act(personas, cal, login):
    s, _ = cal
    mgr = login(personas.manager)
    r = mgr.post(f"/feedback/calibration/{s.pk}/", {"action": "invite", "agents": [personas.peer.pk]})
    assert r.status_code == 302 and not CalibrationGuest.objects.exists()
    r = mgr.post(f"/feedback/calibration/{s.pk}/", {"action": "invite", "agents": ["x"]}, follow=True)
    assert r.status_code == 200 and "agents" in r.content.decode() and not CalibrationGuest.objects.exists()
    assert login(personas.peer).get(f"/feedback/calibration/{s.pk}/").status_code == 404
    assert login(personas.outsider).get(f"/feedback/calibration/{s.pk}/").status_code == 404
    assert (
        login(personas.agent)
        .post(f"/feedback/calibration/{s.pk}/", {"action": "invite", "agents": [personas.agent.pk]})
        .status_code
        == 404
    )
    assert (
        login(personas.monitor).post(f"/feedback/calibration/{s.pk}/", {"action": "close"}).status_code == 403
    )
