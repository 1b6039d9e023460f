"""Agreement between evaluators: calibration and certification (SPEC §4), Django-free.

Input is a set of ratings ``(unit, rater, value)``: a unit is a recording (or an item of one
recording), a rater an evaluator, a value a number (a total in points, or an item answer coded as a
number); a missing rating is ``None``. :class:`Ratings` holds them as a units × raters matrix with
NaN for missing.

Statistics (own code, checked in the tests against the ``krippendorff`` and ``pingouin`` packages
and the Shrout & Fleiss (1979) worked example):

* **Krippendorff's alpha** (interval and nominal), from the coincidence matrix: ``alpha = 1 − D_o/D_e``.
  Only *pairable* values count: a unit with fewer than two ratings is left out. Alpha is ``None``
  (undefined, JSON null) when fewer than two pairable values exist or when all pairable values are
  identical (``D_e = 0``): with no variation, agreement cannot be told from chance — Krippendorff's
  own reading; the ``krippendorff`` package raises an error there.
* **ICC(2,1)**: two-way random effects, absolute agreement, single rater (Shrout & Fleiss 1979;
  McGraw & Wong ICC(A,1)), over the units every rater scored:
  ``(MSR − MSE) / (MSR + (k−1)·MSE + k·(MSC − MSE)/n)``. ``None`` with fewer than two such units,
  fewer than two raters, or a zero denominator (no variance at all).
* **Mean deviation** of a rater: the mean over the units they scored of (their value − the mean of
  all ratings of that unit, theirs included). A unit only they scored contributes 0. Positive =
  lenient, negative = severe.
* **Per-item agreement**: the share of raters giving the modal answer.
* **Certification**: pass when the mean absolute deviation from the reference is within the
  tolerance (default 5 points) over every reference unit, and every critical-item call matches.
* **Consensus reference**: the mean rating of each unit.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Rating:
    unit: str
    rater: str
    value: float | None


@dataclass(frozen=True)
class Ratings:
    """A units × raters matrix of values (NaN = missing), with the unit and rater names in order."""

    units: tuple[str, ...]
    raters: tuple[str, ...]
    matrix: np.ndarray = field(repr=False)

    @classmethod
    def from_ratings(cls, ratings: Iterable[Rating]) -> Ratings:
        """Build the matrix; units and raters in order of first appearance. Duplicates raise ValueError."""
        items = list(ratings)
        units = list(dict.fromkeys(r.unit for r in items))
        raters = list(dict.fromkeys(r.rater for r in items))
        ui = {u: i for i, u in enumerate(units)}
        ri = {r: i for i, r in enumerate(raters)}
        m = np.full((len(units), len(raters)), np.nan)
        seen: set[tuple[str, str]] = set()
        for r in items:
            if (r.unit, r.rater) in seen:
                raise ValueError(f"unit '{r.unit}' has two ratings by '{r.rater}'")
            seen.add((r.unit, r.rater))
            if r.value is not None:
                m[ui[r.unit], ri[r.rater]] = float(r.value)
        return cls(tuple(units), tuple(raters), m)

    @classmethod
    def from_matrix(cls, matrix: Sequence[Sequence[float | None]], units=None, raters=None) -> Ratings:
        """From rows = units, columns = raters (None or NaN = missing)."""
        m = np.array([[np.nan if v is None else float(v) for v in row] for row in matrix], dtype=float)
        m = m.reshape(len(matrix), -1) if len(matrix) else np.zeros((0, 0))
        u = tuple(units) if units is not None else tuple(str(i + 1) for i in range(m.shape[0]))
        r = tuple(raters) if raters is not None else tuple(str(j + 1) for j in range(m.shape[1]))
        return cls(u, r, m)


def _pairable(matrix: np.ndarray) -> list[np.ndarray]:
    """The values of each unit with at least two ratings."""
    out = []
    for row in matrix:
        vals = row[~np.isnan(row)]
        if len(vals) >= 2:
            out.append(vals)
    return out


def alpha_interval(ratings: Ratings) -> float | None:
    """Krippendorff's alpha with the interval metric δ² = (c − k)².

    Within unit u (m_u ratings) the ordered pairs contribute Σ_{i≠j}(x_i − x_j)² / (m_u − 1)
    = 2·m_u·SS_u / (m_u − 1) to the observed disagreement; over all n pairable values the expected
    disagreement uses 2·n·SS_total. So alpha = 1 − (n − 1)·Σ_u [m_u·SS_u/(m_u − 1)] / (n·SS_total).
    """
    units = _pairable(ratings.matrix)
    if not units:
        return None
    allv = np.concatenate(units)
    n = len(allv)
    ss_total = float(np.sum((allv - allv.mean()) ** 2))
    if n < 2 or ss_total <= 1e-12 * max(1.0, float(np.sum(allv**2))):
        return None
    observed = math.fsum(len(v) * float(np.sum((v - v.mean()) ** 2)) / (len(v) - 1) for v in units)
    return 1.0 - (n - 1) * observed / (n * ss_total)


def alpha_nominal(ratings: Ratings) -> float | None:
    """Krippendorff's alpha with the nominal metric (δ = 0 when equal, 1 otherwise).

    Observed: Σ_u (m_u² − Σ_c n_uc²)/(m_u − 1); expected: (n² − Σ_c n_c²)/(n − 1).
    """
    units = _pairable(ratings.matrix)
    if not units:
        return None
    totals: Counter[float] = Counter()
    observed = 0.0
    for v in units:
        counts = Counter(v.tolist())
        totals.update(counts)
        m = len(v)
        observed += (m * m - sum(c * c for c in counts.values())) / (m - 1)
    n = sum(totals.values())
    expected = n * n - sum(c * c for c in totals.values())
    if n < 2 or expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


def complete_units(ratings: Ratings) -> np.ndarray:
    """The rows of the units every rater scored (units × raters, no NaN).

    A rater who gave no rating at all (every value missing) is not counted as a rater here.
    """
    m = ratings.matrix
    if m.size == 0:
        return m
    m = m[:, ~np.isnan(m).all(axis=0)]
    return m[~np.isnan(m).any(axis=1)]


def icc2_1(ratings: Ratings) -> float | None:
    """ICC(2,1): two-way random, absolute agreement, single rater, over the complete units.

    With n units and k raters: MSR = k·Σ(row mean − grand)²/(n−1), MSC = n·Σ(col mean − grand)²/(k−1),
    MSE = residual SS/((n−1)(k−1)); ICC = (MSR − MSE)/(MSR + (k−1)MSE + k(MSC − MSE)/n).
    """
    x = complete_units(ratings)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2:
        return None
    n, k = x.shape
    grand = x.mean()
    rows = x.mean(axis=1)
    cols = x.mean(axis=0)
    ss_rows = k * float(np.sum((rows - grand) ** 2))
    ss_cols = n * float(np.sum((cols - grand) ** 2))
    ss_total = float(np.sum((x - grand) ** 2))
    ss_err = max(0.0, ss_total - ss_rows - ss_cols)
    msr = ss_rows / (n - 1)
    msc = ss_cols / (k - 1)
    mse = ss_err / ((n - 1) * (k - 1))
    denominator = msr + (k - 1) * mse + k * (msc - mse) / n
    if abs(denominator) <= 1e-12 * max(1.0, ss_total):
        return None
    return (msr - mse) / denominator


def consensus(ratings: Ratings) -> dict[str, float | None]:
    """The consensus reference: each unit's mean rating (None for a unit nobody rated)."""
    out: dict[str, float | None] = {}
    for unit, row in zip(ratings.units, ratings.matrix, strict=True):
        vals = row[~np.isnan(row)]
        out[unit] = float(vals.mean()) if len(vals) else None
    return out


@dataclass(frozen=True)
class RaterDeviation:
    """A rater's mean signed and mean absolute deviation (points) over ``n`` units."""

    mean_deviation: float | None
    mean_abs_deviation: float | None
    n: int


def rater_deviations(
    ratings: Ratings, reference: Mapping[str, float | None] | None = None
) -> dict[str, RaterDeviation]:
    """Each rater's deviation from the reference (an expert's scores), or from the unit means.

    Without a reference, the reference of a unit is the mean of all its ratings (the rater's own
    included). Units without a reference value are skipped.
    """
    ref = consensus(ratings) if reference is None else reference
    out: dict[str, RaterDeviation] = {}
    for j, rater in enumerate(ratings.raters):
        diffs = []
        for i, unit in enumerate(ratings.units):
            v = ratings.matrix[i, j]
            r = ref.get(unit)
            if not np.isnan(v) and r is not None:
                diffs.append(float(v) - float(r))
        if diffs:
            out[rater] = RaterDeviation(
                math.fsum(diffs) / len(diffs), math.fsum(abs(d) for d in diffs) / len(diffs), len(diffs)
            )
        else:
            out[rater] = RaterDeviation(None, None, 0)
    return out


def spread(ratings: Ratings) -> dict[str, dict[str, float | int | None]]:
    """Per unit: number of ratings, min, max and (population) standard deviation of the totals."""
    out: dict[str, dict[str, float | int | None]] = {}
    for unit, row in zip(ratings.units, ratings.matrix, strict=True):
        vals = row[~np.isnan(row)]
        if len(vals) == 0:
            out[unit] = {"n": 0, "min": None, "max": None, "sd": None}
        else:
            out[unit] = {
                "n": len(vals),
                "min": float(vals.min()),
                "max": float(vals.max()),
                "sd": float(vals.std()),
            }
    return out


def item_agreement(answers: Iterable[Hashable | None]) -> float | None:
    """Share of the raters giving the modal answer to one item (missing answers ignored)."""
    counts = Counter(a for a in answers if a is not None)
    total = sum(counts.values())
    return None if total == 0 else max(counts.values()) / total


@dataclass(frozen=True)
class CertificationResult:
    """Outcome for one candidate: pass/fail, the mean absolute deviation (points) and why."""

    passed: bool
    mean_abs_deviation: float | None
    n: int
    missing_units: tuple[str, ...]
    critical_mismatches: tuple[tuple[str, str], ...]
    tolerance: float


def certify(
    candidate: Mapping[str, float],
    reference: Mapping[str, float],
    *,
    tolerance: float = 5.0,
    candidate_critical: Mapping[tuple[str, str], Hashable] | None = None,
    reference_critical: Mapping[tuple[str, str], Hashable] | None = None,
) -> CertificationResult:
    """Certification of a new QA monitor on a gold set (§4).

    ``candidate`` and ``reference`` map unit → total (points); the ``*_critical`` maps give the
    answer to each critical item, keyed (unit, item). Passes when every reference unit was scored,
    the mean absolute deviation is <= ``tolerance`` and every critical answer equals the reference's.
    """
    missing = tuple(u for u in reference if u not in candidate or candidate[u] is None)
    diffs = [abs(float(candidate[u]) - float(reference[u])) for u in reference if u not in missing]
    mad = math.fsum(diffs) / len(diffs) if diffs else None
    ref_crit = reference_critical or {}
    cand_crit = candidate_critical or {}
    mismatches = tuple(sorted(key for key, answer in ref_crit.items() if cand_crit.get(key) != answer))
    passed = not missing and mad is not None and mad <= tolerance and not mismatches
    return CertificationResult(passed, mad, len(diffs), missing, mismatches, tolerance)


__all__: Sequence[str] = (
    "Rating", "Ratings", "alpha_interval", "alpha_nominal", "complete_units", "icc2_1", "consensus",
    "RaterDeviation", "rater_deviations", "spread", "item_agreement", "CertificationResult", "certify",
)  # fmt: skip
