"""The rule-pack editor (§8, issue 14 item 7): versions through the policy mechanism, no raw JSON,
the past judged by the pack of its day; wrong roles and other centers refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hotline.calls.tests.helpers import SH
from hotline.inspection.models import RulePack
from hotline.inspection.services import call_inspect
from hotline.inspection.services_rules import rule_pack_for, rule_pack_raw, rules_in_force
from hotline.inspection.views_rules import PackForm

from .helpers import inspected_call

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-10-05T09:00")]
URL = reverse("inspection:rules")
RUDE = [{"speaker": "agent", "start": 0.5, "end": 2.0, "text": "您好，很高兴为您服务"},
        {"speaker": "customer", "start": 2.5, "end": 4.0, "text": "我要投诉"},
        {"speaker": "agent", "start": 4.5, "end": 6.0, "text": "随你的便吧"}]  # fmt: skip


def _data(center, **changes) -> dict:
    """What the browser posts for the page as shown, with ``changes`` (None removes a field)."""
    rules = rule_pack_raw(rule_pack_for(center, dt.date(2026, 10, 5)))
    form = PackForm(rules=rules, initial={"effective_from": "2026-10-05"})
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = (
            "" if value is None else field.prepare_value(value) if hasattr(field, "prepare_value") else value
        )
    data["effective_from"] = "2026-10-05"
    for k, v in changes.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    return data


def _index(key: str) -> int:
    from hotline.core.inspection.rulepack import RAW_RULES

    return next(i for i, r in enumerate(RAW_RULES) if r["key"] == key)


def test_the_page_shows_the_default_pack_in_words_not_json(personas, login):
    page = login(personas.manager).get(URL).content.decode()
    assert "系统默认规则包" in page and "开头问候" in page and "服务禁用语" in page
    assert "坐席（第一轮发言的开头 3 句）说到：您好、你好" in page
    assert '{"role"' not in page and "'role'" not in page


def test_a_manager_edits_disables_and_adds_rules_as_a_new_version_from_a_day(personas, login):
    g, f = _index("greeting"), _index("farewell")
    data = _data(personas.center, **{
        f"r{f}-enabled": None,  # farewell off
        f"r{g}-or0-phrase": "您好\n欢迎致电幸福热线",
        "new-title": "不得说随你的便", "new-mode": "forbid", "new-weight": "3", "new-role": "agent",
        "new-match": "phrase", "new-words": "随你的便、随便你", "new-item": "attitude.02",
        "note": "增加禁用语",
    })  # fmt: skip
    r = login(personas.manager).post(URL, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    pack = RulePack.objects.get(center=personas.center)
    assert pack.effective_from == dt.date(2026, 10, 5) and pack.note == "增加禁用语"
    keys = [x.key for x in rules_in_force(personas.center, dt.date(2026, 10, 8))]
    assert "farewell" not in keys and "custom_1" in keys
    greeting = next(x for x in rules_in_force(personas.center, dt.date(2026, 10, 8)) if x.key == "greeting")
    assert greeting.when["or"][0]["phrase"] == ["您好", "欢迎致电幸福热线"]
    assert greeting.when["or"][0]["position"] == {"first_turn": 3}  # untouched values stay
    # the past keeps the pack of its day
    assert "farewell" in [x.key for x in rules_in_force(personas.center, dt.date(2026, 10, 4))]
    # a call of a later day is judged by the new pack
    res = call_inspect(call=inspected_call(personas.agent, "RP1", transcript=RUDE))
    by_key = {x["key"]: x for x in res.rules}
    assert (
        by_key["custom_1"]["status"] == "fail" and by_key["custom_1"]["evidence"][0]["text"] == "随你的便吧"
    )
    assert "farewell" not in by_key
    from hotline.org.models import AuditEntry

    assert AuditEntry.objects.filter(action="inspection.rule_pack.create").exists()


def test_a_second_save_the_same_day_starts_the_next_day(personas, login):
    c = login(personas.manager)
    assert c.post(URL, _data(personas.center)).status_code == 302
    page = c.get(URL).content.decode()
    assert 'value="2026-10-06"' in page
    data = _data(personas.center, effective_from="2026-10-05")
    r = c.post(URL, data)
    assert r.status_code == 200 and "新版本须晚于现有的所有版本" in r.content.decode()
    assert RulePack.objects.count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"new-title": "x", "new-match": "regex", "new-regex": "(unclosed"}, "正则表达式有误"),
        ({"new-title": "x", "new-match": "phrase", "new-words": ""}, "请至少填写一个词语"),
        ({"r0-weight": "nan"}, ""),
        ({"r0-weight": "1e999"}, ""),
        ({"r0-weight": "-1"}, ""),
        ({"r0-or0-phrase": "长" * 41}, "词太长"),
        ({"r0-or0-n": "9999"}, ""),
        ({"r0-mode": "explode"}, ""),
        ({"effective_from": "2026-10-01"}, "生效日期不能早于今天"),
        ({"effective_from": "not-a-date"}, ""),
    ],
)
def test_bad_values_are_refused_on_the_page_and_nothing_is_saved(personas, login, changes, message):
    r = login(personas.manager).post(URL, _data(personas.center, **changes))
    assert r.status_code == 200
    assert (
        message in r.content.decode()
        and "规则包未保存" in r.content.decode()
        or message in r.content.decode()
    )
    assert not RulePack.objects.exists()


def test_a_qa_monitor_reads_the_pack_but_cannot_save(personas, login):
    c = login(personas.monitor)
    page = c.get(URL).content.decode()
    assert "开头问候" in page and "disabled" in page and "保存为新版本" not in page
    assert c.post(URL, _data(personas.center)).status_code == 403
    assert not RulePack.objects.exists()


@pytest.mark.parametrize("who", ["agent", "leader", "planner", "trainer"])
def test_other_roles_are_refused(personas, login, who):
    c = login(getattr(personas, who))
    assert c.get(URL).status_code == 403
    assert c.post(URL, _data(personas.center)).status_code == 403


def test_another_centers_manager_cannot_read_or_write_this_centers_pack(personas, login):
    c = login(personas.outsider)
    assert c.get(f"{URL}?center={personas.center.pk}").status_code == 403
    assert c.post(f"{URL}?center={personas.center.pk}", _data(personas.center)).status_code == 403
    assert c.get(URL).status_code == 200  # their own center's
    assert not RulePack.objects.filter(center=personas.center).exists()


def test_a_hostile_center_parameter_is_a_400(personas, login):
    assert login(personas.manager).get(f"{URL}?center=1%20OR%201=1").status_code == 400


def test_an_administrator_picks_the_center_and_the_settings_overview_lists_the_kind(personas, login):
    c = login(personas.admin)
    page = c.get(f"{URL}?center={personas.other_center.pk}").content.decode()
    assert personas.other_center.name in page and "<select" in page
    assert c.post(f"{URL}?center={personas.other_center.pk}", _data(personas.other_center)).status_code == 302
    assert RulePack.objects.get().center == personas.other_center
    overview = c.get(reverse("org:policies")).content.decode()
    assert "质检规则包" in overview


def test_english_readers_see_the_conditions_in_english(personas, login, settings):
    c = login(personas.manager)
    page = c.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Greets the customer" in page or "courtesy.01" in page


def test_the_call_day_decides_the_pack(personas):
    from hotline.inspection.services_rules import rule_pack_save

    rules = rule_pack_raw(rule_pack_for(personas.center, dt.date(2026, 10, 5)))
    rules = [r for r in rules if r["key"] != "greeting"]
    rule_pack_save(center=personas.center, rules=rules, effective_from=dt.date(2026, 10, 9))
    before = call_inspect(call=inspected_call(personas.agent, "RP2", transcript=RUDE))
    assert "greeting" in {x["key"] for x in before.rules}  # 10-08: the default pack
    from hotline.calls.tests.helpers import make_call

    later = make_call(personas.agent, "RP3", start=dt.datetime(2026, 10, 9, 9, 0, tzinfo=SH))
    from hotline.inspection.services import transcript_save

    transcript_save(call=later, segments=RUDE, source="test")
    assert "greeting" not in {x["key"] for x in call_inspect(call=later).rules}


def test_a_trial_run_counts_each_rule_before_and_after_on_recent_calls_and_saves_nothing(personas, login):
    call_inspect(call=inspected_call(personas.agent, "RT1", transcript=RUDE))
    f = _index("farewell")
    data = _data(personas.center, **{
        f"r{f}-enabled": None, "preview": "1",
        "new-title": "不得说随你的便", "new-mode": "forbid", "new-role": "agent", "new-match": "phrase",
        "new-words": "随你的便"})  # fmt: skip
    r = login(personas.manager).post(URL, data)
    page = r.content.decode()
    assert r.status_code == 200 and "试运行结果" in page and "最近 1 通" in page
    assert "RT1</a>：随你的便吧" in page  # the new rule fails on the call, with its evidence
    assert not RulePack.objects.exists()
    from hotline.inspection.services_rules import rule_pack_trial

    trial = rule_pack_trial(
        center=personas.center,
        rules=[
            r
            for r in rule_pack_raw(rule_pack_for(personas.center, dt.date(2026, 10, 5)))
            if r["key"] != "farewell"
        ],
        current=[],
    )
    farewell = next(x for x in trial["rows"] if x["key"] == "farewell")
    assert farewell["before"]["fail"] == 1 and farewell["after"] == {"fail": 0, "pass": 0, "na": 0}
    assert login(personas.monitor).post(URL, data).status_code == 403
