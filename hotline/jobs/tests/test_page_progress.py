"""The progress endpoint of a job: who may follow it (the kind's roles in its center, the person who
started it, administrators) and what it says (status and a message in the reader's language)."""

from __future__ import annotations

import pytest

from hotline.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(personas):
    return Job.objects.create(
        kind="inspection.run", scope="center=x", center=personas.center, status=Job.Status.RUNNING, done=3,
        total=12, message_key="calls", message_params={"done": 3, "total": 12},
    )  # fmt: skip


def test_a_manager_of_the_center_follows_the_job(client, login, personas, job):
    login(personas.manager)
    r = client.get(f"/jobs/{job.pk}/progress")
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    data = r.json()
    assert (data["status"], data["done"], data["total"], data["percent"], data["finished"]) == (
        "running", 3, 12, 25, False)  # fmt: skip
    assert data["message"] == "已质检 3 / 12 个通话" and data["status_label"] == "进行中"


def test_a_raw_key_or_broken_parameters_never_reach_the_reader(client, login, personas, job):
    login(personas.manager)
    Job.objects.filter(pk=job.pk).update(message_key="no-such-key", message_params={"x": 1})
    assert client.get(f"/jobs/{job.pk}/progress").json()["message"] == ""
    Job.objects.filter(pk=job.pk).update(message_key="calls", message_params={"done": 3})
    message = client.get(f"/jobs/{job.pk}/progress").json()["message"]
    assert "%(" not in message and "calls" not in message


@pytest.mark.parametrize("who", ["agent", "leader", "planner", "outsider", "other_agent"])
def test_a_wrong_role_or_another_center_is_refused(client, login, personas, job, who):
    login(getattr(personas, who))
    assert client.get(f"/jobs/{job.pk}/progress").status_code == 404


def test_an_administrator_and_the_starter_follow_any_job(client, login, personas, job):
    login(personas.admin)
    assert client.get(f"/jobs/{job.pk}/progress").status_code == 200
    mine = Job.objects.create(kind="inspection.run", scope="y", created_by=personas.agent.user)
    login(personas.agent)
    assert client.get(f"/jobs/{mine.pk}/progress").status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, job):
    r = client.get(f"/jobs/{job.pk}/progress")
    assert r.status_code == 302 and "/login/" in r["Location"]


@pytest.mark.parametrize("pk", ["999999", "abc", "-1", "1" * 40])
def test_unknown_or_malformed_ids_are_a_404(client, login, personas, pk):
    login(personas.manager)
    assert client.get(f"/jobs/{pk}/progress").status_code == 404


def test_the_endpoint_only_answers_get(client, login, personas, job):
    login(personas.manager)
    assert client.post(f"/jobs/{job.pk}/progress").status_code == 405
