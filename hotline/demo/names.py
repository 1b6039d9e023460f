"""Names for the demo center (§1): centers, county companies (有限公司) and people, with pinyin overrides.

Django-free. Everything is drawn from a seeded ``random.Random`` so the same seed gives the same
names. Polyphones are deliberate: the live-monitoring order of §3.3 sorts by pinyin, and pypinyin
reads 单县 as *dan xian*, 曾都 as *ceng dou*, the surname 解 as *jie*, 仇 as *chou*. Those names carry an
explicit override (``pinyin``) with the right reading.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class CenterSpec:
    code: str
    name: str
    call_prefix: str  # call ids start with it: LF2026092900017
    departments: tuple[str, ...]
    companies: tuple[tuple[str, str], ...]  # (name, pinyin override or "")


CENTERS: tuple[CenterSpec, ...] = (
    CenterSpec(
        code="langfang",
        name="廊坊中心",
        call_prefix="LF",
        departments=("客户服务科", "运营管理科"),
        companies=(
            ("长沙县有限公司", ""),
            ("重庆万州有限公司", ""),
            ("单县有限公司", "shan xian you xian gong si"),
            ("固安县有限公司", ""),
        ),
    ),
    CenterSpec(
        code="huangdao",
        name="黄岛中心",
        call_prefix="HD",
        departments=("客户服务科", "运营管理科"),
        companies=(
            ("曾都区有限公司", "zeng du qu you xian gong si"),
            ("胶州市有限公司", ""),
            ("平度市有限公司", ""),
            ("长治县有限公司", "chang zhi xian you xian gong si"),
        ),
    ),
)

# Common surnames, most frequent first (weights fall off like the real distribution).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
# Surnames pypinyin reads wrongly out of context: (surname, correct reading).
POLYPHONE_SURNAMES: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
}

_GIVEN_F = "静丽敏燕艳娟霞芳娜丹玲萍红婷雪琳晶颖倩慧佳欣悦梅兰洁月秀琴云莉璐瑶怡蕾薇"
_GIVEN_M = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳志建国文博"
_GIVEN_ANY = "海晓春秋子思嘉雨晨一天新永成佳家立方德金"


@dataclass(frozen=True)
class PersonName:
    name: str
    pinyin: str  # override, "" when pypinyin gets it right


def _reading(chars: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(chars, style=Style.NORMAL))


def person_names(rng: random.Random, count: int, *, polyphone_share: float = 0.08) -> list[PersonName]:
    """``count`` distinct Chinese names: surname + one or two given characters (≈30 % two-character
    names), about ``polyphone_share`` of them with a polyphone surname and its pinyin override."""
    weights = [1.0 / (i + 8) for i in range(len(_SURNAMES))]
    polys = list(POLYPHONE_SURNAMES)
    out: list[PersonName] = []
    seen: set[str] = set()
    # make sure every polyphone surname shows up at least once when there is room for it
    forced = polys[:] if count >= 4 * len(polys) else []
    while len(out) < count:
        if forced:
            surname = forced.pop(0)
        elif rng.random() < polyphone_share:
            surname = rng.choice(polys)
        else:
            surname = rng.choices(_SURNAMES, weights=weights)[0]
        pool = _GIVEN_F if rng.random() < 0.6 else _GIVEN_M
        given = rng.choice(pool)
        if rng.random() < 0.7:
            given = rng.choice(pool + _GIVEN_ANY) + given
        name = surname + given
        if name in seen:
            continue
        seen.add(name)
        pinyin = f"{POLYPHONE_SURNAMES[surname]} {_reading(given)}" if surname in POLYPHONE_SURNAMES else ""
        out.append(PersonName(name, pinyin))
    return out


def mobile_number(rng: random.Random) -> str:
    """An 11-digit mainland mobile number (13x, 15x, 18x): worth masking in every view."""
    prefix = rng.choice(("13", "15", "18"))
    third = rng.choice("0123456789" if prefix != "15" else "012356789")
    return f"{prefix}{third}{rng.randrange(10**8):08d}"
