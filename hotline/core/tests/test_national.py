"""Sums of the national report (§7): month-on-month change, survey answers, item shares, themes."""

import pytest

from hotline.core.national import AnswerError, change, group_suggestions, item_shares, read_answer


def test_counts_change_relatively_and_rates_in_points():
    assert change(110, 100) == pytest.approx(0.10)
    assert change(0.068, 0.07, rate=True) == pytest.approx(-0.002)
    assert change(5, 0) is None and change(None, 3) is None


@pytest.mark.parametrize(
    ("text", "want"),
    [("5", (5, True)), ("4.0", (4, True)), ("3", (3, False)), ("满意", (5, True)), ("否", (1, False)),
     ("", None), (" 不适用 ", None)],
)  # fmt: skip
def test_a_cell_reads_as_a_score_on_the_scale(text, want):
    assert read_answer(text, scale_max=5, satisfied_from=4) == want


@pytest.mark.parametrize(("text", "code"), [("6", "out_of_scale"), ("0", "out_of_scale"), ("4.5", "not_a_score"),
                                            ("nan", "not_a_score"), ("很好", "not_a_score"), ("1e400", "not_a_score")])  # fmt: skip
def test_anything_else_is_refused_with_a_reason(text, code):
    with pytest.raises(AnswerError) as exc:
        read_answer(text, scale_max=5, satisfied_from=4)
    assert exc.value.code == code


def test_each_item_has_its_share_and_its_own_sample_size():
    got = item_shares(["q1", "q2", "q3"], [("q1", True), ("q1", False), ("q2", True), ("zz", True)])
    assert [(s.item, s.n, s.satisfied, s.share) for s in got] == [
        ("q1", 2, 1, 0.5), ("q2", 1, 1, 1.0), ("q3", 0, 0, None)]  # fmt: skip


def test_suggestions_group_by_theme_largest_first_unclassified_last():
    rows = [("语音导航", "太繁琐"), ("", "其他"), ("处理时效", "太慢"), ("处理时效", "太慢"), ("语音导航", "  "),
            ("语音导航", "找不到人工"), ("", "再一条"), ("", "第三条")]  # fmt: skip
    got = group_suggestions(rows)
    assert [(g.theme, g.count) for g in got] == [("处理时效", 2), ("语音导航", 2), ("", 3)]  # ties by pinyin
    assert got[0].examples == ("太慢",)
