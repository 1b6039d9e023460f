"""Erlang A staffing over many intervals at once (SPEC §5), split from :mod:`hotline.core.erlang`.

Same model, formulas and search as :func:`hotline.core.erlang.required_agents_a` (exact
M/M/N+M; minimum N from ``ceil(target·A)`` upwards), but each search step evaluates every
interval still short of its target together, as rows of 2-D numpy arrays (row = interval,
column = queue length). Units as in :mod:`hotline.core.erlang`: seconds, Erlangs, fractions.
Rows whose queue would need more columns than ``MAX_COLUMNS`` (very long patience in overload)
are handed to the scalar search.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from .erlang import _TAIL_LOG_CUTOFF, SL_TOLERANCE, required_agents_a

MAX_COLUMNS = 4096
CHUNK_CELLS = 2_000_000  # rows × columns evaluated per numpy pass


def _evaluate(lam, nmu, theta, t, load, n, log_odds, columns):
    """SL, occupancy and a "truncation was fine" flag for each row at ``n`` agents."""
    j = np.arange(1, columns, dtype=float)
    logw = np.zeros((lam.size, columns))
    logw[:, 1:] = np.cumsum(np.log(lam)[:, None] - np.log(nmu[:, None] + j[None, :] * theta[:, None]), axis=1)
    top = logw.max(axis=1)
    ok = logw[:, -1] < top - _TAIL_LOG_CUTOFF
    w = np.exp(logw - top[:, None])
    log_s = top + np.log(w.sum(axis=1))
    p_wait = special.expit(log_s - log_odds)
    with np.errstate(divide="ignore"):
        log_pi_n = np.log(p_wait) - log_s
    k = np.arange(columns, dtype=float)
    lq = np.exp(log_pi_n + top) * (w * k[None, :]).sum(axis=1)

    # P(answered within t | place k+1) = c/(c+k+1)·P(X ≥ k+1), X negative binomial (see erlang.py).
    c = nmu / theta
    b = c + 1.0
    x = -np.expm1(-theta * t)
    with np.errstate(divide="ignore", invalid="ignore"):
        steps = np.log(x)[:, None] + np.log(b[:, None] + k[None, 1:] - 1.0) - np.log(k[None, 1:])
        log_pmf = np.empty_like(logw)
        log_pmf[:, 0] = -b * theta * t
        log_pmf[:, 1:] = log_pmf[:, :1] + np.cumsum(steps, axis=1)
        survival = np.clip(1.0 - np.cumsum(np.exp(log_pmf), axis=1), 0.0, 1.0)
        in_time = c[:, None] / (c[:, None] + k[None, :] + 1.0) * survival
        served_late = np.where(x > 0, (np.exp(logw + log_pi_n[:, None]) * in_time).sum(axis=1), 0.0)
    sl = np.clip(1.0 - p_wait + served_late, 0.0, 1.0)
    p_ab = np.minimum(1.0, theta * lq / lam)
    occ = load * (1.0 - p_ab) / n
    return sl, occ, ok


def required_agents_a_batch(
    calls, interval_s, aht_s, answer_time_s, target_sl: float, patience_s, max_occupancy: float | None = None
) -> np.ndarray:
    """Minimum Erlang A agents per interval; inputs broadcast together, int64 array returned."""
    arrays = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (calls, interval_s, aht_s, answer_time_s, patience_s))
    )
    shape = arrays[0].shape
    calls, interval_s, aht_s, t, patience = (a.ravel() for a in arrays)
    if np.any(~np.isfinite(calls) | (calls < 0)) or np.any(~(interval_s > 0)) or np.any(~(aht_s > 0)):
        raise ValueError("calls must be ≥ 0, interval and AHT > 0")
    if np.any(~(t >= 0)) or np.any(~(patience > 0)):
        raise ValueError("answer time must be ≥ 0 and patience > 0")
    if not (0 < target_sl < 1):
        raise ValueError(f"target service level must be in (0, 1), got {target_sl}")
    out = np.zeros(calls.size, dtype=np.int64)
    lam_all = calls / interval_s
    load_all = calls * aht_s / interval_s
    rows = np.flatnonzero(load_all > 0)
    # Chunks keep the 2-D arrays bounded; intervals with similar load go together.
    rows = rows[np.argsort(load_all[rows], kind="stable")]
    per_chunk = max(1, CHUNK_CELLS // 512)
    for start in range(0, rows.size, per_chunk):
        idx = rows[start : start + per_chunk]
        _search(idx, out, lam_all, load_all, aht_s, t, patience, interval_s, calls, target_sl, max_occupancy)
    return out.reshape(shape)


def _search(idx, out, lam_all, load_all, aht_s, t_all, patience, interval_s, calls, target_sl, max_occupancy):
    lam, load, mu = lam_all[idx], load_all[idx], 1.0 / aht_s[idx]
    theta, t = 1.0 / patience[idx], t_all[idx]
    n = np.maximum(1, np.ceil(target_sl * load - 1e-9)).astype(np.int64)
    # log(1/B(n − 1, A)) by the inverse Erlang-B recursion, advanced per row up to its own n − 1.
    log_inv_b = np.zeros(idx.size)
    for k in range(1, int(n.max())):
        step = k <= n - 1
        log_inv_b = np.where(step, np.logaddexp(0.0, np.log(k / load) + log_inv_b), log_inv_b)
    active = np.arange(idx.size)
    while active.size:
        a = active
        nmu = n[a] * mu[a]
        # Columns per row: a power of two past the queue's peak; doubled for rows whose tail
        # was not yet negligible, so short queues are not padded to the longest one.
        peak = np.maximum(0.0, (lam[a] - nmu) * patience[idx[a]])
        columns = np.maximum(64, 2 ** np.ceil(np.log2(peak + 48))).astype(np.int64)
        sl, occ = np.zeros(a.size), np.zeros(a.size)
        ok = np.zeros(a.size, dtype=bool)
        todo = np.arange(a.size)
        while todo.size:
            width = int(columns[todo].min())
            if width > MAX_COLUMNS:
                break
            g = todo[columns[todo] == width]
            r = a[g]
            log_odds = np.log(n[r] / load[r]) + log_inv_b[r]
            sl[g], occ[g], ok[g] = _evaluate(lam[r], nmu[g], theta[r], t[r], load[r], n[r], log_odds, width)
            columns[g[~ok[g]]] *= 4
            todo = todo[~ok[todo]]
        meets = sl >= target_sl - SL_TOLERANCE
        if max_occupancy is not None:
            meets &= occ <= max_occupancy + SL_TOLERANCE
        for r in a[~ok]:  # queue longer than the columns: the scalar search handles it
            i = idx[r]
            out[i] = required_agents_a(
                calls[i], interval_s[i], aht_s[i], t_all[i], target_sl, patience[i], max_occupancy
            ).agents
        done = meets & ok
        out[idx[a[done]]] = n[a[done]]
        more = ~meets & ok
        log_inv_b[a[more]] = np.logaddexp(0.0, np.log(n[a[more]] / load[a[more]]) + log_inv_b[a[more]])
        n[a[more]] += 1
        active = a[more]
