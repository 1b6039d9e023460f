"""The appraisal over a year (SPEC §6), Django-free: the manual's dismissal flags (辞退) and the
half-year / annual totals with rank (半年、年总分). The readings are stated in ``hotline.core.appraisal``'s
docstring (units: days, counts, points)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .appraisal import ABSENCE_KIND, EPS, AppraisalInput, RuleSet, _dedupe

# --- dismissal flags (辞退, flagged for the manager) -------------------------------------------------


@dataclass(frozen=True)
class MonthFacts:
    """What the dismissal rules read from one month of an agent: leave days, counts and the total."""

    month: dt.date  # the 1st
    sick_days: float = 0.0
    personal_days: float = 0.0
    late_early: int = 0  # late arrivals and early leaves
    absences: int = 0  # unexcused absences (旷工: violations of kind ABSENCE_KIND)
    total: int | None = None  # the month's appraisal total, when known


def month_facts(inp: AppraisalInput, total: int | None = None) -> MonthFacts:
    """The :class:`MonthFacts` of one month's input (already de-duplicated or not: ids count once)."""
    inp, _notes = _dedupe(inp)
    days = {k: sum(e.days for e in inp.attendance if e.kind == k) for k in ("sick", "personal")}
    return MonthFacts(
        month=inp.month.replace(day=1),
        sick_days=float(days["sick"]),
        personal_days=float(days["personal"]),
        late_early=sum(1 for e in inp.attendance if e.kind in ("late", "early")),
        absences=sum(1 for v in inp.violations if v.kind == ABSENCE_KIND),
        total=total,
    )


@dataclass(frozen=True)
class DismissalFlag:
    """One dismissal condition of the manual met (``rule``), with the figures that meet it."""

    rule: str  # dismissal.sick, dismissal.personal, dismissal.combined, dismissal.low_total
    label: str
    quantity: float
    unit: str
    months: tuple[dt.date, ...] = ()


def _prev_month(first: dt.date) -> dt.date:
    return (first - dt.timedelta(days=1)).replace(day=1)


def dismissal_flags(facts: Sequence[MonthFacts], month: dt.date, rules: RuleSet) -> tuple[DismissalFlag, ...]:
    """The dismissal conditions met by an agent in the calendar year of ``month`` up to that month
    (SPEC §6, the manual's 考勤规定 1)–3)); ``facts`` may hold any months (others are ignored).
    Flags only: the manager decides ("特殊情况酌情处理")."""
    first = month.replace(day=1)
    year = [f for f in facts if f.month.year == first.year and f.month <= first]
    out: list[DismissalFlag] = []
    for kind, limit, name in (
        ("sick", rules.dismissal_sick_days, "病假"),
        ("personal", rules.dismissal_personal_days, "事假"),
    ):
        days = sum(getattr(f, f"{kind}_days") for f in year)
        if days > limit + EPS:
            months = tuple(f.month for f in year if getattr(f, f"{kind}_days") > 0)
            out.append(DismissalFlag(f"dismissal.{kind}", f"全年累计{name}{days:g}天，超过{limit:g}天",
                                     days, "天", months))  # fmt: skip
    absent = [f.month for f in year if f.absences]
    late = [f.month for f in year if f.late_early]
    long_sick = [f.month for f in year if f.sick_days >= rules.long_sick_days - EPS]
    if absent and late and long_sick:
        out.append(DismissalFlag(
            "dismissal.combined",
            f"一年内既有旷工、又有迟到早退、又有长时间病假（单月病假满{rules.long_sick_days:g}天）",
            sum(f.absences for f in year), "次", tuple(sorted({*absent, *late, *long_sick})),
        ))  # fmt: skip
    if rules.low_total_below > 0 and rules.low_total_months > 0:
        by_month = {f.month: f.total for f in facts}
        run, m = [], first
        while len(run) < rules.low_total_months:
            t = by_month.get(m)
            if t is None or t >= rules.low_total_below:
                break
            run.append(m)
            m = _prev_month(m)
        if len(run) == rules.low_total_months:
            out.append(DismissalFlag(
                "dismissal.low_total",
                f"连续{rules.low_total_months}个月总分低于{rules.low_total_below}分",
                len(run), "个月", tuple(sorted(run)),
            ))  # fmt: skip
    return tuple(out)


# --- half-year and annual totals (半年、年总分) --------------------------------------------------------


@dataclass(frozen=True)
class RankedTotal:
    key: str
    total: int
    months: int  # months with a result
    rank: int


def period_months(year: int, half: int | None) -> tuple[dt.date, ...]:
    """The 1sts of the months of a half-year (1: Jan–Jun, 2: Jul–Dec) or the whole year (None)."""
    if half not in (None, 1, 2):
        raise ValueError("half must be 1, 2 or None")
    start, end = {None: (1, 12), 1: (1, 6), 2: (7, 12)}[half]
    return tuple(dt.date(year, m, 1) for m in range(start, end + 1))


def rank_totals(totals: Sequence[tuple[str, Sequence[int]]]) -> list[RankedTotal]:
    """Each key's sum of monthly totals, ranked highest first; equal sums share a rank (1, 1, 3).
    The order among equals is the input order (pass keys already sorted, e.g. by pinyin)."""
    summed = [(key, sum(months), len(months)) for key, months in totals]
    order = sorted(range(len(summed)), key=lambda i: -summed[i][1])  # stable
    out: list[RankedTotal] = []
    for pos, i in enumerate(order):
        key, total, n = summed[i]
        rank = out[-1].rank if out and out[-1].total == total else pos + 1
        out.append(RankedTotal(key, total, n, rank))
    return out


__all__: Sequence[str] = (
    "DismissalFlag", "MonthFacts", "RankedTotal", "dismissal_flags", "month_facts", "period_months", "rank_totals",
)  # fmt: skip
