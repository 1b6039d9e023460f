"""The home page: what each role sees first."""

from django.urls import reverse


def test_a_manager_sees_the_centers_people_by_role(personas, login):
    counts = login(personas.manager).get(reverse("home")).context["people_counts"]
    assert counts["座席员"] == 3 and "冯经理" not in str(counts)


def test_an_agent_sees_no_head_counts_and_only_their_own_calls(personas, login):
    from hotline.calls.tests.helpers import make_call

    make_call(personas.agent, "mine", with_audio=False)
    make_call(personas.peer, "theirs", with_audio=False)
    r = login(personas.agent).get(reverse("home"))  # the agent's own home (issue 13): no head counts
    assert r.status_code == 200 and not r.context.get("people_counts")
    assert "theirs" not in r.content.decode() and "李四" not in r.content.decode()


def test_the_home_page_needs_a_login(client):
    assert client.get(reverse("home")).status_code == 302
