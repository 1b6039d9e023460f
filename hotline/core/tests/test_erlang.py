"""Erlang B / C / A against published and exact reference values (notes/wfm-anchors.md §2)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.core import erlang as E
from hotline.core.erlang import (
    erlang_a_metrics,
    erlang_b,
    erlang_c,
    erlang_c_many,
    erlang_c_metrics,
    required_agents_a,
    required_agents_a_many,
    required_agents_c,
    required_agents_c_many,
    scheduled_heads,
    staff,
)

# --- Erlang B and C checkpoints (§2.1 E3) -----------------------------------------------------


@pytest.mark.parametrize(
    "load, agents, blocking",
    [(2, 5, 0.0367), (10, 14, 0.0568), (5, 10, 0.0184), (123, 132, 0.03124), (48, 55, 0.03837)],
)
def test_erlang_b_matches_the_recomputed_checkpoints(load, agents, blocking):
    assert erlang_b(load, agents) == pytest.approx(blocking, abs=5e-5)


def test_erlang_c_of_123_erlangs_on_132_agents_is_the_published_value():
    assert erlang_c(123, 132) == pytest.approx(0.3211162, abs=1e-7)


def test_erlang_c_is_certain_waiting_when_agents_do_not_exceed_the_load():
    assert erlang_c(10, 10) == 1.0
    assert erlang_c(10, 3) == 1.0


# --- Erlang C, E1: 100 calls / 30 min, AHT 180 s, 20 s ----------------------------------------

E1_ROWS = [  # N, P(wait), SL(20 s), ASA s, occupancy
    (11, 0.682118, 0.389614, 122.78, 0.9091),
    (12, 0.449388, 0.640158, 40.44, 0.8333),
    (13, 0.285270, 0.795595, 17.12, 0.7692),
    (14, 0.174132, 0.888350, 7.84, 0.7143),
    (15, 0.102042, 0.941453, 3.67, 0.6667),
]


@pytest.mark.parametrize("agents, pw, sl, asa, occ", E1_ROWS)
def test_erlang_c_reproduces_the_100_call_table(agents, pw, sl, asa, occ):
    m = erlang_c_metrics(100, 1800, 180, agents, 20)
    assert m.wait_probability == pytest.approx(pw, abs=5e-7)
    assert m.service_level == pytest.approx(sl, abs=5e-7)
    assert m.asa_s == pytest.approx(asa, abs=5e-3)
    assert m.occupancy == pytest.approx(occ, abs=5e-5)
    assert m.abandon_probability == 0.0


def test_100_calls_need_14_agents_and_20_scheduled_at_30_percent_shrinkage():
    s = staff(100, 1800, 180, 20, target_sl=0.8, shrinkage=0.3)
    assert s.metrics.agents == 14
    assert s.scheduled == 20
    assert s.metrics.service_level == pytest.approx(0.8883500191794669, abs=1e-12)
    assert s.metrics.asa_s == pytest.approx(7.83593701177724, abs=1e-9)
    assert s.metrics.occupancy == pytest.approx(0.7142857, abs=1e-7)
    assert 1 - s.metrics.wait_probability == pytest.approx(0.8258681, abs=1e-7)


def test_an_occupancy_cap_of_70_percent_raises_100_calls_to_15_agents_and_22_heads():
    s = staff(100, 1800, 180, 20, target_sl=0.8, shrinkage=0.3, max_occupancy=0.7)
    assert (s.metrics.agents, s.scheduled) == (15, 22)
    assert s.metrics.service_level == pytest.approx(0.941, abs=5e-4)


# --- Erlang C, E2: 360 calls / 30 min, AHT 240 s ----------------------------------------------

E2_ROWS = [  # N, P(wait), ASA s, SL(15 s), SL(20 s), occupancy
    (52, 0.4660, 27.96, 0.6371, 0.6661, 0.9231),
    (53, 0.3765, 18.07, 0.7245, 0.7518, 0.9057),
    (54, 0.3013, 12.05, 0.7929, 0.8172, 0.8889),
    (55, 0.2387, 8.184, 0.8459, 0.8668, 0.8727),
    (56, 0.1872, 5.615, 0.8865, 0.9039, 0.8571),
]


@pytest.mark.parametrize("agents, pw, asa, sl15, sl20, occ", E2_ROWS)
def test_erlang_c_reproduces_the_360_call_table(agents, pw, asa, sl15, sl20, occ):
    m15 = erlang_c_metrics(360, 1800, 240, agents, 15)
    m20 = erlang_c_metrics(360, 1800, 240, agents, 20)
    assert m15.wait_probability == pytest.approx(pw, abs=5e-5)
    assert m15.asa_s == pytest.approx(asa, abs=5e-3 if asa < 10 else 5e-2)
    assert m15.service_level == pytest.approx(sl15, abs=5e-5)
    assert m20.service_level == pytest.approx(sl20, abs=5e-5)
    assert m15.occupancy == pytest.approx(occ, abs=5e-5)


def test_54_agents_is_the_first_to_meet_80_in_20_for_360_calls():
    assert required_agents_c(360, 1800, 240, 20, 0.8).agents == 54


# --- Erlang A, A1 and A2 ------------------------------------------------------------------------

A1_ROWS = [  # c, P(wait), P(ab), E[W] min, SL(20 s), occupancy
    (12, 0.331802, 0.042711, 0.213556, 0.772279, 0.797741),
    (13, 0.225797, 0.024963, 0.124817, 0.858178, 0.750028),
    (14, 0.145260, 0.013984, 0.069919, 0.916792, 0.704297),
    (15, 0.088547, 0.007514, 0.037572, 0.953856, 0.661657),
    (16, 0.051251, 0.003876, 0.019381, 0.975745, 0.622577),
]


@pytest.mark.parametrize("agents, pw, pab, wait_min, sl, occ", A1_ROWS)
def test_erlang_a_reproduces_the_exact_table_to_six_digits(agents, pw, pab, wait_min, sl, occ):
    m = erlang_a_metrics(100, 1800, 180, agents, 20, 300)
    assert m.wait_probability == pytest.approx(pw, abs=5e-7)
    assert m.abandon_probability == pytest.approx(pab, abs=5e-7)
    assert m.asa_s / 60 == pytest.approx(wait_min, abs=5e-7)
    assert m.service_level == pytest.approx(sl, abs=5e-7)
    assert m.occupancy == pytest.approx(occ, abs=5e-7)


@pytest.mark.parametrize(
    "agents, sl, pab, pw",
    [
        (46, 0.6586, 0.0907, 0.5348),
        (48, 0.7421, 0.0673, 0.4371),
        (50, 0.8141, 0.0480, 0.3423),
        (52, 0.8726, 0.0328, 0.2558),
        (55, 0.9346, 0.0170, 0.1501),
    ],
)
def test_erlang_a_reproduces_the_360_call_regression_rows(agents, sl, pab, pw):
    m = erlang_a_metrics(360, 1800, 240, agents, 15, 120)
    assert m.service_level == pytest.approx(sl, abs=5e-5)
    assert m.abandon_probability == pytest.approx(pab, abs=5e-5)
    assert m.wait_probability == pytest.approx(pw, abs=5e-5)


@pytest.mark.parametrize("patience", [1e6, 1e8])
def test_erlang_a_converges_to_erlang_c_as_patience_grows(patience):
    c = erlang_c_metrics(100, 1800, 180, 14, 20)
    a = erlang_a_metrics(100, 1800, 180, 14, 20, patience)
    tol = 1e4 / patience
    assert a.wait_probability == pytest.approx(c.wait_probability, abs=tol)
    assert a.service_level == pytest.approx(c.service_level, abs=tol)
    assert a.asa_s == pytest.approx(c.asa_s, abs=100 * tol)
    assert a.occupancy == pytest.approx(c.occupancy, abs=tol)
    assert a.abandon_probability < tol


def test_erlang_a_closed_form_fallback_agrees_with_the_series(monkeypatch):
    cases = [(360, 1800, 240, 40, 15, 1e3), (360, 1800, 240, 46, 15, 120), (100, 1800, 180, 14, 20, 300)]
    series = [erlang_a_metrics(*c) for c in cases]
    monkeypatch.setattr(E, "_queue_log_weights", lambda *a: None)
    for c, s in zip(cases, series, strict=True):
        f = erlang_a_metrics(*c)
        for field in ("wait_probability", "abandon_probability", "service_level", "occupancy"):
            assert getattr(f, field) == pytest.approx(getattr(s, field), abs=1e-10), field
        assert f.asa_s == pytest.approx(s.asa_s, rel=1e-10)


def test_erlang_a_with_huge_patience_in_overload_stays_finite():
    m = erlang_a_metrics(360, 1800, 240, 40, 15, 1e9)
    assert m.wait_probability == pytest.approx(1.0)
    assert m.abandon_probability == pytest.approx(1 - 40 / 48, abs=1e-9)
    assert m.service_level == pytest.approx(0.0, abs=1e-9)


# --- §2.3 staffing grid --------------------------------------------------------------------------

GRID = [  # calls, AHT, N_C, SL, ASA, occ, scheduled, N_A, SL_A, P(ab)_A
    (50, 180, 8, 0.8801, 10.04, 0.625, 12, 7, 0.8457, 0.0604),
    (100, 180, 14, 0.8884, 7.84, 0.714, 20, 12, 0.8256, 0.0616),
    (100, 240, 17, 0.8104, 16.84, 0.784, 25, 16, 0.8559, 0.0509),
    (200, 240, 32, 0.8485, 10.63, 0.833, 46, 29, 0.8400, 0.0524),
    (300, 240, 46, 0.8388, 10.63, 0.870, 66, 41, 0.8073, 0.0616),
    (360, 240, 54, 0.8172, 12.05, 0.889, 78, 49, 0.8208, 0.0571),
    (500, 300, 91, 0.8144, 12.11, 0.916, 130, 82, 0.8041, 0.0622),
    (1000, 300, 176, 0.8028, 11.81, 0.947, 252, 159, 0.8041, 0.0662),
]


@pytest.mark.parametrize("calls, aht, n_c, sl, asa, occ, sched, n_a, sl_a, pab_a", GRID)
def test_staffing_grid_for_80_in_20(calls, aht, n_c, sl, asa, occ, sched, n_a, sl_a, pab_a):
    c = staff(calls, 1800, aht, 20, target_sl=0.8, shrinkage=0.3)
    assert (c.metrics.agents, c.scheduled) == (n_c, sched)
    assert c.metrics.service_level == pytest.approx(sl, abs=5e-5)
    assert c.metrics.asa_s == pytest.approx(asa, abs=5e-3)
    assert c.metrics.occupancy == pytest.approx(occ, abs=5e-4)
    a = staff(calls, 1800, aht, 20, target_sl=0.8, patience_s=120)
    assert a.metrics.agents == n_a
    assert a.metrics.service_level == pytest.approx(sl_a, abs=5e-5)
    assert a.metrics.abandon_probability == pytest.approx(pab_a, abs=5e-5)


def test_erlang_a_staffing_can_go_below_the_load_where_pyworkforce_overstaffs():
    m = required_agents_a(1000, 1800, 300, 20, 0.8, 120)
    assert m.agents == 159 < m.load
    assert erlang_a_metrics(1000, 1800, 300, 158, 20, 120).service_level < 0.8


@pytest.mark.parametrize(
    "calls, aht, patience, target",
    [(100, 180, 300, 0.8), (40, 300, 30, 0.5), (300, 240, 60, 0.9), (3, 600, 10, 0.3)],
)
def test_searches_agree_with_brute_force_from_one_agent(calls, aht, patience, target):
    def brute(metrics):
        return next(n for n in range(1, 1000) if metrics(n).service_level >= target)

    assert required_agents_c(calls, 1800, aht, 20, target).agents == brute(
        lambda n: erlang_c_metrics(calls, 1800, aht, n, 20)
    )
    assert required_agents_a(calls, 1800, aht, 20, target, patience).agents == brute(
        lambda n: erlang_a_metrics(calls, 1800, aht, n, 20, patience)
    )


def test_an_abandonment_cap_adds_agents_in_erlang_a():
    plain = required_agents_a(1000, 1800, 300, 20, 0.8, 120)
    capped = required_agents_a(1000, 1800, 300, 20, 0.8, 120, max_abandon=0.02)
    assert capped.agents > plain.agents
    assert capped.abandon_probability <= 0.02


# --- Edge cases ----------------------------------------------------------------------------------


@pytest.mark.parametrize("patience", [None, 120.0])
def test_zero_calls_need_no_agents_and_meet_any_service_level(patience):
    s = staff(0, 1800, 180, 20, target_sl=0.95, patience_s=patience, shrinkage=0.3)
    m = s.metrics
    assert (m.agents, s.scheduled, m.service_level, m.wait_probability, m.asa_s) == (0, 0, 1.0, 0.0, 0.0)


def test_an_overloaded_erlang_c_queue_has_no_service_and_infinite_asa():
    m = erlang_c_metrics(100, 1800, 180, 10, 20)
    assert (m.service_level, m.wait_probability, m.asa_s, m.occupancy) == (0.0, 1.0, math.inf, 1.0)


def test_an_erlang_a_queue_with_no_agents_loses_every_caller_after_their_patience():
    m = erlang_a_metrics(100, 1800, 180, 0, 20, 90)
    assert (m.service_level, m.wait_probability, m.abandon_probability, m.asa_s) == (0.0, 1.0, 1.0, 90)


def test_scheduled_heads_do_not_round_up_floating_point_noise():
    assert 21 / (1 - 0.3) > 30
    assert scheduled_heads(21, 0.3) == 30
    assert scheduled_heads(14, 0.3) == 20
    assert scheduled_heads(15, 0.3) == 22
    assert scheduled_heads(7, 0.0) == 7


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(target_sl=1.0),
        dict(target_sl=0.0),
        dict(target_sl=0.8, agents=3),
        dict(),
        dict(target_sl=0.8, shrinkage=1.0),
        dict(target_sl=0.8, patience_s=0.0),
        dict(target_sl=0.8, max_occupancy=1.5),
    ],
)
def test_bad_staffing_requests_are_refused(kwargs):
    with pytest.raises(ValueError):
        staff(100, 1800, 180, 20, **kwargs)


def test_negative_traffic_is_refused():
    with pytest.raises(ValueError):
        erlang_c_metrics(-1, 1800, 180, 10, 20)
    with pytest.raises(ValueError):
        erlang_a_metrics(100, 1800, 0, 10, 20, 60)


# --- Vectorised paths ----------------------------------------------------------------------------


def _random_intervals(seed: int, size: int):
    rng = np.random.default_rng(seed)
    calls = rng.gamma(2.0, 60.0, size).round(1)
    calls[rng.random(size) < 0.1] = 0.0
    aht = rng.uniform(60, 600, size)
    return calls, aht


def test_vectorised_erlang_c_staffing_equals_the_scalar_search():
    calls, aht = _random_intervals(1, 400)
    vec = required_agents_c_many(calls, 1800, aht, 20, 0.8, max_occupancy=0.9)
    scalar = [required_agents_c(c, 1800, h, 20, 0.8, 0.9).agents for c, h in zip(calls, aht, strict=True)]
    assert vec.tolist() == scalar


def test_vectorised_erlang_c_metrics_equal_the_scalar_ones():
    calls, aht = _random_intervals(2, 200)
    agents = np.random.default_rng(3).integers(0, 80, calls.size)
    got = erlang_c_many(calls, 1800, aht, agents, 20)
    for i in range(calls.size):
        m = erlang_c_metrics(float(calls[i]), 1800, float(aht[i]), int(agents[i]), 20)
        for key, attr in [("service_level", "service_level"), ("wait_probability", "wait_probability")]:
            assert got[key][i] == pytest.approx(getattr(m, attr), abs=1e-12)
        assert got["asa_s"][i] == pytest.approx(m.asa_s, rel=1e-12) or math.isinf(m.asa_s)
        assert np.isnan(got["occupancy"][i]) == math.isnan(m.occupancy)


def test_vectorised_erlang_a_staffing_equals_the_scalar_search_and_keeps_the_shape():
    calls, aht = _random_intervals(4, 60)
    vec = required_agents_a_many(calls.reshape(6, 10), 1800, aht.reshape(6, 10), 20, 0.8, 120)
    assert vec.shape == (6, 10)
    scalar = [required_agents_a(c, 1800, h, 20, 0.8, 120).agents for c, h in zip(calls, aht, strict=True)]
    assert vec.ravel().tolist() == scalar


# --- Properties ----------------------------------------------------------------------------------

traffic = dict(
    calls=st.floats(0.5, 600),
    aht=st.floats(30, 900),
    answer=st.floats(0, 120),
    patience=st.floats(5, 3600),
)


@settings(max_examples=60, deadline=None)
@given(**traffic)
def test_more_agents_never_lower_the_service_level_or_raise_abandonment(calls, aht, answer, patience):
    load = calls * aht / 1800
    ns = range(max(1, int(load * 0.5)), int(load * 1.5) + 4)
    a = [erlang_a_metrics(calls, 1800, aht, n, answer, patience) for n in ns]
    c = [erlang_c_metrics(calls, 1800, aht, n, answer) for n in ns]
    for x, y in zip(a, a[1:], strict=False):
        assert y.service_level >= x.service_level - 1e-12
        assert y.abandon_probability <= x.abandon_probability + 1e-12
        assert y.wait_probability <= x.wait_probability + 1e-12
    for x, y in zip(c, c[1:], strict=False):
        assert y.service_level >= x.service_level - 1e-12
    for m in a:
        assert 0 <= m.service_level <= 1 - m.abandon_probability + 1e-12
        assert 0 <= m.occupancy <= 1 + 1e-12


@settings(max_examples=40, deadline=None)
@given(**traffic, target=st.floats(0.05, 0.99))
def test_the_staffing_search_returns_the_first_agent_count_that_meets_the_target(
    calls, aht, answer, patience, target
):
    a = required_agents_a(calls, 1800, aht, answer, target, patience)
    assert a.service_level >= target - 1e-12
    if a.agents > 1:
        assert erlang_a_metrics(calls, 1800, aht, a.agents - 1, answer, patience).service_level < target
    c = required_agents_c(calls, 1800, aht, answer, target)
    assert c.service_level >= target - 1e-12
    assert erlang_c_metrics(calls, 1800, aht, c.agents - 1, answer).service_level < target


@pytest.mark.parametrize(
    "c, theta, t", [(14 / 180 * 300, 1 / 300, 20), (0.05, 1 / 5, 60), (1e6, 1e-8, 20), (30.0, 1 / 120, 0.5)]
)
def test_the_cumulative_answer_probabilities_equal_the_incomplete_beta_function(c, theta, t):
    from scipy import special

    place = np.arange(1, 401, dtype=float)
    expected = c / (c + place) * special.betainc(place, c + 1.0, -math.expm1(-theta * t))
    assert E._answered_in_time(400, c, theta, t) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("max_columns", [4096, 64])
def test_vectorised_erlang_a_matches_scalar_for_long_patience_and_occupancy_caps(monkeypatch, max_columns):
    from hotline.core import erlang_batch

    monkeypatch.setattr(erlang_batch, "MAX_COLUMNS", max_columns)  # 64: long queues go to the scalar path
    calls, aht = _random_intervals(5, 40)
    patience = np.random.default_rng(6).choice([10.0, 120.0, 3600.0, 1e5], calls.size)
    vec = required_agents_a_many(calls, 1800, aht, 30, 0.9, patience, max_occupancy=0.85)
    scalar = [
        required_agents_a(c, 1800, h, 30, 0.9, p, 0.85).agents
        for c, h, p in zip(calls, aht, patience, strict=True)
    ]
    assert vec.tolist() == scalar
