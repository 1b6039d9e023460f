"""A slow, literal reference of SPEC §3.3 (live-monitoring order), written from the SPEC text only.

Reads ``work_number,name,company[,pinyin]`` with the csv module and returns the shape of
``hotline live-order --json`` (CLI.md). Pinyin: pypinyin ``lazy_pinyin`` (toneless syllables),
unless the row gives its own ``pinyin`` (syllables separated by spaces, apostrophes or dots; tone
digits ignored). "Polyphones matter" (§3.3): pypinyin misreads some place names and surnames, so the
reference borrows the product's reading *tables* (data, not its code): a place name anywhere in a
company name, a surname at the start of a person's name (longest first).
"""

from __future__ import annotations

import csv
import io
import re

from pypinyin import lazy_pinyin

from hotline.core.rotation import PLACE_READINGS, SURNAME_READINGS

from .spec_sampling import _decode


def _plain(text: str) -> list[str]:
    return [s.lower() for s in lazy_pinyin(text)]


def _company(text: str) -> list[str]:
    out: list[str] = []
    rest = text
    while rest:
        for place in sorted(PLACE_READINGS, key=len, reverse=True):
            at = rest.find(place)
            if at == 0:
                out.extend(PLACE_READINGS[place])
                rest = rest[len(place) :]
                break
        else:
            hits = [i for i in (rest.find(p) for p in PLACE_READINGS) if i > 0]
            cut = min(hits) if hits else len(rest)
            out.extend(_plain(rest[:cut]))
            rest = rest[cut:]
    return out


def _person(name: str, override: str) -> list[str]:
    tones = re.sub(r"[0-9]", "", override.strip().lower())
    parts = [s for s in re.split(r"[\s'’·.\-_/]+", tones) if s]
    if parts:
        return parts
    for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
        if name.startswith(surname) and len(name) > len(surname):
            return list(SURNAME_READINGS[surname]) + _plain(name[len(surname) :])
    return _plain(name)


def _index(period: str) -> tuple[int, int]:
    """(half-month index, month index) of ``YYYY-MM-Hn``."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-H([12])", period)
    assert m, period
    month = int(m[1]) * 12 + int(m[2]) - 1
    return month * 2 + int(m[3]) - 1, month


def live_order(path: str, period: str, anchor: str) -> dict:
    with open(path, "rb") as fh:
        rows = list(csv.DictReader(io.StringIO(_decode(fh.read()))))
    by_company: dict[str, list[tuple]] = {}
    for row in rows:
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        key = (_person(row["name"], row.get("pinyin", "")), row["name"], row["work_number"])
        by_company.setdefault(row["company"], []).append(key)
    companies = sorted(by_company, key=lambda c: (_company(c), c))
    half, month = _index(period)
    half0, month0 = _index(anchor)
    k, m = half - half0, month - month0
    if companies:
        s = k % len(companies)
        companies = companies[s:] + companies[:s]
    agents: list[str] = []
    for company in companies:
        people = [p[2] for p in sorted(by_company[company])]
        s = m % len(people)
        agents.extend(people[s:] + people[:s])
    return {"period": period, "companies": companies, "agents": agents}
