"""``hotline analyse-audio FILE... [--json]``: audio metrics of stereo call recordings (SPEC §8).

Reads PCM, G.711 A-law and µ-law WAV, GSM-in-WAV and MP3 (agent left, customer right; a mono file is
the agent only) block by block, and prints per file the talk time of each party, the agent talk
ratio, dead-air stretches of 5 s or more, the overtalk total and the holds — seconds. ``--json``
prints the shared contract: a list with one object per file, ``{"file", "duration", "agent_talk",
"customer_talk", "agent_talk_ratio", "silences": [[start, end]], "overtalk_total", "holds":
[[start, end]]}``; a file that cannot be read gives ``{"file", "error"}`` and exit status 1.
The method is in :mod:`hotline.core.inspection.audio`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .common import fail, print_json, print_table

_AUDIO = {".wav", ".mp3", ".gsm", ".au", ".flac", ".ogg"}


def _files(paths: list[str]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix.lower() in _AUDIO and q.is_file())
            if not found:
                fail(f"{p}: no recordings in this folder")
            out += found
        elif p.is_file():
            out.append(p)
        else:
            fail(f"{p}: no such file or folder")
    return out


def _run(args) -> int:
    from hotline.core.inspection.audio import AudioError, Settings, analyse_file

    if args.cdr_hold is not None and args.cdr_hold < 0:
        fail("--cdr-hold: seconds must not be negative")
    s = Settings(vad=args.vad)
    results, failed = [], 0
    for path in _files(args.files):
        try:
            results.append(analyse_file(path, s, cdr_hold=args.cdr_hold).contract(str(path)))
        except (AudioError, OSError) as exc:
            failed += 1
            results.append({"file": str(path), "error": str(exc)})
            print(f"hotline analyse-audio: {exc}", file=sys.stderr)
    if args.json:
        print_json(results)
    else:
        print_table(
            ["file", "duration s", "agent talk s", "customer talk s", "agent ratio", "dead air (≥5 s)",
             "overtalk s", "holds"],
            [[r["file"], r.get("duration", ""), r.get("agent_talk", ""), r.get("customer_talk", ""),
              r.get("agent_talk_ratio", ""),
              " ".join(f"{a:.1f}–{b:.1f}" for a, b in r.get("silences", [])) or ("—" if "error" not in r else r["error"]),
              r.get("overtalk_total", ""), " ".join(f"{a:.1f}–{b:.1f}" for a, b in r.get("holds", [])) or "—"]
             for r in results],
            title="audio metrics (seconds; agent left, customer right)",
        )  # fmt: skip
    return 1 if failed else 0


def register(sub) -> None:
    p = sub.add_parser(
        "analyse-audio",
        help="talk, dead air, overtalk and hold of stereo call recordings (§8)",
        description="Audio metrics of call recordings: WAV (PCM, G.711 A-law or µ-law), GSM, MP3; "
        "stereo = agent left, customer right. Seconds throughout.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="recordings (or folders of them)")
    p.add_argument("--json", action="store_true", help="one JSON object per file (the shared contract)")
    p.add_argument("--cdr-hold", type=float, metavar="SECONDS",
                   help="the call record's hold seconds, a prior for hold detection (one value for all files)")  # fmt: skip
    p.add_argument("--vad", choices=("silero", "energy"), default="silero",
                   help="voice activity: silero-vad (default) or the energy detector")  # fmt: skip
    p.set_defaults(handler=_run)
