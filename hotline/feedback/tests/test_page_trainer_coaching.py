"""The trainer's page (issue 13): a coaching session planned by hand beside trainings, the completion
of the plan, and the agents' results in the half-months after it. Wrong roles and centers refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hotline.feedback.models import TrainingEntry

from .helpers import NON_CRITICAL, submitted_session

URL = reverse("feedback:training")
pytestmark = pytest.mark.clock("2026-11-03T10:00")


def _post(p, **change):
    data = {"kind": "coaching", "topic": "一对一：复述订单", "agents": [p.agent.pk], "due_date": "2026-11-12",
            "calls": "", "item_key": NON_CRITICAL[0]}  # fmt: skip
    data.update(change)
    return data


def test_a_trainer_plans_a_coaching_session_and_sees_completion_and_results(personas, login):
    c = login(personas.trainer)
    assert 'name="kind"' in c.get(URL).content.decode()
    r = c.post(URL, _post(personas))
    e = TrainingEntry.objects.get()
    assert r.status_code == 302 and e.kind == "coaching" and e.trainer == personas.trainer
    submitted_session(personas.agent, personas.monitor, failed=NON_CRITICAL[:1], day=dt.date(2026, 11, 5),
                      period="2026-11-H1")  # fmt: skip
    submitted_session(personas.agent, personas.monitor, day=dt.date(2026, 11, 20), period="2026-11-H2")
    listing = c.get(URL).content.decode()
    assert "辅导" in listing.split('id="training"')[1] and "已完成 0 / 1 项" in listing
    c.post(reverse("feedback:training_entry", args=[e.pk]), {"trainer": personas.trainer.pk,
                                                             "due_date": "2026-11-12", "done": "on"})  # fmt: skip
    assert "已完成 1 / 1 项" in c.get(URL).content.decode()
    page = c.get(reverse("feedback:training_entry", args=[e.pk])).content.decode()
    assert "辅导" in page.split('id="completion"')[1].split("</p>")[0]
    scores = page.split('id="scores-after"')[1].split("</table>")[0]
    assert "2026年11月</th>" in scores and "张三" in scores
    assert "98.5" in scores  # the month of the plan: 97 (one item of 3 points lost) and 100


def test_an_unknown_kind_is_refused_in_chinese(personas, login):
    c = login(personas.trainer)
    r = c.post(URL, _post(personas, kind="seminar"), follow=True)
    assert "请选择培训形式" in r.content.decode() and not TrainingEntry.objects.exists()


def test_the_wrong_role_and_another_center_are_refused(personas, login):
    login(personas.trainer).post(URL, _post(personas))
    e = TrainingEntry.objects.get()
    assert login(personas.agent).post(URL, _post(personas)).status_code == 403
    assert login(personas.planner).get(URL).status_code == 403
    assert login(personas.outsider).get(reverse("feedback:training_entry", args=[e.pk])).status_code == 404
    r = login(personas.outsider).post(URL, _post(personas), follow=True)  # this center's agent
    assert "座席员不属于本中心" in r.content.decode() and TrainingEntry.objects.count() == 1
