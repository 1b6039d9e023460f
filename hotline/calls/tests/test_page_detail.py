"""The call page with its player, and the audio behind the access check (§2)."""

from django.urls import reverse

from hotline.calls.models import RecordingComment

from .helpers import make_call


def test_the_owner_opens_their_call_and_hears_it(personas, login):
    call = make_call(personas.agent, "a")
    c = login(personas.agent)
    assert c.get(reverse("calls:detail", args=[call.pk])).status_code == 200
    audio = c.get(reverse("calls:audio", args=[call.pk]))
    assert audio.status_code == 200 and audio["Content-Type"] == "audio/x-wav"


def test_another_agent_cannot_open_the_call_or_its_audio(personas, login):
    call = make_call(personas.agent, "a")
    c = login(personas.peer)
    assert c.get(reverse("calls:detail", args=[call.pk])).status_code == 404
    assert c.get(reverse("calls:audio", args=[call.pk])).status_code == 404


def test_a_planner_sees_volumes_but_cannot_hear_recordings(personas, login):
    call = make_call(personas.agent, "a")
    c = login(personas.planner)
    assert c.get(reverse("calls:detail", args=[call.pk])).status_code == 200
    assert c.get(reverse("calls:audio", args=[call.pk])).status_code == 404


def test_audio_answers_range_requests_for_seeking(personas, login):
    call = make_call(personas.agent, "a")
    r = login(personas.monitor).get(reverse("calls:audio", args=[call.pk]), HTTP_RANGE="bytes=100-199")
    assert r.status_code == 206 and r["Content-Range"].startswith("bytes 100-199/")
    assert len(b"".join(r.streaming_content)) == 100


def test_a_qa_monitor_leaves_a_timestamped_comment(personas, login):
    call = make_call(personas.agent, "a")
    c = login(personas.monitor)
    c.post(reverse("calls:comment", args=[call.pk]), {"at_seconds": "12.5", "text": "问候语不规范"})
    cm = RecordingComment.objects.get()
    assert cm.at_seconds == 12.5 and cm.author == personas.monitor
    assert "问候语不规范" in c.get(reverse("calls:detail", args=[call.pk])).content.decode()


def test_a_comment_position_must_be_a_real_moment_of_the_call(personas, login):
    call = make_call(personas.agent, "a")
    c = login(personas.monitor)
    for bad in ("nan", "inf", "-1", "1e999", "3e31", "abc"):
        r = c.post(reverse("calls:comment", args=[call.pk]), {"at_seconds": bad, "text": "x"})
        assert r.status_code in (302, 400), bad
    assert not RecordingComment.objects.exists()


def test_an_agent_cannot_comment(personas, login):
    call = make_call(personas.agent, "a")
    r = login(personas.agent).post(reverse("calls:comment", args=[call.pk]), {"at_seconds": "1", "text": "x"})
    assert r.status_code == 403 and not RecordingComment.objects.exists()


def test_the_import_history_is_for_managers_not_agents(personas, login):
    assert login(personas.agent).get(reverse("calls:imports")).status_code == 403
    assert login(personas.manager).get(reverse("calls:imports")).status_code == 200
