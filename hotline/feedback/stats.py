"""Django-free statistics of the feedback loop (§3.7) and of trust between QA and agents (§4).

* :func:`pareto` — item failure counts, largest first, with the cumulative share (%).
* :func:`retaliation_check` — the retaliation flag of §4. For a dispute opened at time ``t`` by an
  agent against an evaluator, take the evaluator's evaluation scores (0–100 points) of that agent:
  the last ``n`` before ``t`` and the first ``n`` after it (the disputed evaluation itself excluded).
  The statistic is a difference in differences::

      drop = (mean_after_E − mean_before_E) − (mean_after_O − mean_before_O)

  where ``O`` are the other evaluators' scores of the same agent in the same windows (0 when the
  other evaluators have no score on one side: then the control is unavailable and the raw change is
  used). The pair is flagged when both sides have at least ``min_n`` scores and ``drop ≤ −threshold``
  (defaults n = 5, min_n = 2, threshold = 5 points). An agent who really got worse gets worse for
  every evaluator; only a drop specific to the evaluator who was disputed is flagged.
* :func:`consistency` — per evaluator and month: mean, standard deviation (population), n, and
  leniency = the evaluator's mean − the mean of the other evaluators' scores on comparable calls
  (same month, same kind of session); positive = more lenient than the peers.
* :func:`improvement` — an agent's failure rate on given items in a base period and the following
  periods; improved when the latest later rate is below the base rate.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


def _mean(xs: Sequence[float]) -> float | None:
    return math.fsum(xs) / len(xs) if xs else None


@dataclass(frozen=True)
class ParetoRow:
    key: str
    count: int
    share: float  # % of all failures
    cumulative: float  # %


def pareto(failures: Mapping[str, int]) -> list[ParetoRow]:
    """Items by failure count (descending; ties by key), zero counts left out."""
    rows = sorted(((k, c) for k, c in failures.items() if c > 0), key=lambda kc: (-kc[1], kc[0]))
    total = sum(c for _, c in rows)
    out, acc = [], 0
    for k, c in rows:
        acc += c
        out.append(ParetoRow(k, c, 100.0 * c / total, 100.0 * acc / total))
    return out


@dataclass(frozen=True)
class Scored:
    """One evaluation score (0–100) of ``agent`` by ``evaluator`` at time ``at``."""

    agent: str
    evaluator: str
    at: dt.datetime
    score: float
    id: str = ""


@dataclass(frozen=True)
class RetaliationResult:
    before: float | None
    after: float | None
    n_before: int
    n_after: int
    control_change: float
    drop: float | None
    flagged: bool


def retaliation_check(
    scores: Iterable[Scored],
    *,
    agent: str,
    evaluator: str,
    opened_at: dt.datetime,
    exclude_id: str = "",
    n: int = 5,
    min_n: int = 2,
    threshold: float = 5.0,
) -> RetaliationResult:
    """The §4 retaliation statistic for one dispute (see the module docstring)."""
    mine = sorted((s for s in scores if s.agent == agent and s.id != exclude_id), key=lambda s: s.at)
    by_e = [s for s in mine if s.evaluator == evaluator]
    others = [s for s in mine if s.evaluator != evaluator]
    before = [s.score for s in by_e if s.at < opened_at][-n:]
    after = [s.score for s in by_e if s.at >= opened_at][:n]
    o_before = [s.score for s in others if s.at < opened_at][-n:]
    o_after = [s.score for s in others if s.at >= opened_at][:n]
    mb, ma = _mean(before), _mean(after)
    control = 0.0
    if o_before and o_after:
        control = _mean(o_after) - _mean(o_before)
    drop = None if mb is None or ma is None else (ma - mb) - control
    flagged = len(before) >= min_n and len(after) >= min_n and drop is not None and drop <= -threshold
    return RetaliationResult(mb, ma, len(before), len(after), control, drop, flagged)


@dataclass(frozen=True)
class EvaluatorMonth:
    evaluator: str
    month: str
    n: int
    mean: float
    sd: float
    leniency: float | None  # mean − peers' mean on comparable calls; None without peers


def consistency(rows: Iterable[tuple[str, str, str, float]]) -> list[EvaluatorMonth]:
    """``rows`` = (evaluator, month 'YYYY-MM', kind, score). One line per evaluator and month.

    Leniency weighs each kind by the evaluator's own count in it: Σ_kind n_k·(mean_Ek − peers_k)/Σ n_k
    over the kinds where peers exist.
    """
    cell: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for ev, month, kind, score in rows:
        cell[(ev, month, kind)].append(float(score))
    evaluators = sorted({k[0] for k in cell})
    months = sorted({k[1] for k in cell})
    kinds = sorted({k[2] for k in cell})
    out = []
    for month in months:
        for ev in evaluators:
            allv = [v for k in kinds for v in cell.get((ev, month, k), [])]
            if not allv:
                continue
            m = math.fsum(allv) / len(allv)
            sd = math.sqrt(math.fsum((v - m) ** 2 for v in allv) / len(allv))
            num, den = 0.0, 0
            for k in kinds:
                own = cell.get((ev, month, k), [])
                peers = [v for e2 in evaluators if e2 != ev for v in cell.get((e2, month, k), [])]
                if own and peers:
                    num += len(own) * (math.fsum(own) / len(own) - math.fsum(peers) / len(peers))
                    den += len(own)
            out.append(EvaluatorMonth(ev, month, len(allv), m, sd, num / den if den else None))
    return out


@dataclass(frozen=True)
class Improvement:
    agent: str
    rates: tuple[float | None, ...]  # base period first, then the following periods
    improved: bool | None  # None when no later period has data


def improvement(
    failures: Mapping[tuple[str, str], tuple[int, int]], agents: Sequence[str], periods: Sequence[str]
) -> list[Improvement]:
    """``failures[(agent, period)] = (failed, answered)`` on the entry's items; ``periods[0]`` = base."""
    out = []
    for a in agents:
        rates: list[float | None] = []
        for p in periods:
            failed, answered = failures.get((a, p), (0, 0))
            rates.append(failed / answered if answered else None)
        later = [r for r in rates[1:] if r is not None]
        base = rates[0] if rates else None
        improved = None if not later or base is None else later[-1] < base
        out.append(Improvement(a, tuple(rates), improved))
    return out


__all__ = [
    "ParetoRow", "pareto", "Scored", "RetaliationResult", "retaliation_check", "EvaluatorMonth",
    "consistency", "Improvement", "improvement",
]  # fmt: skip
