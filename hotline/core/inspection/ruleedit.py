"""Editing a rule's condition tree one leaf at a time (SPEC §8; the rule-pack editor of issue 14).

A condition (:mod:`hotline.core.inspection.rules`) is a tree of ``and``/``or``/``not`` over leaves
(a text leaf: words, regex, role, position…; an audio leaf: ``silence``, ``overtalk``, ``speech_rate``,
``hold``; a ``context`` leaf). The editor shows the tree and lets a user change each leaf's values,
never its shape, so a pack edited in the browser stays a pack the engine understands. Paths address
leaves: a tuple of steps, ``("and", 2)``/``("or", 0)`` into a list, ``("not",)`` into a negation.
Pure functions on plain data; nothing here mutates its input.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

Path = tuple[tuple, ...]
AUDIO_KINDS = ("silence", "overtalk", "speech_rate", "hold", "context")


def leaves(cond: Any, path: Path = ()) -> list[tuple[Path, Mapping]]:
    """Every leaf of ``cond`` in reading order, with its path."""
    if not isinstance(cond, Mapping):
        return []
    for op in ("and", "or"):
        if op in cond and isinstance(cond[op], list):
            out: list[tuple[Path, Mapping]] = []
            for i, part in enumerate(cond[op]):
                out += leaves(part, (*path, (op, i)))
            return out
    if "not" in cond:
        return leaves(cond["not"], (*path, ("not",)))
    return [(path, cond)]


def leaf_kind(leaf: Mapping) -> str:
    """``"text"`` for a sentence leaf, else the audio/context operator's name."""
    for k in AUDIO_KINDS:
        if k in leaf:
            return k
    return "text"


def replace_leaf(cond: Any, path: Path, leaf: Mapping) -> Any:
    """A copy of ``cond`` with the leaf at ``path`` replaced by ``leaf`` (KeyError/IndexError if the path
    does not lead to a leaf)."""
    if not path:
        if not isinstance(cond, Mapping) or {"and", "or", "not"} & set(cond):
            raise KeyError("not a leaf")
        return dict(leaf)
    out = copy.deepcopy(dict(cond))
    step, rest = path[0], path[1:]
    if step[0] == "not":
        out["not"] = replace_leaf(out["not"], rest, leaf)
    else:
        op, i = step
        parts = list(out[op])
        parts[i] = replace_leaf(parts[i], rest, leaf)
        out[op] = parts
    return out


def path_key(path: Path) -> str:
    """A stable short name of a path for form fields: ``or0.and1`` / ``not`` / ``root``."""
    return ".".join(s[0] if s[0] == "not" else f"{s[0]}{s[1]}" for s in path) or "root"


__all__ = ["AUDIO_KINDS", "leaf_kind", "leaves", "path_key", "replace_leaf"]
