"""Random call and agent CSVs full of edge cases, for the differential tests of §3.2 and §3.3.

Everything is driven by a ``random.Random`` so that a failing seed can be replayed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

ALL_CALL_COLUMNS = [
    "call_id", "agent", "answered_at", "ended_at", "queued_at", "center", "skill", "direction",
    "customer", "talk_seconds", "hold_seconds", "acw_seconds", "abandoned", "recording",
]  # fmt: skip
OFFSETS = ["", "", "", "+08:00", "+00:00", "-05:00", "+09:00", "Z"]
PROFILES = [
    "normal", "few", "no-mon-fri", "weekend", "overlap", "equal", "midnight", "one-day", "two-weekdays",
]  # fmt: skip


def random_period(rng: random.Random) -> str:
    return f"{rng.choice([2024, 2025])}-{rng.randint(1, 12):02d}-H{rng.randint(1, 2)}"


def _period_days(period: str) -> list[dt.date]:
    y, m, h = int(period[:4]), int(period[5:7]), period[-1]
    first = dt.date(y, m, 1 if h == "1" else 16)
    last = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1) if h == "2" else dt.date(y, m, 15)
    # two days either side so that the period's edges are exercised
    return [first + dt.timedelta(days=i) for i in range(-2, (last - first).days + 3)]


def _iso(t: dt.datetime, offset: str) -> str:
    """``t`` is naive Asia/Shanghai wall time; write it with ``offset`` (the same instant)."""
    if offset == "":
        return t.isoformat(sep=rng_sep(t))
    hours = {"+08:00": 8, "+00:00": 0, "-05:00": -5, "+09:00": 9, "Z": 0}[offset]
    shifted = t + dt.timedelta(hours=hours - 8)
    return shifted.isoformat(sep=rng_sep(t)) + offset


def rng_sep(t: dt.datetime) -> str:
    return " " if t.minute % 3 == 0 else "T"


def calls_csv(rng: random.Random, period: str, agents: int | None = None) -> tuple[str, list[str]]:
    """CSV text of a random call log and the column order used."""
    days = _period_days(period)
    n_agents = agents if agents is not None else rng.randint(1, 6)
    numeric_ids = rng.random() < 0.5
    next_id = rng.randint(1, 95)
    rows: list[dict] = []
    for a in range(n_agents):
        agent = rng.choice(["", "A", "10"]) + f"{rng.randint(1, 999):03d}" + str(a)
        profile = rng.choice(PROFILES)
        if profile == "no-mon-fri":
            pool = [d for d in days if d.weekday() not in (0, 4)]
        elif profile == "weekend":
            pool = [d for d in days if d.weekday() >= 5]
        elif profile == "one-day":
            pool = [rng.choice(days)]
        elif profile == "two-weekdays":
            w = rng.sample(range(7), 2)
            pool = [d for d in days if d.weekday() in w]
        else:
            pool = days
        n = rng.randint(0, 6) if profile == "few" else rng.randint(3, 30)
        durations = [20, 20, 45, 45, 60] if profile == "equal" else None
        for _ in range(n):
            day = rng.choice(pool)
            if profile == "midnight" and rng.random() < 0.5:
                start = dt.datetime.combine(day, dt.time(23, rng.randint(50, 59), rng.choice([0, 30])))
            else:
                start = dt.datetime.combine(day, dt.time(rng.randint(8, 20), rng.choice([0, 15, 30, 45])))
            if profile == "overlap" and rows and rows[-1]["agent"] == agent and rng.random() < 0.5:
                start = rows[-1]["_start"] + dt.timedelta(seconds=rng.choice([0, 10, 30]))
            dur = (
                rng.choice(durations) if durations else rng.choice([5, 14, 15, 16, 30, 30, 60, 90, 240, 900])
            )
            if rng.random() < 0.15:
                dur += rng.choice([0.5, 0.25, 1 / 3, 0.1])
            if rng.random() < 0.1:
                start += dt.timedelta(microseconds=rng.choice([1, 250_000, 999_999]))
            end = start + dt.timedelta(seconds=dur)
            queued = start - dt.timedelta(seconds=rng.randint(0, 40))
            abandoned = rng.random() < 0.08
            recording = "" if rng.random() < 0.1 else f"/rec/{next_id}.wav"
            call_id = str(next_id) if numeric_ids else f"C{next_id:05d}"
            next_id += rng.randint(1, 7)
            offset = rng.choice(OFFSETS)
            row = {
                "call_id": call_id,
                "agent": "" if abandoned and rng.random() < 0.5 else agent,
                "answered_at": "" if abandoned else _iso(start, offset),
                "ended_at": _iso(end if not abandoned else queued + dt.timedelta(seconds=20), offset),
                "queued_at": _iso(queued, offset),
                "center": "廊坊中心",
                "skill": rng.choice(["订货", "服务"]),
                "direction": rng.choice(["in", "out"]),
                "customer": f"138{rng.randint(0, 99999999):08d}",
                "talk_seconds": "0" if abandoned else str(int(dur)),
                "hold_seconds": str(rng.randint(0, 20)),
                "acw_seconds": str(rng.randint(0, 30)),
                "abandoned": ("1" if abandoned else rng.choice(["0", "false", "否", ""])),
                "recording": "" if abandoned else recording,
                "_start": start,
            }
            rows.append(row)
    rng.shuffle(rows)
    columns = ALL_CALL_COLUMNS[:4] + rng.sample(ALL_CALL_COLUMNS[4:], rng.randint(0, 10))
    if "recording" not in columns and rng.random() < 0.8:
        columns.append("recording")
    rng.shuffle(columns)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue(), columns


SURNAMES = "李林刘单曾解区仇朴查盖长重乐王张陈赵欧阳"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚行乐"
COMPANIES = [
    "长沙有限公司", "重庆有限公司", "长春有限公司", "重阳有限公司", "成都有限公司", "朝阳有限公司",
    "乐清有限公司", "都匀有限公司", "单县有限公司", "厦门有限公司", "蚌埠有限公司", "六安有限公司",
    "长治有限公司", "长兴有限公司",
]  # fmt: skip


def agents_csv(rng: random.Random, with_pinyin: bool | None = None) -> str:
    companies = rng.sample(COMPANIES, rng.randint(1, 6))
    with_pinyin = rng.random() < 0.4 if with_pinyin is None else with_pinyin
    names: list[str] = []
    rows = []
    used_numbers: set[str] = set()
    for company in companies:
        for _ in range(rng.choice([1, 1, 2, 3, 5, 8])):
            if names and rng.random() < 0.15:
                name = rng.choice(names)  # an equal name
            else:
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(0, 2)))
            names.append(name)
            number = f"{rng.randint(1000, 9999)}"
            while number in used_numbers:
                number = f"{rng.randint(1000, 9999)}"
            used_numbers.add(number)
            row = {"work_number": number, "name": name, "company": company}
            if with_pinyin:
                row["pinyin"] = rng.choice(["", "", "shan wei", "zeng li", "ou yang", "a"])
            rows.append(row)
    rng.shuffle(rows)
    out = io.StringIO()
    fields = ["work_number", "name", "company"] + (["pinyin"] if with_pinyin else [])
    rng.shuffle(fields)
    w = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


def encode(rng: random.Random, text: str) -> bytes:
    return text.encode(rng.choice(["utf-8", "utf-8-sig", "gb18030"]))
