"""What the inspection benches share (not a bench itself: `make bench` skips files starting with _):
the STC3 dialogues as transcript rows, and an older revision's rule modules loaded side by side."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def transcript_rows(d: dict) -> list[dict]:
    """One STC3 dialogue → transcript rows (helpdesk = agent, one second a sentence)."""
    rows, t = [], 0.0
    for turn in d["turns"]:
        for u in turn["utterances"]:
            if u.strip():
                rows.append({"speaker": "agent" if turn["sender"] == "helpdesk" else "customer",
                             "start": t, "end": t + 1.0, "text": u})  # fmt: skip
                t += 1.0
    return rows


def load_baseline(rev: str, package: str, files: tuple[str, ...]):
    """``files`` of ``hotline/core/inspection`` at git revision ``rev`` as the package ``package``;
    returns its ``rules`` module (the baseline a bench compares against in the same run)."""
    tmp = Path(tempfile.mkdtemp()) / package
    tmp.mkdir()
    for name in files:
        src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:hotline/core/inspection/{name}"],
                             check=True, capture_output=True, text=True).stdout  # fmt: skip
        (tmp / name).write_text(src)
    (tmp / "__init__.py").write_text("")
    spec = importlib.util.spec_from_file_location(package, tmp / "__init__.py",
                                                  submodule_search_locations=[str(tmp)])  # fmt: skip
    pkg = importlib.util.module_from_spec(spec)
    sys.modules[package] = pkg
    spec.loader.exec_module(pkg)
    return importlib.import_module(f"{package}.rules")
