"""Speed of per-call rule evaluation, new against old, on the same calls in the same run (SPEC §8,
issue 14): the rules, pack and text matching of git revision ``--baseline`` (before the fast
matcher) are loaded as a separate package beside the current ones; both evaluate the current
default pack over the same dialogues (STC3 development set, one transcript per dialogue), each
with cold caches as on a day of new calls, in alternating rounds. Prints ms per call for each, the
ratio, and checks that every verdict, every piece of evidence and every risk score is the same.

    .venv/bin/python bench/inspection_speed.py [--calls 500] [--rounds 2] [--baseline 18791fe]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _stc3 import load_baseline, transcript_rows  # noqa: E402

from hotline.core.inspection import rules as new  # noqa: E402
from hotline.core.inspection.rulepack import RAW_RULES  # noqa: E402


def clear_caches(mod) -> None:
    """Empty every lru cache of a rules module and its textnorm (a day of calls never seen)."""
    for m in (mod, mod.tn):
        for v in vars(m).values():
            if hasattr(v, "cache_clear"):
                v.cache_clear()


def timed(mod, pack, dialogues) -> tuple[float, list]:
    clear_caches(mod)
    out = []
    began = time.perf_counter()
    for rows in dialogues:
        tr = mod.parse_transcript(rows)
        res = mod.evaluate(pack, tr)
        out.append((res, mod.risk_score(res, None, tr)))
    return time.perf_counter() - began, out


def same(a, b) -> bool:
    """The same verdicts, evidence and risk (results of two modules compared as plain values)."""
    (ra, sa), (rb, sb) = a, b
    return sa == sb and [r.as_dict() for r in ra] == [r.as_dict() for r in rb]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared/data/stc3-dev-1000.json"))
    ap.add_argument("--calls", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--baseline", default="18791fe")
    args = ap.parse_args()
    if not Path(args.data).exists():
        print(f"SKIPPED: {args.data} is not on this machine")
        return 0
    data = json.loads(Path(args.data).read_text())
    dialogues = [transcript_rows(d) for d in data[: args.calls]]
    old = load_baseline(args.baseline, "baseline_speed", ("rules.py", "rulepack.py", "textnorm.py"))
    packs = {"old": old.compile_rules(RAW_RULES), "new": new.compile_rules(RAW_RULES)}
    mods = {"old": old, "new": new}
    for name in mods:  # warm up imports and pypinyin's dictionaries
        timed(mods[name], packs[name], [transcript_rows(data[-1])])
    totals = {"old": 0.0, "new": 0.0}
    for r in range(args.rounds):
        results = {}
        for name in ("old", "new") if r % 2 == 0 else ("new", "old"):
            secs, results[name] = timed(mods[name], packs[name], dialogues)
            totals[name] += secs
        diff = sum(not same(a, b) for a, b in zip(results["old"], results["new"], strict=True))
        if diff:
            print(f"round {r + 1}: {diff} calls differ between old and new")
            return 1
    n = len(dialogues) * args.rounds
    old_ms, new_ms = 1000 * totals["old"] / n, 1000 * totals["new"] / n
    print(
        f"{len(dialogues)} calls × {args.rounds} rounds, cold caches each round, same pack ({len(packs['new'])} rules)"
    )
    print(f"old ({args.baseline}): {old_ms:6.2f} ms/call")
    print(f"new (this tree) : {new_ms:6.2f} ms/call")
    print(f"ratio old/new   : {old_ms / new_ms:6.1f}×  — verdicts, evidence and risk identical on every call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
