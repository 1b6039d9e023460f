"""Erlang B, Erlang C and exact Erlang A staffing (SPEC §5, "Staffing").

Django-free. Units: calls are counted per interval, the interval, the average handle time (AHT),
the answer time and the patience are in **seconds**; the traffic load ``A = calls × AHT / interval``
is in Erlangs; probabilities, service levels and occupancy are fractions in [0, 1].

Models
------
* **Erlang C** (M/M/N): Poisson arrivals, exponential handle times, nobody hangs up.
  ``P(wait) = C(N, A)`` by the stable Erlang-B recursion ``B_k = A·B_{k-1} / (k + A·B_{k-1})``,
  ``C = N·B / (N − A(1 − B))``; ``SL(t) = 1 − C·exp(−(N − A)·t / AHT)``;
  ``ASA = C·AHT / (N − A)``; occupancy ``A / N``. When ``N ≤ A`` the queue is unstable: SL 0,
  P(wait) 1, ASA infinite, occupancy 1.
* **Erlang A** (M/M/N+M): as Erlang C, but each waiting caller hangs up after an exponential
  patience with mean ``patience_s``. Computed exactly from the birth–death stationary
  distribution (no approximation): with ``w_k = Π_{j=1..k} λ / (Nμ + jθ)`` the queue weights,
  ``P(wait)``, ``P(abandon) = θ·Lq / λ``, ``ASA = Lq / λ`` (mean wait over *all* arrivals,
  abandoners included — the pyworkforce definition) and occupancy ``A(1 − P(abandon)) / N``.
  A caller who arrives as the k-th in queue is served within t with probability
  ``c/(c + k) · I_{1 − e^{−θt}}(k, c + 1)``, ``c = Nμ/θ``, ``I`` the regularised incomplete beta
  function (the tagged-customer chain has rates ``Nμ + (j − 1)θ`` ahead of the caller, whose sum
  of exponentials has a closed-form density).

Service level is always **answered within t over offered** (all arrivals): in Erlang A an
abandoner is a failure however early they hang up. This is CCmath's "offered" definition.

Staffing searches return the *minimum* N that meets the target (and the occupancy cap). They
consider every N from 1: in Erlang C every ``N ≤ A`` fails, and in Erlang A any ``N < target·A``
fails because at most ``N/A`` of the callers can be served at all, so those N are skipped without
computing them. (pyworkforce's Erlang A starts at ``ceil(A)`` and overstaffs: see
notes/wfm-anchors.md §1.1.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

#: Service levels within this of the target count as meeting it (floating-point noise only).
SL_TOLERANCE = 1e-12
_TAIL_LOG_CUTOFF = 46.0  # queue weights below e^-46 ≈ 1e-20 of the largest are dropped
_TAIL_MAX_TERMS = 2_000_000


@dataclass(frozen=True)
class QueueMetrics:
    """The expected performance of one interval staffed with ``agents`` (SPEC §5).

    ``asa_s`` is the mean wait over all arrivals in seconds (``inf`` when the queue is
    unstable); ``service_level`` is answered within ``answer_time_s`` over offered.
    ``model`` is ``"erlang_c"`` or ``"erlang_a"``; ``patience_s`` is ``None`` for Erlang C.
    """

    model: str
    calls: float
    interval_s: float
    aht_s: float
    answer_time_s: float
    patience_s: float | None
    agents: int
    load: float
    service_level: float
    wait_probability: float
    abandon_probability: float
    asa_s: float
    occupancy: float


@dataclass(frozen=True)
class Staffing:
    """Agents on the phones (``metrics.agents``) and heads to schedule after shrinkage."""

    metrics: QueueMetrics
    shrinkage: float
    scheduled: int


# --------------------------------------------------------------------------------------------
# Checks and small helpers


def _check_traffic(calls: float, interval_s: float, aht_s: float, answer_time_s: float) -> None:
    if not (calls >= 0 and math.isfinite(calls)):
        raise ValueError(f"calls must be a finite number ≥ 0, got {calls}")
    if not (interval_s > 0 and math.isfinite(interval_s)):
        raise ValueError(f"interval must be > 0 seconds, got {interval_s}")
    if not (aht_s > 0 and math.isfinite(aht_s)):
        raise ValueError(f"AHT must be > 0 seconds, got {aht_s}")
    if not (answer_time_s >= 0 and math.isfinite(answer_time_s)):
        raise ValueError(f"answer time must be ≥ 0 seconds, got {answer_time_s}")


def _check_patience(patience_s: float | None) -> None:
    if patience_s is not None and not (patience_s > 0):
        raise ValueError(f"patience must be > 0 seconds, got {patience_s}")


def traffic_load(calls: float, interval_s: float, aht_s: float) -> float:
    """Offered load in Erlangs: ``calls × AHT / interval`` (all times in seconds)."""
    return calls * aht_s / interval_s


def scheduled_heads(agents: int, shrinkage: float) -> int:
    """Heads to schedule so that ``agents`` remain after ``shrinkage`` (a fraction in [0, 1)).

    ``ceil(agents / (1 − shrinkage))``; the quotient is rounded to 9 decimals first so that
    21 / (1 − 0.3) = 30.000000000000004 schedules 30, not 31.
    """
    if not (0 <= shrinkage < 1):
        raise ValueError(f"shrinkage must be in [0, 1), got {shrinkage}")
    return math.ceil(round(agents / (1.0 - shrinkage), 9))


def erlang_b(load: float, agents: int) -> float:
    """Erlang B blocking probability ``B(N, A)`` by the stable recursion (A in Erlangs)."""
    if agents < 0 or load < 0:
        raise ValueError("agents and load must be ≥ 0")
    b = 1.0
    for k in range(1, agents + 1):
        b = load * b / (k + load * b)
    return b


def erlang_c(load: float, agents: int) -> float:
    """Erlang C probability of waiting ``C(N, A)``; 1 when ``N ≤ A`` (unstable queue)."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return 1.0
    b = erlang_b(load, agents)
    return agents * b / (agents - load * (1.0 - b))


# --------------------------------------------------------------------------------------------
# Erlang C


def _c_from_b(calls, interval_s, aht_s, answer_time_s, agents, b) -> QueueMetrics:
    load = traffic_load(calls, interval_s, aht_s)
    common = dict(
        model="erlang_c",
        calls=calls,
        interval_s=interval_s,
        aht_s=aht_s,
        answer_time_s=answer_time_s,
        patience_s=None,
        agents=agents,
        load=load,
        abandon_probability=0.0,
    )
    if load == 0:
        occ = 0.0 if agents > 0 else math.nan
        return QueueMetrics(**common, service_level=1.0, wait_probability=0.0, asa_s=0.0, occupancy=occ)
    if agents <= load:
        occ = 1.0 if agents > 0 else math.nan
        return QueueMetrics(**common, service_level=0.0, wait_probability=1.0, asa_s=math.inf, occupancy=occ)
    pw = agents * b / (agents - load * (1.0 - b))
    slack = agents - load
    return QueueMetrics(
        **common,
        service_level=1.0 - pw * math.exp(-slack * answer_time_s / aht_s),
        wait_probability=pw,
        asa_s=pw * aht_s / slack,
        occupancy=load / agents,
    )


def erlang_c_metrics(
    calls: float, interval_s: float, aht_s: float, agents: int, answer_time_s: float
) -> QueueMetrics:
    """Erlang C metrics for ``calls`` per ``interval_s`` seconds handled by ``agents``."""
    _check_traffic(calls, interval_s, aht_s, answer_time_s)
    if agents < 0:
        raise ValueError(f"agents must be ≥ 0, got {agents}")
    load = traffic_load(calls, interval_s, aht_s)
    return _c_from_b(calls, interval_s, aht_s, answer_time_s, agents, erlang_b(load, agents))


def _meets(m: QueueMetrics, target_sl: float, max_occupancy: float | None, max_abandon: float | None) -> bool:
    if m.service_level < target_sl - SL_TOLERANCE:
        return False
    if max_occupancy is not None and not (m.occupancy <= max_occupancy + SL_TOLERANCE):
        return False
    if max_abandon is not None and m.abandon_probability > max_abandon + SL_TOLERANCE:
        return False
    return True


def _check_targets(target_sl: float, max_occupancy: float | None, max_abandon: float | None) -> None:
    if not (0 < target_sl < 1):
        raise ValueError(f"target service level must be in (0, 1), got {target_sl}")
    if max_occupancy is not None and not (0 < max_occupancy <= 1):
        raise ValueError(f"max occupancy must be in (0, 1], got {max_occupancy}")
    if max_abandon is not None and not (0 < max_abandon < 1):
        raise ValueError(f"max abandonment must be in (0, 1), got {max_abandon}")


def required_agents_c(
    calls: float,
    interval_s: float,
    aht_s: float,
    answer_time_s: float,
    target_sl: float,
    max_occupancy: float | None = None,
) -> QueueMetrics:
    """Minimum Erlang C staffing: the first N = 1, 2, … with SL ≥ target (and occupancy ≤ cap).

    Scalar reference path (pure Python); :func:`required_agents_c_many` is the vectorised one.
    Zero calls need 0 agents (SL 1).
    """
    _check_traffic(calls, interval_s, aht_s, answer_time_s)
    _check_targets(target_sl, max_occupancy, None)
    load = traffic_load(calls, interval_s, aht_s)
    if load == 0:
        return _c_from_b(calls, interval_s, aht_s, answer_time_s, 0, 1.0)
    b, n = 1.0, 0
    while True:
        n += 1
        b = load * b / (n + load * b)
        if n <= load:
            continue
        m = _c_from_b(calls, interval_s, aht_s, answer_time_s, n, b)
        if _meets(m, target_sl, max_occupancy, None):
            return m


def erlang_c_many(calls, interval_s, aht_s, agents, answer_time_s) -> dict[str, np.ndarray]:
    """Erlang C metrics over many intervals at once (numpy arrays, broadcast together).

    Returns arrays ``load``, ``service_level``, ``wait_probability``, ``asa_s`` (``inf`` when
    unstable) and ``occupancy`` with the conventions of :func:`erlang_c_metrics`.
    """
    calls, interval_s, aht_s, agents, t = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (calls, interval_s, aht_s, agents, answer_time_s))
    )
    if np.any(agents < 0) or np.any(agents != np.floor(agents)):
        raise ValueError("agents must be whole numbers ≥ 0")
    load = calls * aht_s / interval_s
    b = np.ones_like(load)
    n_max = int(agents.max(initial=0))
    for k in range(1, n_max + 1):
        upd = agents >= k
        b = np.where(upd, load * b / (k + load * b), b)
    return _c_arrays(load, agents, aht_s, t, b)


def _c_arrays(load, agents, aht_s, t, b) -> dict[str, np.ndarray]:
    stable = agents > load
    with np.errstate(divide="ignore", invalid="ignore"):
        pw = np.where(stable, agents * b / (agents - load * (1.0 - b)), 1.0)
        slack = agents - load
        sl = np.where(stable, 1.0 - pw * np.exp(-slack * t / aht_s), 0.0)
        asa = np.where(stable, pw * aht_s / slack, np.inf)
        occ = np.where(stable, load / agents, np.where(agents > 0, 1.0, np.nan))
    zero = load == 0
    return {
        "load": load,
        "service_level": np.where(zero, 1.0, sl),
        "wait_probability": np.where(zero, 0.0, pw),
        "asa_s": np.where(zero, 0.0, asa),
        "occupancy": np.where(zero, np.where(agents > 0, 0.0, np.nan), occ),
    }


def required_agents_c_many(
    calls, interval_s, aht_s, answer_time_s, target_sl: float, max_occupancy: float | None = None
) -> np.ndarray:
    """Minimum Erlang C agents for every interval (vectorised :func:`required_agents_c`).

    All inputs broadcast together; returns an int64 array of the broadcast shape. One pass over
    N = 1, 2, … advances the Erlang-B recursion of every interval still short of its target.
    """
    _check_targets(target_sl, max_occupancy, None)
    calls, interval_s, aht_s, t = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (calls, interval_s, aht_s, answer_time_s))
    )
    shape = calls.shape
    calls, interval_s, aht_s, t = (x.ravel() for x in (calls, interval_s, aht_s, t))
    if (
        np.any(~np.isfinite(calls) | (calls < 0))
        or np.any(~(interval_s > 0))
        or np.any(~(aht_s > 0))
        or np.any(~(t >= 0))
    ):
        raise ValueError("calls and answer time must be ≥ 0, interval and AHT > 0")
    load = calls * aht_s / interval_s
    out = np.zeros(load.shape, dtype=np.int64)
    idx = np.flatnonzero(load > 0)
    a, sc = load[idx], t[idx] / aht_s[idx]
    b = np.ones_like(a)
    n = 0
    while idx.size:
        n += 1
        b = a * b / (n + a * b)
        stable = n > a
        if not stable.any():
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            pw = n * b / (n - a * (1.0 - b))
            sl = 1.0 - pw * np.exp(-(n - a) * sc)
        ok = stable & (sl >= target_sl - SL_TOLERANCE)
        if max_occupancy is not None:
            ok &= a / n <= max_occupancy + SL_TOLERANCE
        if ok.any():
            out[idx[ok]] = n
            keep = ~ok
            idx, a, sc, b = idx[keep], a[keep], sc[keep], b[keep]
    return out.reshape(shape)


# --------------------------------------------------------------------------------------------
# Erlang A


def _log_inv_b(load: float, agents: int) -> float:
    """``log(1 / B(N, A))`` by the inverse recursion ``1/B_k = 1 + (k/A)(1/B_{k−1})`` in logs."""
    x = 0.0
    for k in range(1, agents + 1):
        x = np.logaddexp(0.0, math.log(k / load) + x)
    return float(x)


def _queue_log_weights(lam: float, nmu: float, theta: float) -> np.ndarray | None:
    """``log w_k`` for k = 0…K (``w_k = Π_{j≤k} λ/(Nμ + jθ)``), truncated once negligible.

    ``None`` when more than ``_TAIL_MAX_TERMS`` terms would be needed (heavy overload with a
    patience so long that the queue runs to millions; the caller then uses closed forms).
    """
    peak = max(0.0, (lam - nmu) / theta)
    size = int(peak) + 256
    while size <= _TAIL_MAX_TERMS:
        j = np.arange(1, size + 1, dtype=float)
        logw = np.concatenate(([0.0], np.cumsum(math.log(lam) - np.log(nmu + j * theta))))
        top = logw.max()
        if logw[-1] < top - _TAIL_LOG_CUTOFF and size > peak:
            keep = np.flatnonzero(logw >= top - _TAIL_LOG_CUTOFF)
            return logw[: keep[-1] + 1]
        size *= 2
    return None


def erlang_a_metrics(
    calls: float, interval_s: float, aht_s: float, agents: int, answer_time_s: float, patience_s: float
) -> QueueMetrics:
    """Exact Erlang A (M/M/N+M) metrics; ``patience_s`` is the mean patience in seconds.

    See the module docstring for the formulas. The queue-length distribution is summed until
    its terms fall below 1e-20 of the largest, so results are exact to double precision.
    """
    _check_traffic(calls, interval_s, aht_s, answer_time_s)
    _check_patience(patience_s)
    if agents < 0:
        raise ValueError(f"agents must be ≥ 0, got {agents}")
    load = traffic_load(calls, interval_s, aht_s)
    common = dict(
        model="erlang_a",
        calls=calls,
        interval_s=interval_s,
        aht_s=aht_s,
        answer_time_s=answer_time_s,
        patience_s=patience_s,
        agents=agents,
        load=load,
    )
    if load == 0:
        occ = 0.0 if agents > 0 else math.nan
        return QueueMetrics(
            **common,
            service_level=1.0,
            wait_probability=0.0,
            abandon_probability=0.0,
            asa_s=0.0,
            occupancy=occ,
        )
    if agents == 0:  # everybody waits and hangs up after their patience
        return QueueMetrics(
            **common,
            service_level=0.0,
            wait_probability=1.0,
            abandon_probability=1.0,
            asa_s=patience_s,
            occupancy=math.nan,
        )
    return _erlang_a_core(common, load, _log_inv_b(load, agents - 1))


def _erlang_a_core(common: dict, load: float, log_inv_b_prev: float) -> QueueMetrics:
    """Erlang A at ``common["agents"] ≥ 1`` given ``log(1/B(N − 1, A))``."""
    n = common["agents"]
    lam = common["calls"] / common["interval_s"]
    mu = 1.0 / common["aht_s"]
    theta = 1.0 / common["patience_s"]
    t = common["answer_time_s"]
    nmu = n * mu
    log_odds = math.log(n / load) + log_inv_b_prev  # log((1 − B)/B) at N
    logw = _queue_log_weights(lam, nmu, theta)
    if logw is None:
        # S = Σ w_k = c·x^{-c}·e^x·γ(c, x) with c = Nμ/θ, x = λ/θ (a confluent hypergeometric sum).
        c, x = nmu / theta, lam / theta
        log_s = math.log(c) + special.gammaln(c) - c * math.log(x) + x + math.log(special.gammainc(c, x))
        p_wait = float(special.expit(log_s - log_odds))
        pi_n = math.exp(math.log(p_wait) - log_s)
        # θ·Σ k·w_k = λS − Nμ(S − 1) (from λw_{k−1} = (Nμ + kθ)w_k) and π_N·S = P(wait):
        lq = (p_wait * (lam - nmu) + pi_n * nmu) / theta
        # Only the first few places in the queue can be served within t: rates ahead are at most
        # Nμ + kθ, so a generous Poisson bound on the services completed in t caps k.
        reach = (nmu + theta) * t * math.exp(theta * t)
        k_max = min(_TAIL_MAX_TERMS, int(64 + 2 * reach + 12 * math.sqrt(reach)))
        j = np.arange(1, k_max + 1, dtype=float)
        logw = np.concatenate(([0.0], np.cumsum(math.log(lam) - np.log(nmu + j * theta))))
        served_late = _served_in_time(logw, math.log(pi_n) if pi_n > 0 else -math.inf, c, theta, t)
    else:
        top = logw.max()
        w = np.exp(logw - top)
        log_s = top + math.log(w.sum())
        p_wait = float(special.expit(log_s - log_odds))
        log_pi_n = (math.log(p_wait) if p_wait > 0 else -math.inf) - log_s
        k = np.arange(logw.size, dtype=float)
        lq = math.exp(log_pi_n + top) * float((k * w).sum())
        served_late = _served_in_time(logw, log_pi_n, nmu / theta, theta, t)
    p_ab = min(1.0, theta * lq / lam)
    return QueueMetrics(
        **common,
        service_level=min(1.0, max(0.0, 1.0 - p_wait + served_late)),
        wait_probability=p_wait,
        abandon_probability=p_ab,
        asa_s=lq / lam,
        occupancy=load * (1.0 - p_ab) / n,
    )


def _served_in_time(logw: np.ndarray, log_pi_n: float, c: float, theta: float, t: float) -> float:
    """P(arrive to a queue and be answered within t) = Σ_k π_N·w_k · P(answered in t | k ahead).

    A caller finding k waiting is at place k + 1 and is answered within t with probability
    ``c/(c + k + 1) · I_x(k + 1, c + 1)`` with ``c = Nμ/θ`` and ``x = 1 − e^{−θt}``.
    For whole first arguments ``I_x(k, b) = P(X ≥ k)`` with X negative binomial,
    ``P(X = j) = Γ(b + j)/(Γ(b) j!) · x^j (1 − x)^b``: one cumulative sum gives every place at
    once (much faster than calling ``betainc`` per place; the tests check they agree).
    """
    if t <= 0 or log_pi_n == -math.inf:
        return 0.0
    return float(np.sum(np.exp(logw + log_pi_n) * _answered_in_time(logw.size, c, theta, t)))


def _answered_in_time(places: int, c: float, theta: float, t: float) -> np.ndarray:
    """P(answered within t) for a caller at place 1…``places`` in queue (see above)."""
    b = c + 1.0
    j = np.arange(places, dtype=float)
    x = -math.expm1(-theta * t)
    if x <= 0.0:  # t so small (denormal) that nobody in queue can be answered in time
        return np.zeros(places)
    log_x = math.log(x)
    steps = log_x + np.log(b + j[1:] - 1.0) - np.log(j[1:])
    log_pmf = np.concatenate(([-b * theta * t], -b * theta * t + np.cumsum(steps)))
    survival = np.clip(1.0 - np.cumsum(np.exp(log_pmf)), 0.0, 1.0)  # P(X ≥ k) at k = j + 1
    return c / (c + j + 1.0) * survival


def required_agents_a(
    calls: float,
    interval_s: float,
    aht_s: float,
    answer_time_s: float,
    target_sl: float,
    patience_s: float,
    max_occupancy: float | None = None,
    max_abandon: float | None = None,
) -> QueueMetrics:
    """Minimum Erlang A staffing meeting SL ≥ target (and optional occupancy/abandonment caps).

    Every N from 1 is considered; N < ``target·A`` cannot meet the target (at most N/A of the
    callers are ever served) and is skipped. The result may be below the load A.
    """
    _check_traffic(calls, interval_s, aht_s, answer_time_s)
    _check_patience(patience_s)
    _check_targets(target_sl, max_occupancy, max_abandon)
    load = traffic_load(calls, interval_s, aht_s)
    if load == 0:
        return erlang_a_metrics(calls, interval_s, aht_s, 0, answer_time_s, patience_s)
    n = max(1, math.ceil(target_sl * load - 1e-9))
    log_inv_b = _log_inv_b(load, n - 1)
    common = dict(
        model="erlang_a",
        calls=calls,
        interval_s=interval_s,
        aht_s=aht_s,
        answer_time_s=answer_time_s,
        patience_s=patience_s,
        load=load,
    )
    while True:
        m = _erlang_a_core({**common, "agents": n}, load, log_inv_b)
        if _meets(m, target_sl, max_occupancy, max_abandon):
            return m
        log_inv_b = float(np.logaddexp(0.0, math.log(n / load) + log_inv_b))
        n += 1


def required_agents_a_many(
    calls, interval_s, aht_s, answer_time_s, target_sl: float, patience_s, max_occupancy: float | None = None
) -> np.ndarray:
    """Minimum Erlang A agents for every interval (inputs broadcast; int64 array).

    Vectorised: every search step evaluates all intervals still short of the target together
    (:mod:`hotline.core.erlang_batch`); gives the same agents as :func:`required_agents_a`.
    """
    from .erlang_batch import required_agents_a_batch

    return required_agents_a_batch(
        calls, interval_s, aht_s, answer_time_s, target_sl, patience_s, max_occupancy
    )


# --------------------------------------------------------------------------------------------
# One entry point for the product and the CLI


def queue_metrics(
    calls: float,
    interval_s: float,
    aht_s: float,
    agents: int,
    answer_time_s: float,
    patience_s: float | None = None,
) -> QueueMetrics:
    """Erlang C metrics, or Erlang A when a mean patience (seconds) is known."""
    if patience_s is None:
        return erlang_c_metrics(calls, interval_s, aht_s, agents, answer_time_s)
    return erlang_a_metrics(calls, interval_s, aht_s, agents, answer_time_s, patience_s)


def staff(
    calls: float,
    interval_s: float,
    aht_s: float,
    answer_time_s: float,
    *,
    target_sl: float | None = None,
    agents: int | None = None,
    patience_s: float | None = None,
    shrinkage: float = 0.0,
    max_occupancy: float | None = None,
) -> Staffing:
    """Staff one interval (SPEC §5): either search the minimum agents for ``target_sl`` or
    evaluate a given ``agents``; then scheduled heads = ``ceil(agents / (1 − shrinkage))``.
    """
    if (target_sl is None) == (agents is None):
        raise ValueError("give exactly one of target_sl and agents")
    if not (0 <= shrinkage < 1):
        raise ValueError(f"shrinkage must be in [0, 1), got {shrinkage}")
    if agents is not None:
        m = queue_metrics(calls, interval_s, aht_s, agents, answer_time_s, patience_s)
    elif patience_s is None:
        m = required_agents_c(calls, interval_s, aht_s, answer_time_s, target_sl, max_occupancy)
    else:
        m = required_agents_a(calls, interval_s, aht_s, answer_time_s, target_sl, patience_s, max_occupancy)
    return Staffing(metrics=m, shrinkage=shrinkage, scheduled=scheduled_heads(m.agents, shrinkage))
