"""Operations KPIs over call records (SPEC §7), Django-free.

Every KPI is a pure function over :class:`~hotline.core.calllog.CallRecord` values, and each has a
:class:`KpiDefinition` (name and formula in Chinese and English, unit) that the UI shows beside the
number. Times are seconds, rates are fractions in [0, 1].

Decisions (the SPEC leaves them open; they are stated here so the UI and the tests agree):

* **Inbound only.** Offered, answered, abandoned, service level, ASA, AHT, FCR and satisfaction are
  queue KPIs: they count inbound calls (``direction == "in"``) only. Outbound calls are counted
  separately (``outbound``) and otherwise left out.
* **Wait.** Queue entry to answer for answered calls, queue entry to hang-up for abandoned calls
  (``CallRecord.wait_seconds``). Without a queue time the wait is unknown.
* **Short abandon.** An inbound abandoned call whose wait is known and *strictly less* than the
  threshold (default 5 s). Without a queue time a call cannot be shown to be a short abandon, so it
  counts as a real abandon. Short abandons are excluded from offered and from abandoned.
* **Service level.** Answered calls whose wait is known and ``<= T`` (default 20 s; the boundary
  counts as within, the industry standard) over *offered*. A call with unknown wait stays in the
  denominator but cannot be counted as answered in time. When no call of the group has a known wait
  (no queue times at all) the service level is unmeasurable: null.
* **ASA.** Mean wait of the answered calls whose wait is known.
* **AHT.** (talk + hold + after-call work) summed over answered calls / answered; talk is
  ``talk_seconds`` when present, else answer → end (``CallRecord.handle_seconds``).
* **FCR / satisfaction.** Share of ``True`` among the answered calls that carry a value, with that
  count as the sample size ``n``.
* **Null, not zero.** Every rate or mean whose denominator is 0 is ``None``.
* **Grouping.** center, skill, agent, day, week, month. Day/week/month are dates in the center's
  time zone of the call's start: queue time, else answer time, else end time. Calls without a value
  for the grouping field (e.g. an abandoned call without an agent) form the group ``""``.

Two implementations share these rules: a plain one (:func:`summarise`, one group at a time, the
readable reference) and a vectorised one (:func:`summarise_by`, numpy ``bincount`` over column
arrays) for a year of calls of a large center; the tests hold them equal.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from zoneinfo import ZoneInfo

import numpy as np

from .calllog import DEFAULT_TZ, CallRecord

GROUPINGS = ("center", "skill", "agent", "day", "week", "month")


@dataclass(frozen=True)
class KpiDefinition:
    """What the UI shows next to a KPI: its name, formula (zh and en) and unit."""

    key: str
    name_zh: str
    name_en: str
    formula_zh: str
    formula_en: str
    unit: str  # "calls", "ratio", "seconds", "points"


DEFINITIONS: tuple[KpiDefinition, ...] = (
    KpiDefinition("offered", "呼入量", "Offered", "进入队列的呼入电话 − 短时放弃",
                  "inbound calls that entered the queue − short abandons", "calls"),
    KpiDefinition("answered", "接通量", "Answered", "被座席接起的呼入电话", "inbound calls answered by an agent", "calls"),
    KpiDefinition("abandoned", "放弃量", "Abandoned", "放弃的呼入电话 − 短时放弃",
                  "abandoned inbound calls − short abandons", "calls"),
    KpiDefinition("short_abandons", "短时放弃", "Short abandons", "排队等待 < 阈值（默认5秒）即放弃的电话",
                  "abandoned calls with wait < threshold (default 5 s)", "calls"),
    KpiDefinition("abandonment_rate", "放弃率", "Abandonment rate", "放弃量 ÷ 呼入量", "abandoned ÷ offered", "ratio"),
    KpiDefinition("service_level", "服务水平", "Service level", "等待 ≤ T秒内接通的电话 ÷ 呼入量",
                  "calls answered with wait ≤ T s ÷ offered", "ratio"),
    KpiDefinition("asa", "平均应答速度", "ASA", "接通电话的排队等待时长之和 ÷ 有排队时间的接通量",
                  "sum of waits of answered calls ÷ answered calls with a known wait", "seconds"),
    KpiDefinition("aht", "平均处理时长", "AHT", "（通话 + 保持 + 话后处理）÷ 接通量",
                  "(talk + hold + after-call work) ÷ answered", "seconds"),
    KpiDefinition("occupancy", "占用率", "Occupancy", "处理时长 ÷ 在岗时长", "handle time ÷ staffed time", "ratio"),
    KpiDefinition("fcr", "首次解决率", "First-contact resolution", "一次解决的电话 ÷ 有解决标记的接通电话（附样本量）",
                  "resolved calls ÷ answered calls with a resolved flag (with n)", "ratio"),
    KpiDefinition("satisfaction", "满意率", "Satisfaction", "满意的回答 ÷ 全部回答（附样本量）",
                  "satisfied answers ÷ answers given (with n)", "ratio"),
    KpiDefinition("qa_score", "质检平均分", "QA score", "评分之和 ÷ 评分次数", "sum of evaluation scores ÷ evaluations",
                  "points"),
)  # fmt: skip


@dataclass(frozen=True)
class KpiSettings:
    """Thresholds in seconds: ``answer_time`` is the service-level T, ``short_abandon`` the cut-off."""

    answer_time: float = 20.0
    short_abandon: float = 5.0


@dataclass(frozen=True)
class KpiRow:
    """The KPIs of one group. Counts are calls; rates fractions; ``asa``/``aht`` seconds; None = n/a."""

    group: str
    offered: int
    answered: int
    abandoned: int
    short_abandons: int
    abandonment_rate: float | None
    service_level: float | None
    answered_within: int
    asa: float | None
    aht: float | None
    fcr: float | None
    fcr_n: int
    satisfaction: float | None
    satisfaction_n: int
    outbound: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is 0 (a rate of nothing is not 0)."""
    return None if denominator == 0 else numerator / denominator


# --- the definitions, one call or one set of calls at a time -------------------------------------


def is_inbound(call: CallRecord) -> bool:
    return call.direction == "in"


def is_short_abandon(call: CallRecord, threshold: float = 5.0) -> bool:
    """Inbound, abandoned, wait known and wait < ``threshold`` seconds."""
    wait = call.wait_seconds
    return is_inbound(call) and call.abandoned and wait is not None and wait < threshold


def offered(calls: Iterable[CallRecord], short_abandon: float = 5.0) -> int:
    """Inbound calls minus short abandons."""
    return sum(1 for c in calls if is_inbound(c) and not is_short_abandon(c, short_abandon))


def answered(calls: Iterable[CallRecord]) -> int:
    """Inbound calls answered by an agent."""
    return sum(1 for c in calls if is_inbound(c) and c.answered)


def abandoned(calls: Iterable[CallRecord], short_abandon: float = 5.0) -> int:
    """Inbound abandoned calls minus short abandons."""
    return sum(1 for c in calls if is_inbound(c) and c.abandoned and not is_short_abandon(c, short_abandon))


def short_abandons(calls: Iterable[CallRecord], short_abandon: float = 5.0) -> int:
    """Inbound abandoned calls with a known wait < ``short_abandon`` seconds."""
    return sum(1 for c in calls if is_short_abandon(c, short_abandon))


def abandonment_rate(calls: Sequence[CallRecord], short_abandon: float = 5.0) -> float | None:
    """abandoned / offered (short abandons excluded from both); None without offered calls."""
    return ratio(abandoned(calls, short_abandon), offered(calls, short_abandon))


def answered_within(calls: Iterable[CallRecord], answer_time: float = 20.0) -> int:
    """Inbound answered calls with a known wait <= ``answer_time`` seconds."""
    n = 0
    for c in calls:
        wait = c.wait_seconds
        if is_inbound(c) and c.answered and wait is not None and wait <= answer_time:
            n += 1
    return n


def service_level(
    calls: Sequence[CallRecord], answer_time: float = 20.0, short_abandon: float = 5.0
) -> float | None:
    """answered with wait <= T / offered; None without offered calls or without any known wait."""
    n_offered = offered(calls, short_abandon)
    known = any(
        c.wait_seconds is not None for c in calls if is_inbound(c) and not is_short_abandon(c, short_abandon)
    )
    if n_offered == 0 or not known:
        return None
    return answered_within(calls, answer_time) / n_offered


def asa(calls: Iterable[CallRecord]) -> float | None:
    """Average speed of answer, seconds: mean wait of inbound answered calls with a known wait."""
    waits = [c.wait_seconds for c in calls if is_inbound(c) and c.answered and c.wait_seconds is not None]
    return ratio(math.fsum(waits), len(waits))  # type: ignore[arg-type]


def aht(calls: Iterable[CallRecord]) -> float | None:
    """Average handle time, seconds: (talk + hold + after-call work) over inbound answered calls."""
    handles = [c.handle_seconds for c in calls if is_inbound(c) and c.answered]
    return ratio(math.fsum(handles), len(handles))


def occupancy(handle_seconds: float, staffed_seconds: float) -> float | None:
    """Share of staffed time spent handling calls: handle / staffed (both seconds, from agent states).

    Staffed time is the time logged in and available or handling (breaks excluded). None when the
    agent was never staffed.
    """
    return ratio(handle_seconds, staffed_seconds)


def fcr(calls: Iterable[CallRecord]) -> tuple[float | None, int]:
    """(share resolved, n) over inbound answered calls that carry a resolved flag."""
    flags = [c.resolved for c in calls if is_inbound(c) and c.answered and c.resolved is not None]
    return ratio(sum(flags), len(flags)), len(flags)


def satisfaction(calls: Iterable[CallRecord]) -> tuple[float | None, int]:
    """(share satisfied, n) over inbound answered calls whose customer gave an answer."""
    flags = [c.satisfied for c in calls if is_inbound(c) and c.answered and c.satisfied is not None]
    return ratio(sum(flags), len(flags)), len(flags)


def qa_score(scores: Iterable[float]) -> float | None:
    """Mean of evaluation scores (points); None without evaluations."""
    values = list(scores)
    return ratio(math.fsum(values), len(values))


def summarise(calls: Sequence[CallRecord], group: str = "", settings: KpiSettings | None = None) -> KpiRow:
    """Every call-based KPI of one set of calls, by the plain definitions above."""
    s = settings or KpiSettings()
    f, f_n = fcr(calls)
    sat, sat_n = satisfaction(calls)
    return KpiRow(
        group=group,
        offered=offered(calls, s.short_abandon),
        answered=answered(calls),
        abandoned=abandoned(calls, s.short_abandon),
        short_abandons=short_abandons(calls, s.short_abandon),
        abandonment_rate=abandonment_rate(calls, s.short_abandon),
        service_level=service_level(calls, s.answer_time, s.short_abandon),
        answered_within=answered_within(calls, s.answer_time),
        asa=asa(calls),
        aht=aht(calls),
        fcr=f,
        fcr_n=f_n,
        satisfaction=sat,
        satisfaction_n=sat_n,
        outbound=sum(1 for c in calls if not is_inbound(c)),
    )


# --- grouping -------------------------------------------------------------------------------------


def _zone(tz: dt.tzinfo | str) -> dt.tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _week_label(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def group_key(call: CallRecord, by: str, tz: dt.tzinfo | str = DEFAULT_TZ) -> str:
    """The group a call belongs to: a field value, or its start date in ``tz`` (day/week/month)."""
    if by in ("center", "skill", "agent"):
        return getattr(call, by)
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by '{by}' (use one of {', '.join(GROUPINGS)})")
    start = call.started_at
    if start is None:
        return ""
    day = start.astimezone(_zone(tz)).date()
    if by == "day":
        return day.isoformat()
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return _week_label(day)


def summarise_by_loop(
    calls: Iterable[CallRecord],
    by: str,
    settings: KpiSettings | None = None,
    tz: dt.tzinfo | str = DEFAULT_TZ,
) -> list[KpiRow]:
    """One :func:`summarise` per group, sorted by group: the plain per-group Python loop."""
    zone = _zone(tz)
    groups: dict[str, list[CallRecord]] = {}
    for c in calls:
        groups.setdefault(group_key(c, by, zone), []).append(c)
    return [summarise(groups[g], g, settings) for g in sorted(groups)]


# --- the vectorised path --------------------------------------------------------------------------


@dataclass(frozen=True)
class CallColumns:
    """Calls as column arrays (one entry per call) for fast aggregation.

    ``wait`` and ``handle`` are seconds (``wait`` NaN when unknown); ``resolved``/``satisfied`` are
    1.0/0.0/NaN; ``start`` is the start time in UTC epoch seconds; ``center``/``skill``/``agent``
    are object arrays of strings.
    """

    inbound: np.ndarray
    answered: np.ndarray
    abandoned: np.ndarray
    wait: np.ndarray
    handle: np.ndarray
    resolved: np.ndarray
    satisfied: np.ndarray
    start: np.ndarray
    center: np.ndarray
    skill: np.ndarray
    agent: np.ndarray

    def __len__(self) -> int:
        return len(self.inbound)

    @classmethod
    def from_records(cls, calls: Sequence[CallRecord]) -> CallColumns:
        nan = math.nan
        n = len(calls)
        flags = np.empty((n, 3), dtype=bool)  # inbound, answered, abandoned
        numbers = np.empty((n, 5), dtype=float)  # wait, handle, resolved, satisfied, start
        center = np.empty(n, dtype=object)
        skill = np.empty(n, dtype=object)
        agent = np.empty(n, dtype=object)
        for i, c in enumerate(calls):
            ans = c.answered
            wait = c.wait_seconds
            start = c.started_at
            flags[i] = (c.direction == "in", ans, c.abandoned)
            numbers[i] = (
                nan if wait is None else wait,
                c.handle_seconds if ans else 0.0,
                nan if c.resolved is None else float(c.resolved),
                nan if c.satisfied is None else float(c.satisfied),
                nan if start is None else start.timestamp(),
            )
            center[i], skill[i], agent[i] = c.center, c.skill, c.agent
        return cls(
            inbound=flags[:, 0].copy(), answered=flags[:, 1].copy(), abandoned=flags[:, 2].copy(),
            wait=numbers[:, 0].copy(), handle=numbers[:, 1].copy(), resolved=numbers[:, 2].copy(),
            satisfied=numbers[:, 3].copy(), start=numbers[:, 4].copy(), center=center, skill=skill, agent=agent,
        )  # fmt: skip


def _group_codes(cols: CallColumns, by: str, tz: dt.tzinfo | str) -> tuple[np.ndarray, list[str]]:
    """Integer group code per call and the label of each code."""
    import pandas as pd

    if by in ("center", "skill", "agent"):
        codes, uniques = pd.factorize(getattr(cols, by), sort=False)
        return codes, [str(u) for u in uniques]
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by '{by}' (use one of {', '.join(GROUPINGS)})")
    zone = _zone(tz)
    known = ~np.isnan(cols.start)
    # Whole microseconds (exact at midnight). UTC offsets change only on quarter hours, so look the
    # offset up once per distinct quarter hour instead of once per call.
    micros = np.round(np.where(known, cols.start, 0.0) * 1e6).astype(np.int64)
    quarter = 900_000_000
    q_codes, q_uniques = pd.factorize(micros // quarter)
    offsets = np.array(
        [dt.datetime.fromtimestamp(int(q) * 900, tz=zone).utcoffset().total_seconds() for q in q_uniques],
        dtype=np.float64,
    )
    local = micros + np.round(offsets * 1e6).astype(np.int64)[q_codes]
    days = np.where(known, local // 86_400_000_000, np.iinfo(np.int64).min)
    codes, uniques = pd.factorize(days, sort=False)
    labels = []
    for u in uniques:
        if u == np.iinfo(np.int64).min:
            labels.append("")
            continue
        day = dt.date(1970, 1, 1) + dt.timedelta(days=int(u))
        if by == "day":
            labels.append(day.isoformat())
        elif by == "month":
            labels.append(f"{day.year:04d}-{day.month:02d}")
        else:
            labels.append(_week_label(day))
    if by != "day":  # several days share a week or month label: merge their codes
        merged, label_codes = np.unique(np.array(labels, dtype=object), return_inverse=True)
        return label_codes[codes], [str(m) for m in merged]
    return codes, labels


def summarise_by(
    calls: Sequence[CallRecord] | CallColumns,
    by: str,
    settings: KpiSettings | None = None,
    tz: dt.tzinfo | str = DEFAULT_TZ,
) -> list[KpiRow]:
    """The KPIs of every group, sorted by group label; same rules as :func:`summarise`, vectorised."""
    s = settings or KpiSettings()
    cols = calls if isinstance(calls, CallColumns) else CallColumns.from_records(calls)
    if len(cols) == 0:
        return []
    codes, labels = _group_codes(cols, by, tz)
    g = len(labels)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(codes, weights=mask.astype(np.float64), minlength=g)

    def total(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.bincount(codes, weights=np.where(mask, values, 0.0), minlength=g)

    inb = cols.inbound
    wait_known = ~np.isnan(cols.wait)
    with np.errstate(invalid="ignore"):
        short = inb & cols.abandoned & wait_known & (cols.wait < s.short_abandon)
        within_t = wait_known & (cols.wait <= s.answer_time)
    off = inb & ~short
    ans = inb & cols.answered
    n_off = count(off)
    n_ans = count(ans)
    n_ab = count(inb & cols.abandoned & ~short)
    n_short = count(short)
    n_within = count(ans & within_t)
    n_known = count(off & wait_known)
    asa_mask = ans & wait_known
    wait_sum, wait_n = total(cols.wait, asa_mask), count(asa_mask)
    handle_sum = total(cols.handle, ans)
    res_mask = ans & ~np.isnan(cols.resolved)
    sat_mask = ans & ~np.isnan(cols.satisfied)
    res_yes, res_n = total(cols.resolved, res_mask), count(res_mask)
    sat_yes, sat_n = total(cols.satisfied, sat_mask), count(sat_mask)
    n_out = count(~inb)

    rows = []
    for i in sorted(range(g), key=lambda j: labels[j]):
        o = int(n_off[i])
        rows.append(
            KpiRow(
                group=labels[i],
                offered=o,
                answered=int(n_ans[i]),
                abandoned=int(n_ab[i]),
                short_abandons=int(n_short[i]),
                abandonment_rate=ratio(int(n_ab[i]), o),
                service_level=None if n_known[i] == 0 else ratio(int(n_within[i]), o),
                answered_within=int(n_within[i]),
                asa=ratio(float(wait_sum[i]), int(wait_n[i])),
                aht=ratio(float(handle_sum[i]), int(n_ans[i])),
                fcr=ratio(float(res_yes[i]), int(res_n[i])),
                fcr_n=int(res_n[i]),
                satisfaction=ratio(float(sat_yes[i]), int(sat_n[i])),
                satisfaction_n=int(sat_n[i]),
                outbound=int(n_out[i]),
            )
        )
    return rows


__all__: Sequence[str] = (
    "GROUPINGS", "DEFINITIONS", "KpiDefinition", "KpiSettings", "KpiRow", "CallColumns", "ratio",
    "is_inbound", "is_short_abandon", "offered", "answered", "abandoned", "short_abandons",
    "abandonment_rate", "answered_within", "service_level", "asa", "aht", "occupancy", "fcr",
    "satisfaction", "qa_score", "summarise", "group_key", "summarise_by_loop", "summarise_by",
)  # fmt: skip
