"""Issue 13.7: trainers (and managers) plan training by hand — topic, agents, due date, linked recordings;
knowledge-base articles are then linked on the entry's page. Wrong roles and other centers refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hotline.calls.tests.helpers import make_call
from hotline.core.scoring import DEFAULT_FORM
from hotline.feedback.models import TrainingEntry

URL = reverse("feedback:training")
pytestmark = pytest.mark.clock("2026-12-03T10:00")  # the entry's month is 2026-12
ITEM = DEFAULT_FORM.items[1].key


@pytest.fixture
def world(personas):
    personas.call = make_call(personas.agent, "TRAIN-1")
    personas.other_call = make_call(personas.other_agent, "OTHER-1")
    return personas


def _post(w, **change):
    data = {"topic": "投诉安抚话术", "agents": [w.agent.pk, w.peer.pk], "due_date": "2026-12-20",
            "calls": "TRAIN-1", "item_key": ITEM}  # fmt: skip
    data.update(change)
    return data


@pytest.mark.parametrize("who", ["trainer", "manager"])
def test_a_trainer_plans_training_by_hand(world, login, who):
    client = login(getattr(world, who))
    assert 'id="new-training"' in client.get(URL).content.decode()
    r = client.post(URL, _post(world))
    e = TrainingEntry.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("feedback:training_entry", args=[e.pk])
    assert e.topic == "投诉安抚话术" and e.due_date == dt.date(2026, 12, 20) and e.center == world.center
    assert set(e.agents.all()) == {world.agent, world.peer} and list(e.calls.all()) == [world.call]
    assert e.item_key == ITEM and e.period == "2026-12" and e.failure_rate is None
    listing = client.get(URL).content.decode()
    assert "投诉安抚话术" in listing and "张三" in listing
    page = client.get(r["Location"]).content.decode()
    assert "TRAIN-1" in page and reverse("calls:detail", args=[world.call.pk]) in page


def test_a_topic_only_entry_without_item_or_recordings(world, login):
    client = login(world.trainer)
    assert client.post(URL, _post(world, calls="", item_key="")).status_code == 302
    assert client.post(URL, _post(world, topic="第二个主题", calls="", item_key="")).status_code == 302
    assert TrainingEntry.objects.count() == 2


@pytest.mark.parametrize(("change", "zh", "en"), [
    ({"topic": " "}, "请填写培训主题", "Give the training a topic"),
    ({"agents": []}, "至少选择一名座席员", "Choose at least one agent"),
    ({"due_date": ""}, "请填写完成期限", "Give a due date"),
    ({"calls": "TRAIN-1 OTHER-1"}, "找不到这些录音：OTHER-1", "Recordings not found: OTHER-1"),
])  # fmt: skip
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_incomplete_or_foreign_entries_are_refused_clearly(world, login, change, zh, en, lang):
    client = login(world.trainer)
    client.cookies["django_language"] = lang
    r = client.post(URL, _post(world, **change), follow=True)
    assert r.status_code == 200 and (zh if lang == "zh-hans" else en) in r.content.decode()
    assert not TrainingEntry.objects.exists()


def test_agents_of_another_center_cannot_be_planned(world, login):
    r = login(world.trainer).post(
        URL, _post(world, agents=[world.agent.pk, world.other_agent.pk]), follow=True
    )
    assert "至少选择一名座席员" in r.content.decode() or "座席员不属于本中心" in r.content.decode()
    assert not TrainingEntry.objects.exists()


@pytest.mark.parametrize("who", ["agent", "monitor", "leader", "planner"])
def test_other_roles_cannot_plan(world, login, who):
    client = login(getattr(world, who))
    assert client.post(URL, _post(world)).status_code == 403
    assert 'id="new-training"' not in (client.get(URL).content.decode() if who != "planner" else "")
    assert not TrainingEntry.objects.exists()


def test_a_manager_of_another_center_cannot_plan_this_centers_agents_or_recordings(world, login):
    client = login(world.outsider)
    r = client.post(URL, _post(world, calls=""), follow=True)
    assert "座席员不属于本中心" in r.content.decode()
    r = client.post(URL, _post(world, agents=[world.other_agent.pk]), follow=True)
    assert "找不到这些录音：TRAIN-1" in r.content.decode()
    assert not TrainingEntry.objects.exists()
    client.post(URL, _post(world, agents=[world.other_agent.pk], calls="OTHER-1"))
    assert TrainingEntry.objects.get().center == world.other_center
    assert (
        login(world.trainer)
        .get(reverse("feedback:training_entry", args=[TrainingEntry.objects.get().pk]))
        .status_code
        == 404
    )
