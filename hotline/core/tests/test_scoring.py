"""§3.5–3.6 scorecards and scores: known answers."""

import pytest

from hotline.core.scoring import (
    DEFAULT_FORM,
    FIVE_METHODS_FORM,
    Answer,
    AnswerType,
    CommentRule,
    EvaluationInvalid,
    Form,
    Item,
    Section,
    monthly_score,
    score_evaluation,
    session_score,
    validate_evaluation,
    validate_feedback,
)

CRITICAL = "attitude.02"


def all_yes(form=DEFAULT_FORM, **over):
    answers = {
        i.key: (Answer.yes() if i.answer_type == AnswerType.YES_NO else Answer.scale(i.scale_max))
        for i in form.items
    }
    answers.update(over)
    return answers


def test_default_form_totals_100_points_in_the_regime_sections():
    assert DEFAULT_FORM.total_points == 100
    assert [(s.title, len(s.items), s.items[0].points) for s in DEFAULT_FORM.sections] == [
        ("礼貌规范用语", 13, 3),
        ("服务态度", 4, 6),
        ("业务技巧和服务能力", 7, 4),
        ("投诉", 2, 4.5),
    ]


def test_only_the_forbidden_language_item_is_critical_and_it_cannot_be_na():
    crit = [i for i in DEFAULT_FORM.items if i.critical]
    assert [i.text for i in crit] == ["无服务禁用语、挑逗、讽刺、挖苦和谩骂"]
    assert not crit[0].na_allowed


def test_five_methods_form_is_five_scales_of_twenty_points():
    assert FIVE_METHODS_FORM.total_points == 100
    assert [i.text for i in FIVE_METHODS_FORM.items] == [
        "客户问题解决",
        "解决效率",
        "是否规范",
        "服务态度",
        "客户满意",
    ]
    assert all(i.answer_type == AnswerType.SCALE and i.scale_max == 20 for i in FIVE_METHODS_FORM.items)


def test_forms_round_trip_through_plain_data():
    for form in (DEFAULT_FORM, FIVE_METHODS_FORM):
        assert Form.from_dict(form.as_dict()) == form


def test_all_yes_scores_100():
    assert score_evaluation(DEFAULT_FORM, all_yes()).score == 100


def test_a_failed_courtesy_item_costs_its_three_points():
    s = score_evaluation(DEFAULT_FORM, all_yes(**{"courtesy.01": Answer.no()}))
    assert s.score == pytest.approx(97)
    assert s.failed_items == ("courtesy.01",)


def test_na_items_leave_both_achieved_and_possible_points():
    # two 3-point items N.A. and one 4.5-point item failed: 100-6 possible, 94-4.5 achieved
    ans = all_yes(**{"courtesy.08": Answer.not_applicable(), "courtesy.09": Answer.not_applicable()})
    ans["complaints.01"] = Answer.no()
    s = score_evaluation(DEFAULT_FORM, ans)
    assert (s.achieved, s.possible) == (89.5, 94)
    assert s.score == pytest.approx(89.5 / 94 * 100)  # 95.21…


def test_a_failed_critical_item_sets_the_evaluation_to_zero_but_keeps_the_raw_score():
    s = score_evaluation(DEFAULT_FORM, all_yes(**{CRITICAL: Answer.no("骂了客户")}))
    assert s.score == 0
    assert s.raw == pytest.approx(94)
    assert s.critical_failed == (CRITICAL,)


def test_scale_items_earn_points_in_proportion():
    ans = all_yes(FIVE_METHODS_FORM, **{"methods.01": Answer.scale(15), "methods.05": Answer.scale(0)})
    assert score_evaluation(FIVE_METHODS_FORM, ans).score == pytest.approx(75)


def test_scale_items_are_normalised_to_100_on_a_small_form():
    form = Form(
        "f",
        1,
        "t",
        (
            Section(
                "s",
                "s",
                (
                    Item("a", "A", 10, AnswerType.SCALE, scale_max=4),
                    Item("b", "B", 5),
                    Item("c", "C", 5, na_allowed=True),
                ),
            ),
        ),
    )
    s = score_evaluation(form, {"a": Answer.scale(3), "b": Answer.no(), "c": Answer.not_applicable()})
    assert (s.achieved, s.possible) == (7.5, 15)
    assert s.score == pytest.approx(50)


def test_a_failed_critical_scale_item_is_one_below_its_maximum():
    form = Form(
        "f",
        1,
        "t",
        (
            Section(
                "s",
                "s",
                (Item("a", "A", 10, AnswerType.SCALE, scale_max=5, critical=True), Item("b", "B", 90)),
            ),
        ),
    )
    assert score_evaluation(form, {"a": Answer.scale(4), "b": Answer.yes()}).score == 0
    assert score_evaluation(form, {"a": Answer.scale(5), "b": Answer.no()}).score == 10


def test_validation_names_each_missing_item_and_the_missing_feedback():
    ans = all_yes()
    del ans["courtesy.01"], ans["skills.07"]
    problems = validate_evaluation(DEFAULT_FORM, ans, strengths=["  "], improvements=[])
    assert [(p.code, p.item) for p in problems] == [
        ("missing", "courtesy.01"),
        ("missing", "skills.07"),
        ("no_strength", ""),
        ("no_improvement", ""),
    ]
    assert str(problems[0]) == "按规范用语问候客户: no answer"


def test_a_failed_critical_item_needs_a_comment():
    problems = validate_evaluation(DEFAULT_FORM, all_yes(**{CRITICAL: Answer.no()}), ["音量好"], ["语速快"])
    assert [(p.code, p.item_text) for p in problems] == [
        ("comment_required", "无服务禁用语、挑逗、讽刺、挖苦和谩骂")
    ]


def test_na_is_refused_where_the_item_does_not_allow_it():
    problems = validate_evaluation(DEFAULT_FORM, all_yes(**{CRITICAL: Answer.not_applicable()}), ["a"], ["b"])
    assert [p.code for p in problems] == ["na_not_allowed"]


def test_always_comment_items_need_a_comment_even_when_passed():
    form = Form("f", 1, "t", (Section("s", "s", (Item("a", "A", 1, comment=CommentRule.ALWAYS),)),))
    assert [p.code for p in validate_evaluation(form, {"a": Answer.yes()}, ["x"], ["y"])] == [
        "comment_required"
    ]
    assert validate_evaluation(form, {"a": Answer.yes("ok")}, ["x"], ["y"]) == []


def test_out_of_range_scale_and_unknown_items_are_reported():
    ans = all_yes(FIVE_METHODS_FORM, **{"methods.02": Answer.scale(21), "zz": Answer.yes()})
    codes = [(p.code, p.item) for p in validate_evaluation(FIVE_METHODS_FORM, ans, ["x"], ["y"])]
    assert codes == [("bad_value", "methods.02"), ("unknown_item", "zz")]


def test_scoring_refuses_invalid_answers_with_every_problem():
    ans = all_yes()
    del ans["courtesy.03"]
    with pytest.raises(EvaluationInvalid) as err:
        score_evaluation(DEFAULT_FORM, ans)
    assert "按规范用语表明本次去电目的" in str(err.value)


def test_an_all_na_evaluation_has_nothing_to_score():
    form = Form("f", 1, "t", (Section("s", "s", (Item("a", "A", 1), Item("b", "B", 1))),))
    ans = {"a": Answer.not_applicable(), "b": Answer.not_applicable()}
    with pytest.raises(EvaluationInvalid) as err:
        score_evaluation(form, ans)
    assert err.value.problems[0].code == "all_na"


def test_balanced_feedback_passes_with_one_of_each():
    assert validate_feedback(["礼貌"], ["复述订单不完整"]) == []


def test_session_score_is_the_mean_of_its_calls_including_a_critical_zero():
    assert session_score([100, 90, 0, 94]) == pytest.approx(71)
    assert session_score([]) is None


def test_monthly_score_weights_recording_and_live_sessions():
    m = monthly_score([90, 80], [70, 100])
    assert m.score == pytest.approx(0.7 * 85 + 0.3 * 85)
    m = monthly_score([90, 80], [60, 60])
    assert m.score == pytest.approx(0.7 * 85 + 0.3 * 60)  # 77.5
    assert not m.incomplete and m.short == ()


def test_monthly_weights_are_parameters():
    assert monthly_score([80], [60], w_rec=0.5, w_live=0.5).score == pytest.approx(70)


def test_a_month_without_live_sessions_is_incomplete_not_reweighted():
    m = monthly_score([90, 80], [])
    assert m.score is None and m.incomplete
    assert m.missing == ("live",)
    assert m.recording_mean == pytest.approx(85)


def test_a_month_with_one_session_of_a_kind_is_scored_but_flagged_short():
    m = monthly_score([90], [80, 70])
    assert m.score == pytest.approx(0.7 * 90 + 0.3 * 75)
    assert m.short == ("recording",)


def test_weights_that_do_not_sum_to_one_are_refused():
    with pytest.raises(ValueError):
        monthly_score([1], [1], w_rec=0.7, w_live=0.7)


def test_forms_refuse_duplicate_item_keys():
    with pytest.raises(ValueError, match="duplicate"):
        Form("f", 1, "t", (Section("s", "s", (Item("a", "A", 1), Item("a", "B", 1))),))


def test_the_remainder_of_the_monthly_score_is_a_center_setting():
    from hotline.core.scoring import monthly_score

    live = monthly_score([80, 90], [100, 100])
    assert live.score == pytest.approx(0.7 * 85 + 0.3 * 100) and live.remainder_value == 100
    insp = monthly_score([80, 90], [100], remainder="inspection", remainder_value=60)
    assert insp.score == pytest.approx(0.7 * 85 + 0.3 * 60) and insp.live_mean == 100  # live beside it
    assert insp.short == ("live",)
    sat = monthly_score([80, 90], [], remainder="satisfaction", remainder_value=None)
    assert sat.score is None and sat.missing == ("satisfaction",)  # never re-weighted
    none = monthly_score([80, 90], [], remainder="none")
    assert none.score == pytest.approx(85) and none.missing == () and none.live_mean is None
    assert monthly_score([], [100], remainder="none").missing == ("recording",)
    with pytest.raises(ValueError):
        monthly_score([80], [90], remainder="bonus")


def test_critical_failed_so_far_counts_only_answered_critical_items():
    from hotline.core.scoring import DEFAULT_FORM, Answer, critical_failed_so_far

    crit = next(i.key for i in DEFAULT_FORM.items if i.critical)
    other = next(i.key for i in DEFAULT_FORM.items if not i.critical)
    assert critical_failed_so_far(DEFAULT_FORM, {}) == ()
    assert critical_failed_so_far(DEFAULT_FORM, {other: Answer.no()}) == ()
    assert critical_failed_so_far(DEFAULT_FORM, {crit: Answer.yes()}) == ()
    assert critical_failed_so_far(DEFAULT_FORM, {crit: Answer.no("辱骂"), other: Answer.no()}) == (crit,)
    assert critical_failed_so_far(DEFAULT_FORM, {crit: Answer("bad")}) == ()
