"""``hotline inspect-transcript PATH... [--skill S] [--pack PACK.json] [--json]`` (SPEC §8).

Reads transcript files (or folders of ``*.json``): ``[{"speaker": "agent"|"customer", "start",
"end", "text"}]`` (the aliases of :func:`hotline.core.inspection.rules.parse_transcript`; rows
without times get one second each in order; an STC3-style ``{"turns": [{"sender", "utterances"}]}``
dialogue is accepted too, ``helpdesk`` being the agent). Runs the default rule pack (or
``--pack``) and prints per file the verdict of each scorecard item, the risk score and the
evidence. ``--json`` prints the shared contract: a list, one object per file, ``{"file", "items":
{item code: "pass"|"fail"|"na"}, "risk": 0–100, "evidence": {item code: [sentence text]}}`` plus
``"evidence_times"`` ({item code: [[start, end]]}, seconds) and ``"notes"`` ({item code: text} for a
missing required phrase). A file that cannot be read gives ``{"file", "error"}`` and exit status 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .common import fail, print_json, print_table


def _files(paths: list[str]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix.lower() == ".json" and q.is_file())
            if not found:
                fail(f"{p}: no transcripts (*.json) in this folder")
            out += found
        elif p.is_file():
            out.append(p)
        else:
            fail(f"{p}: no such file or folder")
    return out


def _rows(data) -> list:
    """The transcript rows of a file: the shared format, or an STC3 dialogue; times filled in."""
    if isinstance(data, dict) and isinstance(data.get("turns"), list):
        rows = []
        for turn in data["turns"]:
            who = (
                "agent"
                if str(turn.get("sender", "")).lower() in ("helpdesk", "agent", "坐席", "客服")
                else "customer"
            )
            rows += [{"speaker": who, "text": u} for u in turn.get("utterances", []) if str(u).strip()]
        data = rows
    from hotline.core.inspection import vendors

    if vendors.detect(data) != "generic":  # an Alibaba, iFlytek or Tencent result as downloaded
        return vendors.to_segments(data)
    if isinstance(data, dict):
        data = data.get("segments", data.get("sentences", data))
    if isinstance(data, list):
        t = 0.0
        for row in data:
            if isinstance(row, dict) and not any(k in row for k in ("start", "begin", "bg")):
                row.setdefault("start", t)
                row.setdefault("end", t + 1.0)
            t = float(row.get("end", t + 1.0)) if isinstance(row, dict) and _num(row.get("end")) else t + 1.0
    return data


def _num(v) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return True


def inspect(data, rules, facts) -> dict:
    """The contract object (without ``file``) for one transcript."""
    from hotline.core.inspection.rules import evaluate, parse_transcript, risk_score

    tr = parse_transcript(_rows(data))
    results = evaluate(rules, tr, None, facts)
    items, evidence, times, notes = {}, {}, {}, {}
    for r in results:
        if not r.item:
            continue
        prev = items.get(r.item)
        if prev == "fail" or (prev == "pass" and r.status == "na"):
            continue
        if prev != r.status or r.status == "fail" and prev is None:
            evidence[r.item], times[r.item] = [], []
            notes.pop(r.item, None)
        items[r.item] = r.status
        evidence[r.item] += [e.text for e in r.evidence]
        times[r.item] += [[e.start, e.end] for e in r.evidence]
        if r.status == "fail" and not r.evidence and r.note:
            notes[r.item] = f"{r.title}: {r.note}"
    return {"items": items, "risk": risk_score(results, None, tr), "evidence": evidence,
            "evidence_times": times, "notes": notes}  # fmt: skip


def _run(args) -> int:
    from hotline.core.inspection.rules import (
        DEFAULT_RULES,
        CallFacts,
        RuleError,
        TranscriptError,
        compile_rules,
    )

    rules = DEFAULT_RULES
    if args.pack:
        try:
            rules = compile_rules(json.loads(Path(args.pack).read_text(encoding="utf-8")))
        except (OSError, ValueError, RuleError) as exc:
            fail(f"--pack {args.pack}: {exc}")
    facts = CallFacts(skill=args.skill or "")
    out, failed = [], 0
    for path in _files(args.files):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            out.append({"file": str(path), **inspect(data, rules, facts)})
        except (OSError, ValueError, TranscriptError) as exc:
            failed += 1
            out.append({"file": str(path), "error": str(exc)})
            print(f"hotline inspect-transcript: {path}: {exc}", file=sys.stderr)
    if args.json:
        print_json(out)
    else:
        rows = []
        for r in out:
            if "error" in r:
                rows.append([r["file"], "", "error", r["error"]])
                continue
            for item, status in r["items"].items():
                ev = "；".join(
                    f"{t} @{a:.0f}s"
                    for t, (a, _) in zip(r["evidence"][item], r["evidence_times"][item], strict=True)
                )
                rows.append([r["file"], item, status, ev or r["notes"].get(item, "")])
            rows.append([r["file"], "risk", r["risk"], ""])
        print_table(["file", "item", "verdict", "evidence"], rows, title="transcript inspection (§8)")
    return 1 if failed else 0


def register(sub) -> None:
    p = sub.add_parser(
        "inspect-transcript",
        help="rule verdicts, evidence and risk of call transcripts (§8)",
        description="Run the inspection rule pack over transcript JSON files: verdict per scorecard item, "
        "evidence (sentence and time) and the risk score 0–100.",
    )
    p.add_argument("files", nargs="+", metavar="PATH", help="transcript JSON files (or folders of them)")
    p.add_argument("--skill", help="the call's skill (rules limited to a skill, e.g. 订货)")
    p.add_argument(
        "--pack", metavar="PACK.json", help="a rule pack (JSON list of rules) instead of the default"
    )
    p.add_argument("--json", action="store_true", help="one JSON object per file (the shared contract)")
    p.set_defaults(handler=_run)
