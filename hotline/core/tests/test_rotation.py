from hypothesis import given
from hypothesis import strategies as st

from hotline.core.periods import Period
from hotline.core.rotation import (
    Agent,
    agent_order,
    company_order,
    live_order,
    parse_override,
    pinyin_key,
    rotate_left,
    syllables,
)

ANCHOR = Period(2026, 1, 1)


def test_syllables_compare_one_by_one_so_li_si_comes_before_lin():
    assert pinyin_key("李四", kind="person") < pinyin_key("林", kind="person")
    assert [a.name for a in agent_order([Agent("2", "林", "x"), Agent("1", "李四", "x")])] == ["李四", "林"]


def test_place_name_polyphones_read_chang_sha_before_chong_qing():
    assert syllables("长沙有限公司")[:2] == ("chang", "sha")
    assert syllables("重庆分公司")[:2] == ("chong", "qing")
    assert company_order(["重庆公司", "长沙公司", "北京公司"]) == ("北京公司", "长沙公司", "重庆公司")


def test_county_names_pypinyin_misreads_are_corrected():
    assert syllables("单县有限公司")[:2] == ("shan", "xian")
    assert syllables("长治")[0] == "chang"
    assert syllables("洪洞县")[:2] == ("hong", "tong")
    assert syllables("漯河有限公司")[:2] == ("luo", "he")
    assert syllables("都匀有限公司")[:2] == ("du", "yun")
    assert syllables("长洲")[0] == "chang"


def test_a_chang_place_after_shi_is_not_read_as_the_mayor():
    assert syllables("长沙市长安有限公司")[:5] == ("chang", "sha", "shi", "chang", "an")


def test_surnames_are_read_as_surnames_for_people_only():
    assert syllables("曾小明", kind="person")[0] == "zeng"
    assert syllables("单田芳", kind="person")[0] == "shan"
    assert syllables("单田芳", kind="place")[0] == "dan"


def test_an_override_wins_and_accepts_apostrophes_tones_and_capitals():
    assert parse_override("Shan'xian") == ("shan", "xian")
    assert parse_override("shan4 xian4") == ("shan", "xian")
    assert syllables("单县", "shan xian") == ("shan", "xian")
    assert company_order(["单县", "邓州"], overrides={"单县": "shan xian"}) == ("邓州", "单县")
    assert company_order(["单县", "邓州"], overrides={"单县": "dan xian"}) == ("单县", "邓州")


def test_the_same_syllables_fall_back_to_the_name_itself():
    assert pinyin_key("张伟", kind="person") < pinyin_key("章伟", kind="person")  # 张 U+5F20 < 章 U+7AE0


def test_rotating_left_sends_the_first_to_the_end_and_negative_k_rotates_right():
    assert rotate_left("abcd", 1) == ("b", "c", "d", "a")
    assert rotate_left("abcd", -1) == ("d", "a", "b", "c")
    assert rotate_left("abcd", 6) == ("c", "d", "a", "b")
    assert rotate_left("", 3) == ()


@given(st.lists(st.integers(), max_size=12), st.integers(-50, 50))
def test_rotation_identities_hold(items, k):
    n = len(items)
    if n:
        once = rotate_left(items, 1)
        assert once[-1] == items[0]
        assert n == 1 or once[0] == items[1]
        assert rotate_left(items, n) == tuple(items)
    assert rotate_left(rotate_left(items, k), -k) == tuple(items)
    assert rotate_left(rotate_left(items, k), 1) == rotate_left(items, k + 1)


AGENTS = [
    Agent("11", "王芳", "长沙公司"), Agent("12", "李四", "长沙公司"), Agent("13", "林", "长沙公司"),
    Agent("21", "曾小明", "重庆公司"), Agent("22", "陈静", "重庆公司"),
    Agent("31", "赵六", "北京公司"),
]  # fmt: skip


def test_at_the_anchor_companies_and_agents_are_in_plain_pinyin_order():
    order = live_order(AGENTS, ANCHOR, ANCHOR)
    assert order.companies == ("北京公司", "长沙公司", "重庆公司")
    assert order.work_numbers == ("31", "12", "13", "11", "22", "21")


def test_companies_turn_every_half_month_and_agents_every_month():
    h2 = live_order(AGENTS, ANCHOR.next(), ANCHOR)  # same month: agents unchanged
    assert h2.companies == ("长沙公司", "重庆公司", "北京公司")
    assert h2.work_numbers == ("12", "13", "11", "22", "21", "31")
    feb = live_order(AGENTS, Period(2026, 2, 1), ANCHOR)  # k = 2, m = 1
    assert feb.companies == ("重庆公司", "北京公司", "长沙公司")
    assert feb.work_numbers == ("21", "22", "31", "13", "11", "12")


def test_periods_before_the_anchor_rotate_the_other_way():
    before = live_order(AGENTS, ANCHOR.previous(), ANCHOR)  # k = -1, m = -1
    assert before.companies == ("重庆公司", "北京公司", "长沙公司")
    assert before.work_numbers == ("21", "22", "31", "11", "12", "13")


def test_a_new_agent_does_not_reset_the_count():
    march = Period(2026, 3, 1)  # m = 2
    grown = live_order([*AGENTS, Agent("14", "阿明", "长沙公司")], march, ANCHOR)
    changsha = dict(grown.by_company)["长沙公司"]
    assert [a.name for a in changsha] == ["林", "王芳", "阿明", "李四"]  # 阿明 李四 林 王芳 turned by 2


@given(st.integers(-60, 60))
def test_the_next_period_turns_the_company_list_by_exactly_one(k):
    p = ANCHOR.shift(k)
    assert live_order(AGENTS, p.next(), ANCHOR).companies == rotate_left(
        live_order(AGENTS, p, ANCHOR).companies, 1
    )
