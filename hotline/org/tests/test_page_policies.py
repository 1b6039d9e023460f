"""``/org/settings/``: the settings overview — each role sees the kinds and centers it may read."""

import pytest

from hotline.workforce.services.policies import intraday_thresholds_save

URL = "/org/settings/"
pytestmark = pytest.mark.clock("2026-11-10T10:00")


def kinds(resp) -> list[tuple[str, str]]:
    return [(r["kind"], r["center"].code) for r in resp.context["rows"]]


def test_a_manager_sees_every_kind_of_their_center_with_the_version_in_force(personas, login):
    intraday_thresholds_save(center=personas.center, volume_over=0.3, staff_under=0.1)
    resp = login(personas.manager).get(URL)
    assert resp.status_code == 200
    assert sorted(kinds(resp)) == sorted(
        (k, "langfang")
        for k in (
            "appraisal_rules",
            "drills",
            "escalation",
            "feedback",
            "holidays",
            "intraday",
            "kpi_settings",
            "kpi_target",
            "leave",
            "quality",
            "risk",
            "rule_pack",
        )
    )
    page = resp.content.decode()
    assert "0.3" in page and "2026-11-10" in page and "/workforce/settings/thresholds/" in page
    assert "实时监听平均分" in page and "：live" not in page and "{}" not in page  # labels, no raw keys/dicts


def test_a_planner_sees_the_thresholds_only_and_others_are_refused(personas, login):
    assert kinds(login(personas.planner).get(URL)) == [
        ("drills", "langfang"),
        ("escalation", "langfang"),
        ("holidays", "langfang"),
        ("intraday", "langfang"),
        ("leave", "langfang"),
    ]
    assert kinds(login(personas.outsider).get(URL))[0][1] == "huangdao"  # never the other center
    for who in (personas.agent, personas.leader, personas.monitor, personas.trainer):
        assert login(who).get(URL).status_code == 403


def test_an_administrator_sees_every_center_and_english_readers_read_english(personas, login):
    client = login(personas.admin)
    assert {c for _, c in kinds(client.get(URL))} == {"langfang", "huangdao"}
    client.cookies["django_language"] = "en"
    page = client.get(URL).content.decode()
    assert "Settings overview" in page and "设置总览" not in page
