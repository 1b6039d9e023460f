"""Forecast backtest benchmark (SPEC §5): WAPE/bias of each method against the 4-week baseline.

Synthetic, seeded arrivals (``hotline.core.forecast_synth``): a Chinese hotline with the holiday
calendar (Jun–Nov 2026, National Day inside the held-out weeks) and a bank-like center without a
calendar. Rolling origin over the last 8 weeks, 15/30/60-minute intervals, several seeds. Prints
seconds per method and each method's WAPE as a ratio of the baseline's measured in the same run.

    .venv/bin/python bench/forecast.py [--mstl] [--seeds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np

from hotline.core.forecast import History, _frozen
from hotline.core.forecast_backtest import backtest
from hotline.core.forecast_synth import synthetic_history

CASES = (
    ("cn", dt.date(2026, 6, 1), 7 * 23, "cn"),
    ("bank", dt.date(2025, 1, 5), 7 * 20, "none"),
)


def coarsen(h: History, interval: int) -> History:
    k = interval // h.interval
    c = h.counts.reshape(len(h.skills), h.days, -1, k).sum(axis=-1)
    return History(interval, h.tz, h.first_day, h.skills, _frozen(c))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mstl", action="store_true", help="include statsforecast MSTL (slower)")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--weeks", type=int, default=8)
    args = ap.parse_args()
    methods = ["baseline", "profile", "blend", "auto"] + (["mstl"] if args.mstl else [])
    print(f"{'case':<12}{'int':>4}  " + "  ".join(f"{m:>22}" for m in methods) + "   seconds")
    for style, first, days, calendar in CASES:
        for interval in (15, 30, 60):
            wape = {m: [] for m in methods}
            bias = {m: [] for m in methods}
            secs = {m: 0.0 for m in methods}
            for seed in range(args.seeds):
                h = coarsen(synthetic_history(first, days, style=style, interval=15, seed=seed), interval)
                for m in methods:
                    t = time.perf_counter()
                    (s,) = backtest(h, methods=[m], weeks=args.weeks, calendar=calendar)
                    secs[m] += time.perf_counter() - t
                    wape[m].append(s.wape)
                    bias[m].append(s.bias)
            base = float(np.mean(wape["baseline"]))
            cells = []
            for m in methods:
                w = float(np.mean(wape[m]))
                cells.append(f"{w:6.1%} {np.mean(bias[m]):+5.1%} x{w / base:5.3f}")
            timing = " ".join(f"{m}={secs[m]:.2f}" for m in methods)
            print(f"{style:<12}{interval:>4}  " + "  ".join(f"{c:>22}" for c in cells) + f"   {timing}")
    print("cells: WAPE, bias, WAPE ratio to the baseline of the same run (below 1 beats it)")


if __name__ == "__main__":
    main()
