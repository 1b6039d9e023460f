"""A slow, literal reference of SPEC §3.2 (recording selection), written from the SPEC text only.

It reads the SPEC §2 CSV layout with the csv module itself (UTF-8, UTF-8 with BOM, GB18030) and
returns the same JSON shape as ``hotline sample --json`` (CLI.md), so the differential test can
compare the product with it. Times without an offset are in Asia/Shanghai; durations are seconds
from answer to end; a call's date and weekday are those of its answer time in the center's zone
(the plain calendar weekday: a 调休 Saturday stays a Saturday).

Readings settled after comparing with the product (step 3 of the differential check):
* agents are listed in work-number order (all-digit numbers by value, then the rest as text);
* ``first-monday`` / ``last-friday`` rank *all* calls: the Monday (Friday) calls first, then the rest
  the same way, so the criterion still picks when every Monday call is already taken;
* equal starts in ``last-friday`` fall to the smaller call id ("ties not settled above");
* H1 fill after every date is used goes round-robin over the dates (most calls first);
* an agent with calls in the period but none eligible is listed as short with 0;
* a file without a ``recording`` column counts every answered call as recorded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from fractions import Fraction
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
TRUE = {"1", "true", "是", "yes", "y", "t"}


@dataclass(frozen=True)
class Call:
    call_id: str
    agent: str
    start: dt.datetime  # answer time, aware, in the center's zone
    end: dt.datetime
    duration: Fraction  # seconds, answer → end, exact (so ties are ties)
    has_recording: bool

    @property
    def date(self) -> dt.date:
        return self.start.date()


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _time(text: str, tz: dt.tzinfo) -> dt.datetime:
    t = dt.datetime.fromisoformat(text.strip())
    if t.tzinfo is None:
        t = t.replace(tzinfo=tz)
    return t.astimezone(tz)


def read_calls(path: str, tz: dt.tzinfo = TZ) -> tuple[list[Call], set[str], list[tuple[str, dt.date]]]:
    """Answered calls (all of them, eligible or not) and every agent named, with each call's date.

    A file without a ``recording`` column is read as fully recorded (the product's reading: the
    column is optional in §2, and a center that records every call need not export the paths)."""
    with open(path, "rb") as fh:
        text = _decode(fh.read())
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    recorded_column = "recording" in [(h or "").strip() for h in reader.fieldnames or []]
    calls: list[Call] = []
    agent_dates: list[tuple[str, dt.date]] = []
    for row in rows:
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        agent = row.get("agent", "")
        answered = row.get("answered_at", "")
        abandoned = row.get("abandoned", "").lower() in TRUE
        if answered:
            start = _time(answered, tz)
        elif row.get("queued_at"):
            start = _time(row["queued_at"], tz)
        else:
            start = _time(row["ended_at"], tz)
        if agent:
            agent_dates.append((agent, start.date()))
        if not answered or abandoned or not agent:
            continue
        end = _time(row["ended_at"], tz)
        calls.append(
            Call(
                call_id=row["call_id"],
                agent=agent,
                start=start,
                end=end,
                duration=Fraction(
                    (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)) // dt.timedelta(microseconds=1),
                    1_000_000,
                ),
                has_recording=bool(row.get("recording", "")) if recorded_column else True,
            )
        )
    return calls, {a for a, _ in agent_dates}, agent_dates


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    m = re.fullmatch(r"(\d{4})-(\d{2})-H([12])", period)
    assert m, period
    y, mo, h = int(m[1]), int(m[2]), int(m[3])
    if h == 1:
        return dt.date(y, mo, 1), dt.date(y, mo, 15)
    nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
    return dt.date(y, mo, 16), nxt - dt.timedelta(days=1)


def _id_key(call_id: str):
    return call_id  # "the smaller call id": call ids are text, compared as text


def work_number_order(agent: str) -> tuple:
    """Agents in work-number order: all-digit numbers by value (7 < 12 < 100), then the rest as text."""
    return (0, int(agent), agent) if agent.isdigit() else (1, 0, agent)


def _micro(t: dt.datetime) -> int:
    return (t - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


def h1_picks(calls: list[Call]) -> list[tuple[Call, str]]:
    by_date: dict[dt.date, list[Call]] = {}
    for c in calls:
        by_date.setdefault(c.date, []).append(c)
    avg = {d: sum(c.duration for c in cs) / len(cs) for d, cs in by_date.items()}  # exact Fractions
    picked: list[tuple[Call, str]] = []
    taken: set[str] = set()

    def closest(d: dt.date) -> Call | None:
        left = [c for c in by_date[d] if c.call_id not in taken]
        if not left:
            return None
        return min(left, key=lambda c: (abs(c.duration - avg[d]), c.start, _id_key(c.call_id)))

    per_weekday: dict[int, int] = {}
    for c in calls:
        per_weekday[c.date.weekday()] = per_weekday.get(c.date.weekday(), 0) + 1
    weekdays = sorted(per_weekday, key=lambda w: (-per_weekday[w], w))[:5]
    used: list[dt.date] = []
    for w in weekdays:
        dates = [d for d in by_date if d.weekday() == w]
        d = min(dates, key=lambda d: (-len(by_date[d]), d))
        c = closest(d)
        picked.append((c, "weekday"))
        taken.add(c.call_id)
        used.append(d)
    date_order = sorted(by_date, key=lambda d: (-len(by_date[d]), d))
    for d in date_order:
        if len(picked) >= 5:
            break
        if d in used:
            continue
        c = closest(d)
        picked.append((c, "fill"))
        taken.add(c.call_id)
        used.append(d)
    while len(picked) < 5 and len(taken) < len(calls):
        for d in date_order:
            if len(picked) >= 5:
                break
            c = closest(d)
            if c is not None:
                picked.append((c, "fill"))
                taken.add(c.call_id)
    return picked


def h2_picks(calls: list[Call]) -> list[tuple[Call, str]]:
    picked: list[tuple[Call, str]] = []
    taken: set[str] = set()

    def first(ranked: list[Call]) -> Call | None:
        for c in ranked:
            if c.call_id not in taken:
                return c
        return None

    def take(c: Call | None, criterion: str) -> None:
        if c is not None:
            picked.append((c, criterion))
            taken.add(c.call_id)

    take(first(sorted(calls, key=lambda c: (-c.duration, c.start, _id_key(c.call_id)))), "longest")
    take(first(sorted(calls, key=lambda c: (c.duration, c.start, _id_key(c.call_id)))), "shortest")
    # "a criterion ranks all eligible calls": the Monday calls first, then (no Monday left, or none
    # at all) every other call the same way; likewise Fridays, latest first.
    chrono = sorted(calls, key=lambda c: (c.date, c.start, _id_key(c.call_id)))
    mondays = [c for c in chrono if c.date.weekday() == 0]
    take(first(mondays + [c for c in chrono if c not in mondays]), "first-monday")
    latest = sorted(calls, key=lambda c: (-_micro(c.start), _id_key(c.call_id)))
    fridays = [c for c in latest if c.date.weekday() == 4]
    take(first(fridays + [c for c in latest if c not in fridays]), "last-friday")
    gaps: list[tuple[int, Call]] = []
    for d in {c.date for c in calls}:
        day = sorted((c for c in calls if c.date == d), key=lambda c: (c.start, _id_key(c.call_id)))
        for prev, cur in zip(day, day[1:], strict=False):
            gaps.append((_micro(cur.start) - _micro(prev.end), cur))
    gaps.sort(key=lambda g: (-g[0], g[1].start, _id_key(g[1].call_id)))
    c = first([g[1] for g in gaps])
    if c is not None:
        take(c, "longest-gap")
    else:
        take(first(sorted(calls, key=lambda c: (-c.duration, c.start, _id_key(c.call_id)))), "fill")
    return picked


def sample(path: str, period: str, min_seconds: float = 15, tz: str = "Asia/Shanghai") -> dict:
    """The ``hotline sample --json`` answer for one file and period, per SPEC §3.2 and CLI.md."""
    first_day, last_day = period_bounds(period)
    calls, _agents, agent_dates = read_calls(path, ZoneInfo(tz))
    min_seconds = Fraction(min_seconds)
    agents = sorted({a for a, d in agent_dates if first_day <= d <= last_day}, key=work_number_order)
    picks: list[dict] = []
    short: list[dict] = []
    for agent in agents:
        eligible = [
            c
            for c in calls
            if c.agent == agent
            and c.has_recording
            and c.duration >= min_seconds
            and first_day <= c.date <= last_day
        ]
        chosen = h1_picks(eligible) if period.endswith("H1") else h2_picks(eligible)
        picks.extend({"agent": agent, "call_id": c.call_id, "criterion": k} for c, k in chosen)
        if len(eligible) < 5:
            short.append({"agent": agent, "eligible": len(eligible)})
    return {"period": period, "picks": picks, "short": short}
