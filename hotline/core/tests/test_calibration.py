"""Agreement statistics of SPEC §4 against known answers and the reference libraries."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hotline.core import calibration as cal

# Shrout & Fleiss (1979), Table 2: 6 targets × 4 judges; ICC(2,1) = 0.29.
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def test_icc2_1_reproduces_the_shrout_fleiss_example():
    assert cal.icc2_1(cal.Ratings.from_matrix(SHROUT_FLEISS)) == pytest.approx(0.28976, abs=1e-5)


def test_icc2_1_uses_only_the_units_every_rater_scored():
    with_gaps = [*SHROUT_FLEISS, [1, None, 9, 3], [None, None, None, 4]]
    assert cal.icc2_1(cal.Ratings.from_matrix(with_gaps)) == pytest.approx(0.28976, abs=1e-5)


def test_icc2_1_is_undefined_with_fewer_than_two_complete_units_or_no_variance():
    assert cal.icc2_1(cal.Ratings.from_matrix([[1, 2], [3, None]])) is None
    assert cal.icc2_1(cal.Ratings.from_matrix([[5, 5], [5, 5]])) is None
    assert cal.icc2_1(cal.Ratings.from_matrix([[1], [2], [3]])) is None


def test_perfect_agreement_gives_icc_and_alpha_of_one():
    r = cal.Ratings.from_matrix([[1, 1, 1], [4, 4, 4], [2, 2, 2]])
    assert cal.icc2_1(r) == pytest.approx(1.0)
    assert cal.alpha_interval(r) == pytest.approx(1.0)
    assert cal.alpha_nominal(r) == pytest.approx(1.0)


def test_alpha_is_undefined_when_all_values_are_identical_or_nothing_is_pairable():
    assert cal.alpha_interval(cal.Ratings.from_matrix([[3, 3], [3, 3, ]])) is None  # fmt: skip
    assert cal.alpha_nominal(cal.Ratings.from_matrix([[3, 3], [3, 3]])) is None
    single = cal.Ratings.from_matrix([[1, None], [None, 5], [2, None]])  # no unit has two ratings
    assert cal.alpha_interval(single) is None
    assert cal.alpha_nominal(single) is None


def test_a_unit_with_one_rating_does_not_change_alpha():
    base = [[1, 2, 1], [4, 5, 4], [2, 2, 3]]
    a = cal.alpha_interval(cal.Ratings.from_matrix(base))
    b = cal.alpha_interval(cal.Ratings.from_matrix([*base, [None, 100, None]]))
    assert a == pytest.approx(b)


def test_alpha_matches_the_krippendorff_textbook_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 observers × 12 units.
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units_by_raters = [list(col) for col in zip(*data, strict=True)]
    r = cal.Ratings.from_matrix(units_by_raters)
    assert cal.alpha_nominal(r) == pytest.approx(0.743, abs=5e-4)
    assert cal.alpha_interval(r) == pytest.approx(0.849, abs=5e-4)


def _reference(matrix: np.ndarray, level: str) -> float | None:
    try:
        value = krippendorff.alpha(reliability_data=matrix.T, level_of_measurement=level)
    except ValueError:  # the package refuses a domain of one value
        return None
    return None if math.isnan(value) else float(value)


_matrix = st.integers(2, 12).flatmap(
    lambda units: st.integers(2, 6).flatmap(
        lambda raters: st.lists(
            st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=raters, max_size=raters),
            min_size=units,
            max_size=units,
        )
    )
)


@settings(max_examples=120, deadline=None)
@given(rows=_matrix)
def test_alpha_agrees_with_the_krippendorff_package_on_random_data(rows):
    r = cal.Ratings.from_matrix(rows)
    pairable = cal._pairable(r.matrix)
    assume(pairable and len(set(np.concatenate(pairable).tolist())) > 1)
    m = r.matrix
    assert cal.alpha_interval(r) == pytest.approx(_reference(m, "interval"), abs=1e-9)
    assert cal.alpha_nominal(r) == pytest.approx(_reference(m, "nominal"), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(rows=_matrix, scale=st.sampled_from([1.0, 0.5, 10.0]))
def test_interval_alpha_agrees_with_the_package_on_fractional_scores(rows, scale):
    r = cal.Ratings.from_matrix([[None if v is None else v * scale + 60.25 for v in row] for row in rows])
    pairable = cal._pairable(r.matrix)
    assume(pairable and len(set(np.concatenate(pairable).tolist())) > 1)
    assert cal.alpha_interval(r) == pytest.approx(_reference(r.matrix, "interval"), abs=1e-9)


def test_icc2_1_agrees_with_pingouin_on_random_data():
    pg = pytest.importorskip("pingouin")
    import pandas as pd

    rng = np.random.default_rng(7)
    for _ in range(5):
        truth = rng.normal(80, 8, size=(12, 1))
        m = truth + rng.normal(0, 4, size=(12, 4)) + rng.normal(0, 2, size=(1, 4))
        m[rng.random(m.shape) < 0.1] = np.nan
        df = pd.DataFrame(
            [(i, j, m[i, j]) for i in range(m.shape[0]) for j in range(m.shape[1])], columns=["u", "r", "v"]
        )
        table = pg.intraclass_corr(df, targets="u", raters="r", ratings="v", nan_policy="omit")
        expected = float(table.loc[table["Type"].isin(["ICC2", "ICC(A,1)"]), "ICC"].iloc[0])
        assert cal.icc2_1(cal.Ratings.from_matrix(m.tolist())) == pytest.approx(expected, abs=1e-9)


def test_mean_deviation_is_each_raters_value_minus_the_unit_mean():
    r = cal.Ratings.from_ratings(
        [
            cal.Rating("c1", "wang", 90), cal.Rating("c1", "li", 80), cal.Rating("c1", "zhao", None),
            cal.Rating("c2", "wang", 70), cal.Rating("c2", "li", 73), cal.Rating("c2", "zhao", 64),
            cal.Rating("c3", "li", 50),
        ]
    )  # fmt: skip
    dev = cal.rater_deviations(r)
    # c1 mean 85, c2 mean 69, c3 mean 50 (li alone)
    assert dev["wang"].mean_deviation == pytest.approx((5 + 1) / 2)
    assert dev["li"].mean_deviation == pytest.approx((-5 + 4 + 0) / 3)
    assert dev["zhao"].mean_deviation == pytest.approx(-5.0)
    assert dev["zhao"].n == 1
    assert dev["li"].mean_abs_deviation == pytest.approx(3.0)


def test_deviation_from_an_expert_reference_skips_units_the_expert_did_not_score():
    r = cal.Ratings.from_matrix([[90, 80], [70, 75]], units=["c1", "c2"], raters=["wang", "li"])
    dev = cal.rater_deviations(r, reference={"c1": 85.0})
    assert dev["wang"].mean_deviation == pytest.approx(5.0)
    assert dev["li"].n == 1


def test_a_rater_rating_the_same_unit_twice_is_refused():
    with pytest.raises(ValueError, match="two ratings"):
        cal.Ratings.from_ratings([cal.Rating("c1", "wang", 1), cal.Rating("c1", "wang", 2)])


def test_consensus_and_spread_per_unit():
    r = cal.Ratings.from_matrix([[90, 80, None], [None, None, None]], units=["c1", "c2"])
    assert cal.consensus(r) == {"c1": 85.0, "c2": None}
    assert cal.spread(r)["c1"] == {"n": 2, "min": 80.0, "max": 90.0, "sd": 5.0}
    assert cal.spread(r)["c2"]["n"] == 0


def test_item_agreement_is_the_share_giving_the_modal_answer():
    assert cal.item_agreement(["yes", "yes", "no", None, "yes"]) == pytest.approx(3 / 4)
    assert cal.item_agreement([None]) is None


def test_certification_passes_within_tolerance_with_matching_critical_items():
    ref = {"g1": 90.0, "g2": 70.0}
    crit = {("g1", "identity"): True}
    ok = cal.certify({"g1": 95.0, "g2": 65.0}, ref, reference_critical=crit, candidate_critical=crit)
    assert ok.passed and ok.mean_abs_deviation == pytest.approx(5.0)
    too_far = cal.certify({"g1": 96.0, "g2": 65.0}, ref)
    assert not too_far.passed
    crit_miss = cal.certify(
        {"g1": 90.0, "g2": 70.0}, ref, reference_critical=crit, candidate_critical={("g1", "identity"): False}
    )
    assert not crit_miss.passed and crit_miss.critical_mismatches == (("g1", "identity"),)
    incomplete = cal.certify({"g1": 90.0}, ref)
    assert not incomplete.passed and incomplete.missing_units == ("g2",)
    assert cal.certify({"g1": 96.0, "g2": 65.0}, ref, tolerance=6).passed
