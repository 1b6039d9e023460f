"""Live-monitoring order (实时监听对象选取, SPEC §3.3), Django-free.

* Names sort by their **toneless pinyin syllables compared one by one**, then by the name itself
  (李四 ``li·si`` before 林 ``lin``: ``("li", "si") < ("lin",)``). Syllables are lower-case ASCII as
  pypinyin's ``Style.NORMAL`` writes them (ü as ``v``, so 吕 ``lv`` sorts after 陆 ``lu``); characters
  that are not Chinese (Latin letters, digits) stay as they are, lower-cased.
* Polyphones: pypinyin's phrase table already reads 长沙 ``chang sha`` and 重庆 ``chong qing``; the tables
  below correct the readings it gets wrong for place names (单县 ``shan xian``, 长治 ``chang zhi``, …)
  and, for people, for surnames (曾 ``zeng``, 单 ``shan``, 解 ``xie``, …). Any name may carry an
  explicit override such as ``"shan xian"`` which wins over everything.
* Rotation: companies in pinyin order, rotated **left by k** in the k-th half-month after the anchor
  period (k = period − anchor, negative before the anchor = rotated right); inside each company the
  agents in pinyin order rotated **left by m**, m = months from the anchor's month to the period's.
  The live order is the concatenation. Rotation is by position in the current list, so adding an agent
  does not reset the count.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from .periods import Period

T = TypeVar("T")

# Place names (company names are county/city names) that pypinyin 0.55 reads wrongly, checked one by one.
PLACE_READINGS: dict[str, tuple[str, ...]] = {
    "单县": ("shan", "xian"),
    "长治": ("chang", "zhi"),
    "洪洞": ("hong", "tong"),
    "朝阳": ("chao", "yang"),
    "浚县": ("xun", "xian"),
    "涡阳": ("guo", "yang"),
    "六合": ("lu", "he"),
    "费县": ("bi", "xian"),
    "会稽": ("kuai", "ji"),
    "繁峙": ("fan", "shi"),
    "曾都": ("zeng", "du"),
    "长宁": ("chang", "ning"),
    "长垣": ("chang", "yuan"),
    "长葛": ("chang", "ge"),
    "长岛": ("chang", "dao"),
    "长丰": ("chang", "feng"),
    "长阳": ("chang", "yang"),
    "长海": ("chang", "hai"),
    "长白": ("chang", "bai"),
    "长清": ("chang", "qing"),
    "长泰": ("chang", "tai"),
    "长武": ("chang", "wu"),
    "长顺": ("chang", "shun"),
    "长岭": ("chang", "ling"),
    "长洲": ("chang", "zhou"),
    "漯河": ("luo", "he"),
    "都匀": ("du", "yun"),
    "筠连": ("jun", "lian"),
    "解州": ("xie", "zhou"),
    # right alone, but misread after 市 (市长 "mayor" wins the segmentation: 长沙市长安 → zhang an)
    "长安": ("chang", "an"),
    "长兴": ("chang", "xing"),
    "长乐": ("chang", "le"),
    "长寿": ("chang", "shou"),
    "长汀": ("chang", "ting"),
    "长江": ("chang", "jiang"),
    # read right by pypinyin today; pinned so a dictionary change cannot reorder companies
    "长沙": ("chang", "sha"),
    "重庆": ("chong", "qing"),
    "长春": ("chang", "chun"),
    "厦门": ("xia", "men"),
    "蚌埠": ("beng", "bu"),
    "六安": ("lu", "an"),
    "乐清": ("yue", "qing"),
}

# Surnames whose reading differs from the character's common reading (checked against pypinyin 0.55).
# Compound surnames first: the longest match at the start of a person's name wins.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "单于": ("chan", "yu"),
    "曾": ("zeng",),
    "单": ("shan",),
    "解": ("xie",),
    "查": ("zha",),
    "区": ("ou",),
    "仇": ("qiu",),
    "朴": ("piao",),
    "乐": ("yue",),
    "缪": ("miao",),
    "覃": ("qin",),
    "翟": ("zhai",),
    "员": ("yun",),
    "秘": ("bi",),
    "盖": ("ge",),
    "种": ("chong",),
    "召": ("shao",),
    "隗": ("wei",),
    "阚": ("kan",),
    "宓": ("fu",),
}

_SPLIT = re.compile(r"[\s'’·.\-_/]+")


def parse_override(text: str) -> tuple[str, ...]:
    """``"shan xian"`` / ``"shan'xian"`` / ``"Shan·Xian"`` / ``"shan3 xian4"`` → ("shan", "xian")."""
    parts = (re.sub(r"[0-9]", "", p).lower() for p in _SPLIT.split(text.strip()))
    return tuple(p for p in parts if p)


def _pypinyin(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    out: list[str] = []
    for s in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        s = s.strip().lower()
        if s:
            out.extend(s.split())
    return out


def _with_places(text: str) -> list[str]:
    """pypinyin over ``text`` with the place-name table applied wherever a place name occurs."""
    out: list[str] = []
    i = j = 0
    places = sorted(PLACE_READINGS, key=len, reverse=True)
    while j < len(text):
        hit = next((p for p in places if text.startswith(p, j)), None)
        if hit is None:
            j += 1
            continue
        if i < j:
            out.extend(_pypinyin(text[i:j]))
        out.extend(PLACE_READINGS[hit])
        j += len(hit)
        i = j
    if i < len(text):
        out.extend(_pypinyin(text[i:]))
    return out


@lru_cache(maxsize=65536)
def syllables(name: str, override: str = "", kind: str = "place") -> tuple[str, ...]:
    """Toneless lower-case syllables of ``name``.

    ``kind`` is ``"person"`` (a leading surname is read from ``SURNAME_READINGS``) or ``"place"``
    (company names: ``PLACE_READINGS`` applied anywhere in the name). A non-empty ``override`` wins.
    """
    if override and override.strip():
        parsed = parse_override(override)
        if parsed:
            return parsed
    name = name.strip()
    if kind == "person":
        for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
            if name.startswith(surname) and len(name) > len(surname):
                return SURNAME_READINGS[surname] + tuple(_pypinyin(name[len(surname) :]))
        return tuple(_pypinyin(name))
    return tuple(_with_places(name))


def pinyin_key(name: str, override: str = "", *, kind: str = "place") -> tuple[tuple[str, ...], str]:
    """Sort key: the syllables one by one, then the name itself (§3.3)."""
    return syllables(name, override or "", kind), name


def rotate_left(items: Sequence[T], k: int) -> tuple[T, ...]:
    """Rotate left by ``k`` (the first goes last, the second becomes first); negative k rotates right."""
    if not items:
        return ()
    k %= len(items)
    return tuple(items[k:]) + tuple(items[:k])


@dataclass(frozen=True)
class Agent:
    """One agent for the live order: work number, name, company, optional pinyin override."""

    work_number: str
    name: str
    company: str
    pinyin: str = ""


@dataclass(frozen=True)
class LiveOrder:
    """The live-monitoring order of a period: companies, and agents company by company."""

    period: Period
    anchor: Period
    half_months: int  # k: company rotation
    months: int  # m: agent rotation inside each company
    companies: tuple[str, ...]
    by_company: tuple[tuple[str, tuple[Agent, ...]], ...]

    @property
    def agents(self) -> tuple[Agent, ...]:
        return tuple(a for _, agents in self.by_company for a in agents)

    @property
    def work_numbers(self) -> tuple[str, ...]:
        return tuple(a.work_number for a in self.agents)


def company_order(companies: Iterable[str], *, overrides: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Distinct company names in pinyin order (no rotation)."""
    over = overrides or {}
    return tuple(sorted(set(companies), key=lambda c: pinyin_key(c, over.get(c, ""), kind="place")))


def agent_order(agents: Iterable[Agent]) -> tuple[Agent, ...]:
    """Agents in pinyin order of their names (override respected), then name, then work number."""
    return tuple(sorted(agents, key=lambda a: (*pinyin_key(a.name, a.pinyin, kind="person"), a.work_number)))


def live_order(
    agents: Iterable[Agent],
    period: Period,
    anchor: Period,
    *,
    company_pinyin: Mapping[str, str] | None = None,
) -> LiveOrder:
    """The §3.3 live order for ``period`` counted from ``anchor`` (k = period − anchor half-months,
    m = months between their months; both may be negative)."""
    grouped: dict[str, list[Agent]] = defaultdict(list)
    for a in agents:
        grouped[a.company].append(a)
    k = period - anchor
    m = period.months_since(anchor)
    companies = rotate_left(company_order(grouped, overrides=company_pinyin), k)
    by_company = tuple((c, rotate_left(agent_order(grouped[c]), m)) for c in companies)
    return LiveOrder(period, anchor, k, m, companies, by_company)


__all__ = [
    "Agent", "LiveOrder", "live_order", "company_order", "agent_order", "rotate_left", "pinyin_key",
    "syllables", "parse_override", "PLACE_READINGS", "SURNAME_READINGS",
]  # fmt: skip
