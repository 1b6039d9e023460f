"""The people pages (§1): sorted by pinyin, scoped by role."""

from django.urls import reverse

URL = reverse("org:people")


def test_a_manager_lists_the_center_sorted_by_pinyin(personas, login):
    names = [p.name for p in login(personas.manager).get(URL, {"role": "agent"}).context["page"]]
    assert names == ["李四", "王五", "张三"]  # li < wang < zhang


def test_a_team_leader_lists_only_the_team(personas, login):
    names = {p.name for p in login(personas.leader).get(URL).context["page"]}
    assert names == {"张三", "李四", "赵组长"}


def test_an_agent_may_not_list_people(personas, login):
    assert login(personas.agent).get(URL).status_code == 403


def test_another_centers_person_is_not_found(personas, login):
    c = login(personas.manager)
    assert c.get(reverse("org:person", args=[personas.other_agent.pk])).status_code == 404
    assert c.get(reverse("org:person", args=[personas.agent.pk])).status_code == 200


def test_an_agent_opens_only_their_own_person_page(personas, login):
    c = login(personas.agent)
    assert c.get(reverse("org:person", args=[personas.agent.pk])).status_code == 200
    assert c.get(reverse("org:person", args=[personas.peer.pk])).status_code == 404
