"""Pinyin sort keys for Chinese names (§1, §3.3), Django-free.

The readings (place-name and surname tables for the polyphones pypinyin gets wrong, per-name
overrides) live in ``rotation.py``; this module turns them into keys: for ``sorted()`` and as one
string for an indexed database column, so pages and the live order sort names the same way.
"""

from __future__ import annotations

from .rotation import syllables

__all__ = ["syllables", "sort_key", "pinyin_key_text"]


def sort_key(name: str, override: str = "", kind: str = "place") -> tuple[tuple[str, ...], str]:
    """Key for sorted(): syllables one by one, then the name itself as the tie-break."""
    return syllables(name, override, kind), name


def pinyin_key_text(name: str, override: str = "", kind: str = "place") -> str:
    """The same order as ``sort_key`` as one string, for an indexed database column.

    Each syllable is padded to six characters with ``0`` (which sorts before any letter under every
    collation, unlike spaces or control characters that PostgreSQL's locales skip), so
    ``li0000si0000`` < ``lin000``.
    """
    return "".join(s.ljust(6, "0") for s in syllables(name, override, kind)) + "0" + name
