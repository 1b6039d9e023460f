"""Pinyin sort keys for Chinese names (§1, §3.3), Django-free.

Names sort by the toneless pinyin syllables compared one by one (李四 ``li si`` before 林 ``lin``), then
by the name itself. pypinyin gets some polyphones in place names wrong (单县 is shàn, 曾都 is zēng), so
a person or company may carry an override such as ``"shan xian"``.
"""

from __future__ import annotations

from functools import lru_cache

# Place-name readings pypinyin's phrase table does not always carry; each maps a leading character
# sequence to its syllables. Extend through per-name overrides in the UI, not here.
_PLACE_READINGS = {
    "长沙": ("chang", "sha"),
    "重庆": ("chong", "qing"),
    "单县": ("shan", "xian"),
    "曾都": ("zeng", "du"),
    "长春": ("chang", "chun"),
    "长治": ("chang", "zhi"),
    "重阳": ("chong", "yang"),
    "厦门": ("xia", "men"),
    "蚌埠": ("beng", "bu"),
    "六安": ("lu", "an"),
    "乐清": ("yue", "qing"),
    "大厦": ("da", "sha"),
}


@lru_cache(maxsize=65536)
def syllables(name: str, override: str = "") -> tuple[str, ...]:
    """Toneless lower-case syllables of ``name``; ``override`` (space-separated) wins when given."""
    if override and override.strip():
        return tuple(s.lower() for s in override.replace("·", " ").split())
    from pypinyin import Style, lazy_pinyin

    out: list[str] = []
    i = 0
    while i < len(name):
        for place, reading in _PLACE_READINGS.items():
            if name.startswith(place, i):
                out.extend(reading)
                i += len(place)
                break
        else:
            j = i
            while j < len(name) and not any(name.startswith(p, j) for p in _PLACE_READINGS):
                j += 1
            out.extend(s.lower() for s in lazy_pinyin(name[i:j], style=Style.NORMAL, errors="default"))
            i = j
    return tuple(s for s in out if s.strip())


def sort_key(name: str, override: str = "") -> tuple[tuple[str, ...], str]:
    """Key for sorted(): syllables one by one, then the name itself as the tie-break."""
    return syllables(name, override), name


def pinyin_key_text(name: str, override: str = "") -> str:
    """The same order as ``sort_key`` as one string, for an indexed database column.

    Each syllable is padded to six characters with ``0`` (which sorts before any letter under every
    collation, unlike spaces or control characters that PostgreSQL's locales skip), so
    ``li0000si0000`` < ``lin000``.
    """
    return "".join(s.ljust(6, "0") for s in syllables(name, override)) + "0" + name
