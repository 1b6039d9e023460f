"""Transcript rules and risk score on real dialogues (SPEC §8, issue 14 items 3–4).

Reads the STC3 development set (1,000 Chinese helpdesk dialogues, 19 annotators' satisfaction S
from −2 to 2; ``shared/data/stc3-dev-1000.json``), turns each into a transcript (helpdesk = agent,
one sentence per utterance, one second each), and prints for the baseline implementation (the pack
and rules of git revision ``--baseline``, loaded in this same run) and the current one:

* per-rule firing rates (fail / pass / N.A. shares over all dialogues);
* Spearman ρ of the risk score against mean satisfaction on the tuning half and the held-out half
  (split by dialogue id parity — the signal weights were chosen on the tuning half only);
* the share of dialogues above each candidate sampling threshold;
* Spearman ρ of each customer signal on the tuning half (to choose weights).

    .venv/bin/python bench/inspection_rules.py [--data PATH] [--baseline b9d5126]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from _stc3 import load_baseline, transcript_rows
from scipy.stats import spearmanr

from hotline.core.inspection import rules as new

ROOT = Path(__file__).resolve().parents[1]


def satisfaction(d: dict) -> float:
    s = [a["quality"]["S"] for a in d["annotations"]]
    return sum(s) / len(s)


def confusion(gold: dict, got: dict) -> dict[str, int]:
    """tp/fp/fn/tn of "the rule fails" against "it should fail" (N.A. counts as not failing)."""
    c = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for id_, want in gold.items():
        fired = got[id_] == "fail"
        c[("t" if fired == (want == "fail") else "f") + ("p" if fired else "n")] += 1
    return c


def fmt(c: dict) -> str:
    """tp fp fn tn, precision, recall and F1 (— when there is nothing to find and nothing was found)."""
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
    f1 = 2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] + c["fp"] + c["fn"] else float("nan")
    acc = (c["tp"] + c["tn"]) / max(1, sum(c.values()))
    return f"{c['tp']:3} {c['fp']:3} {c['fn']:3} {c['tn']:3}  P {p:.2f}  R {r:.2f}  F1 {f1:.2f}  accuracy {acc:.2f}"


def run(mod, data, with_transcript: bool):
    risks, rates = [], {}
    for d in data:
        tr = mod.parse_transcript(transcript_rows(d))
        res = mod.evaluate(mod.DEFAULT_RULES, tr)
        for r in res:
            rates.setdefault(r.key, {"fail": 0, "pass": 0, "na": 0})[r.status] += 1
        risks.append(mod.risk_score(res, None, tr) if with_transcript else mod.risk_score(res))
    return risks, rates


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared/data/stc3-dev-1000.json"))
    ap.add_argument("--baseline", default="b9d5126")
    ap.add_argument(
        "--labels-baseline", action="store_true", help="score the baseline on the hand labels too"
    )
    ap.add_argument("--labels-only", action="store_true", help="only the hand-label tables")
    args = ap.parse_args()
    data = json.loads(Path(args.data).read_text())
    sat = [satisfaction(d) for d in data]
    tune = [i for i, d in enumerate(data) if int(d["id"]) % 2 == 0]
    held = [i for i, d in enumerate(data) if int(d["id"]) % 2 == 1]
    print(f"{len(data)} dialogues: tuning {len(tune)}, held out {len(held)}")
    for label, mod, wt in () if args.labels_only else (("baseline " + args.baseline, load_baseline(args.baseline, "baseline_inspection", ("rules.py", "rulepack.py")), False),
                           ("current", new, True)):  # fmt: skip
        risks, rates = run(mod, data, wt)
        print(f"\n== {label}")
        print(f"{'rule':20} {'fail':>6} {'pass':>6} {'n/a':>6}")
        for k, v in rates.items():
            print(
                f"{k:20} {v['fail'] / len(data):6.1%} {v['pass'] / len(data):6.1%} {v['na'] / len(data):6.1%}"
            )
        for name, idx in (("tuning", tune), ("held-out", held)):
            rho = spearmanr([risks[i] for i in idx], [sat[i] for i in idx]).statistic
            print(f"Spearman ρ(risk, satisfaction) {name:9}: {rho:+.3f}")
        print("sampling threshold (held-out): share above, mean S above / below, share of S<0 caught")
        unhappy = sum(sat[i] < 0 for i in held)
        for thr in (30, 40, 50, 60, 70):
            up = [i for i in held if risks[i] >= thr]
            down = [i for i in held if risks[i] < thr]
            mean = lambda idx: sum(sat[i] for i in idx) / len(idx) if idx else float("nan")  # noqa: E731
            caught = sum(sat[i] < 0 for i in up) / max(1, unhappy)
            print(
                f"  ≥{thr}: {len(up) / len(held):5.1%}  S {mean(up):+.2f} / {mean(down):+.2f}  caught {caught:5.1%}"
            )
    by_id = {d["id"]: d for d in data}
    baseline = (
        load_baseline(args.baseline, "baseline_inspection", ("rules.py", "rulepack.py"))
        if args.labels_baseline
        else None
    )
    pooled: dict[str, dict[str, dict[str, int]]] = {}
    for labels_path in sorted((Path(__file__).parent / "labels").glob("stc3-*.json")):
        doc = json.loads(labels_path.read_text())
        use = doc.get("use", "earlier")
        print(
            f"\n== hand labels ({labels_path.name}, {use}): rule fails vs should fail — tp fp fn tn, P, R, F1"
        )
        for label, mod in (("baseline", baseline), ("current", new)):
            if mod is None:
                continue
            verdicts = {}
            for id_ in {i for gold in doc["labels"].values() for i in gold}:
                tr = mod.parse_transcript(transcript_rows(by_id[id_]))
                verdicts[id_] = {r.key: r.status for r in mod.evaluate(mod.DEFAULT_RULES, tr)}
            for key, gold in doc["labels"].items():
                c = confusion(gold, {i: verdicts[i][key] for i in gold})
                if label == "current":
                    total = pooled.setdefault(use, {}).setdefault(key, dict.fromkeys(c, 0))
                    for k2, v in c.items():
                        total[k2] += v
                print(f"  {label:8} {key:10} {fmt(c)}")
    for use, table in pooled.items():
        print(f"\n== per rule, all '{use}' labels pooled (current): tp fp fn tn, P, R, F1 of 'fails'")
        for key, c in table.items():
            print(f"  {key:12} {fmt(c)}")
    if args.labels_only:
        return
    print("\n== customer signals on the tuning half (ρ against satisfaction, share non-zero)")
    sigs = [new.dialogue_signals(new.parse_transcript(transcript_rows(data[i]))) for i in tune]
    for k in new.SIGNAL_WEIGHTS:
        xs = [s[k] for s in sigs]
        rho = spearmanr(xs, [sat[i] for i in tune]).statistic if len(set(xs)) > 1 else float("nan")
        print(f"  {k:16} ρ {rho:+.3f}  non-zero {sum(x != 0 for x in xs) / len(xs):5.1%}")


if __name__ == "__main__":
    main()
