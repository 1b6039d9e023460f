"""`hotline sample` and `hotline live-order` agree with a literal reference of SPEC §3.2 / §3.3.

The reference (tests/reference/) was written from the SPEC text alone; the generator feeds both
random logs full of edge cases (few calls, no Mondays or Fridays, weekend-only work, overlapping
calls, equal durations, calls across midnight, offsets in other zones, GB18030 and BOM files).
"""

from __future__ import annotations

import json
import random

import pytest

from hotline.cli.main import main
from tests.reference import generate
from tests.reference.spec_rotation import live_order as reference_live_order
from tests.reference.spec_sampling import sample as reference_sample

SAMPLE_SEEDS = range(300)
LIVE_SEEDS = range(120)


def _run(capsys, argv: list[str]) -> dict:
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_sample_picks_the_calls_the_spec_reference_picks_on_random_logs(tmp_path, capsys):
    for seed in SAMPLE_SEEDS:
        rng = random.Random(seed)
        period = generate.random_period(rng)
        text, _ = generate.calls_csv(rng, period)
        path = tmp_path / f"calls{seed}.csv"
        path.write_bytes(generate.encode(rng, text))
        min_seconds = rng.choice([15, 15, 15, 0, 30, 15.5, 14.999999])
        tz = rng.choice(["Asia/Shanghai"] * 4 + ["Europe/London", "America/New_York"])
        argv = ["sample", "--calls", str(path), "--period", period, "--min-seconds", str(min_seconds)]
        got = _run(capsys, [*argv, "--tz", tz, "--json"])
        want = reference_sample(str(path), period, min_seconds, tz)
        assert got == want, f"seed {seed}"


def test_sample_json_has_exactly_the_cli_md_keys_and_criterion_names(tmp_path, capsys):
    rng = random.Random(7)
    seen: set[str] = set()
    for half in ("H1", "H2"):
        text, _ = generate.calls_csv(rng, f"2025-06-{half}", agents=8)
        path = tmp_path / f"shape{half}.csv"
        path.write_text(text, encoding="utf-8-sig")
        got = _run(capsys, ["sample", "--calls", str(path), "--period", f"2025-6-{half.lower()}", "--json"])
        assert list(got) == ["period", "picks", "short"] and got["period"] == f"2025-06-{half}"
        assert all(list(p) == ["agent", "call_id", "criterion"] for p in got["picks"])
        assert all(list(s) == ["agent", "eligible"] and s["eligible"] < 5 for s in got["short"])
        seen |= {p["criterion"] for p in got["picks"]}
    allowed = {"weekday", "fill", "longest", "shortest", "first-monday", "last-friday", "longest-gap"}
    assert seen <= allowed and len(seen) >= 5


def test_sample_with_many_agents_matches_the_reference(tmp_path, capsys):
    rng = random.Random(2024)
    period = "2024-10-H1"  # the National Day week: holidays and an adjusted working Saturday
    text, _ = generate.calls_csv(rng, period, agents=60)
    path = tmp_path / "many.csv"
    path.write_text(text, encoding="utf-8")
    got = _run(capsys, ["sample", "--calls", str(path), "--period", period, "--json"])
    assert got == reference_sample(str(path), period)


@pytest.mark.parametrize("offset", [-25, -3, -1, 0, 1, 2, 7, 24, 49])
def test_live_order_is_the_reference_order_for_anchors_before_at_and_after_the_period(
    tmp_path, capsys, offset
):
    for seed in LIVE_SEEDS:
        rng = random.Random(seed * 100 + offset)
        period = generate.random_period(rng)
        y, m, h = int(period[:4]), int(period[5:7]), int(period[-1])
        index = (y * 12 + m - 1) * 2 + h - 1 - offset
        anchor = f"{index // 24}-{index // 2 % 12 + 1:02d}-H{index % 2 + 1}"
        path = tmp_path / f"agents{seed}.csv"
        path.write_bytes(generate.encode(rng, generate.agents_csv(rng)))
        got = _run(
            capsys, ["live-order", "--agents", str(path), "--period", period, "--anchor", anchor, "--json"]
        )
        assert got == reference_live_order(str(path), period, anchor), f"seed {seed} anchor {anchor}"
