"""Peak memory of analysing a long recording (SPEC §8): block reading against the first reader.

Writes a ``--minutes`` long (default 120) 8 kHz stereo call — a generated test call (espeak-ng speech
when installed) repeated — as
16-bit PCM WAV and as G.711 A-law WAV, then analyses each in a fresh process and prints that
process's peak resident memory (ru_maxrss) and wall time. The baseline is the first implementation
(BASELINE_COMMIT: ``wave`` reads the whole file, float64 for all of it, one FFT matrix for every
frame), which reads PCM only.

    .venv/bin/python bench/audio_memory.py [--minutes 120] [--skip-baseline]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audio_accuracy import BASELINE_COMMIT, ROOT  # noqa: E402

from hotline.core.inspection.testcalls import espeak_available, make_call  # noqa: E402

NEW = """
import sys
from hotline.core.inspection.audio import analyse_file
m = analyse_file(sys.argv[1])
print(f"agent {m.agent_talk:.0f} s, customer {m.customer_talk:.0f} s, holds {len(m.holds)}")
"""
BASELINE = """
import subprocess, sys, types
src = subprocess.run(["git", "-C", sys.argv[2], "show", sys.argv[3] + ":hotline/core/inspection/audio.py"],
                     capture_output=True, check=True, text=True).stdout
mod = types.ModuleType("baseline_audio")
sys.modules["baseline_audio"] = mod
exec(compile(src, "baseline_audio.py", "exec"), mod.__dict__)
m = mod.analyse_file(sys.argv[1])
print(f"agent {m.agent_talk:.0f} s, customer {m.customer_talk:.0f} s, holds {len(m.holds)}")
"""


def measure(code: str, *args: str) -> tuple[float, float, float, str]:
    """(peak RSS in MB, wall seconds, CPU seconds, output) of ``python -c code args`` in a fresh
    process (the child reports its own ru_maxrss and CPU time, so nothing else is counted)."""
    code += (
        "\nimport resource\nu = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print('RSS', u.ru_maxrss, u.ru_utime + u.ru_stime)\n"
    )
    t0 = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    secs = time.perf_counter() - t0
    lines = proc.stdout.strip().splitlines()
    if proc.returncode or not lines or not lines[-1].startswith("RSS "):
        return float("nan"), secs, float("nan"), (proc.stderr.strip().splitlines() or ["failed"])[-1]
    _, rss, cpu = lines[-1].split()
    return int(rss) / 1024, secs, float(cpu), (lines[-2] if len(lines) > 1 else "")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=120.0)
    p.add_argument("--skip-baseline", action="store_true")
    args = p.parse_args(argv)
    x, _ = make_call(7, 150.0, use_espeak=espeak_available())
    with tempfile.TemporaryDirectory(prefix="hotline-audio-mem-") as tmp:
        pcm, alaw = Path(tmp) / "long.wav", Path(tmp) / "long-alaw.wav"
        n = int(args.minutes * 60 * 8000)
        with sf.SoundFile(str(pcm), "w", 8000, 2, "PCM_16", format="WAV") as a, \
                sf.SoundFile(str(alaw), "w", 8000, 2, "ALAW", format="WAV") as b:  # fmt: skip
            done = 0
            while done < n:
                part = x[: n - done]
                a.write(part)
                b.write(part)
                done += part.shape[0]
        print(f"{args.minutes:.0f}-minute stereo call: PCM {pcm.stat().st_size / 1e6:.0f} MB, "
              f"A-law {alaw.stat().st_size / 1e6:.0f} MB")  # fmt: skip
        # each measurement in its own process so that ru_maxrss is that run's alone
        rows = []
        if not args.skip_baseline:
            rows.append(
                ("baseline (PCM, whole file)",) + measure(BASELINE, str(pcm), str(ROOT), BASELINE_COMMIT)
            )
        rows.append(("new (PCM, 10 s blocks)",) + measure(NEW, str(pcm)))
        rows.append(("new (A-law, 10 s blocks)",) + measure(NEW, str(alaw)))
        for name, rss, secs, cpu, out in rows:
            print(f"{name:<28} peak RSS {rss:7.0f} MB  wall {secs:6.1f} s  CPU {cpu:6.1f} s  {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
