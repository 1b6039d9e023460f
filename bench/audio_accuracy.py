"""Audio metrics on realistic stereo test calls with truth (SPEC §8): this implementation against the
first one (the baseline, read from git at BASELINE_COMMIT) in the same run.

Calls come from :mod:`hotline.core.inspection.testcalls` (Mandarin speech by espeak-ng when it is
installed, else a numpy speech-like signal; 10–30 dB line noise; holds of chords, melodies, songs,
noisy music and announcements; agent echo on half the calls). Each call is written as 16-bit PCM
WAV and as G.711 A-law and µ-law copies; all are analysed (the baseline reads PCM only).

Targets (issue 14): agent talk within 2 s and customer talk within 1 s on average; every dead-air
stretch found with at most one false; ≥ 90 % of holds found.

    .venv/bin/python bench/audio_accuracy.py [--calls 25] [--seconds 150] [--seed 1000] [--cdr]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import types
from collections import Counter
from pathlib import Path

import numpy as np
import soundfile as sf

from hotline.core.inspection import audio as new
from hotline.core.inspection.testcalls import espeak_available, make_call

BASELINE_COMMIT = "cdcd47e7fa4f52aeaccb5d0967f0afbb13219b4c"
ROOT = Path(__file__).resolve().parent.parent


def baseline_module():
    """The first implementation (PCM WAV only, energy VAD, tonal hold), loaded from git."""
    try:
        src = subprocess.run(["git", "-C", str(ROOT), "show", f"{BASELINE_COMMIT}:hotline/core/inspection/audio.py"],
                             capture_output=True, check=True, text=True).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    mod = types.ModuleType("baseline_audio")
    sys.modules["baseline_audio"] = mod  # dataclasses look their module up
    exec(compile(src, "baseline_audio.py", "exec"), mod.__dict__)  # noqa: S102 - our own earlier source
    return mod


def overlap(a, b) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def covered(seg, found) -> float:
    return sum(overlap(seg, f) for f in found) / max(1e-9, seg[1] - seg[0])


class Score:
    def __init__(self, name):
        self.name = name
        self.agent_err, self.cust_err, self.over_err = [], [], []
        self.sil_total = self.sil_found = self.sil_false = 0
        self.holds = Counter()
        self.holds_found = Counter()
        self.hold_false = 0
        self.errors = 0
        self.seconds = 0.0
        self.audio = 0.0

    def add(self, truth, m: dict | None, elapsed: float):
        if m is None:
            self.errors += 1
            return
        self.seconds += elapsed
        self.audio += truth.duration
        self.agent_err.append(abs(m["agent_talk"] - truth.agent_talk))
        self.cust_err.append(abs(m["customer_talk"] - truth.customer_talk))
        self.over_err.append(abs(m["overtalk_total"] - truth.overtalk_total))
        found = [tuple(s) for s in m["silences"]]
        self.sil_total += len(truth.silences)
        self.sil_found += sum(covered(t, found) >= 0.5 for t in truth.silences)
        self.sil_false += sum(covered(f, truth.silences) < 0.5 for f in found)
        holds = [tuple(h) for h in m["holds"]]
        for h, kind in zip(truth.holds, truth.hold_kinds, strict=True):
            self.holds[kind] += 1
            self.holds_found[kind] += covered(h, holds) >= 0.5
        self.hold_false += sum(covered(h, truth.holds) < 0.5 for h in holds)

    def line(self) -> str:
        if not self.agent_err:
            return f"{self.name:<22} all {self.errors} files refused"
        kinds = " ".join(f"{k} {self.holds_found[k]}/{self.holds[k]}" for k in sorted(self.holds))
        total_h, found_h = sum(self.holds.values()), sum(self.holds_found.values())
        return (f"{self.name:<22} agent ±{np.mean(self.agent_err):5.2f} s  customer ±{np.mean(self.cust_err):5.2f} s  "
                f"overtalk ±{np.mean(self.over_err):5.2f} s  dead air {self.sil_found}/{self.sil_total} found, "
                f"{self.sil_false} false  holds {found_h}/{total_h} ({100 * found_h / max(1, total_h):.0f} %), "
                f"{self.hold_false} false [{kinds}]  {60 * self.seconds / max(1e-9, self.audio):.2f} s per audio minute"
                + (f"  ({self.errors} refused)" if self.errors else ""))  # fmt: skip


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--calls", type=int, default=25)
    p.add_argument("--seconds", type=float, default=150.0)
    p.add_argument("--seed", type=int, default=1000)
    p.add_argument("--cdr", action="store_true", help="also give the CDR's hold seconds as a prior")
    p.add_argument("--no-espeak", action="store_true", help="numpy speech-like signals instead of espeak-ng")
    args = p.parse_args(argv)
    use_espeak = espeak_available() and not args.no_espeak
    base = baseline_module()
    print(f"{args.calls} calls of {args.seconds:.0f} s, speech from {'espeak-ng' if use_espeak else 'numpy'}; "
          f"baseline {'= ' + BASELINE_COMMIT[:10] if base else 'not available (no git)'}")  # fmt: skip
    scores = {
        k: Score(k) for k in ("baseline (PCM)", "baseline (A-law)", "new (PCM)", "new (A-law)", "new (µ-law)")
    }
    if args.cdr:
        scores["new (A-law) + CDR"] = Score("new (A-law) + CDR")
    with tempfile.TemporaryDirectory(prefix="hotline-audio-bench-") as tmp:
        for i in range(args.calls):
            x, truth = make_call(args.seed + i, args.seconds, use_espeak=use_espeak)
            pcm, alaw, ulaw = (
                Path(tmp) / f"c{i}.wav",
                Path(tmp) / f"c{i}-alaw.wav",
                Path(tmp) / f"c{i}-ulaw.wav",
            )
            sf.write(str(pcm), x, 8000, subtype="PCM_16")
            sf.write(str(alaw), x, 8000, subtype="ALAW")
            sf.write(str(ulaw), x, 8000, subtype="ULAW")
            runs = [("new (PCM)", lambda p=pcm: new.analyse_file(p).contract(p.name)),
                    ("new (A-law)", lambda p=alaw: new.analyse_file(p).contract(p.name)),
                    ("new (µ-law)", lambda p=ulaw: new.analyse_file(p).contract(p.name))]  # fmt: skip
            if args.cdr:
                runs.append(("new (A-law) + CDR",
                             lambda p=alaw, h=truth.cdr_hold_seconds: new.analyse_file(p, cdr_hold=h).contract(p.name)))  # fmt: skip
            if base is not None:
                runs += [("baseline (PCM)", lambda p=pcm: base.analyse_file(p).as_dict()),
                         ("baseline (A-law)", lambda p=alaw: base.analyse_file(p).as_dict())]  # fmt: skip
            for name, run in runs:
                t0 = time.perf_counter()
                try:
                    m = run()
                except Exception as exc:  # noqa: BLE001 - the baseline refuses A-law: counted
                    if "baseline" not in name:
                        raise
                    m, _ = None, exc
                scores[name].add(truth, m, time.perf_counter() - t0)
            print(".", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)
    for s in scores.values():
        if s.agent_err or s.errors:
            print(s.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
