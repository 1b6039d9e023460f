"""Forecast backtest benchmark (SPEC §5): WAPE of each method against BOTH references.

References: the 4-week same-interval mean (``baseline``) and the 8-week same-interval median
(``median8``); ``auto`` is what the product ships (``robust`` unless beaten on a backtest). Ratios
are to the BETTER of the two references measured in the same run (below 1 beats both; the issue's
target is ≤ 0.95).

Series:
- ``bank`` — REAL: a North American bank's call center, Mar–Oct 2003, 30 and 60 minutes
  (``hotline/core/tests/data/bank_calls_30min.csv``; fpp3 ``bank_calls``); also read as a UTC file in
  Shanghai time (the day split across two local days), and each half of the year on its own.
- ``synth-cn`` / ``synth-bank`` — seeded synthetic arrivals (``forecast_synth``), not real.

Rolling origin, one week ahead; held-out days without a single call (data gaps, unknown closures)
are not scored.

    .venv/bin/python bench/forecast.py [--seeds 2] [--weeks 25] [--mstl]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from hotline.core.forecast import History, _frozen
from hotline.core.forecast_backtest import backtest
from hotline.core.forecast_synth import synthetic_history
from hotline.core.tests.realdata import bank_history


def coarsen(h: History, interval: int) -> History:
    k = interval // h.interval
    c = h.counts.reshape(len(h.skills), h.days, -1, k).sum(axis=-1)
    return History(interval, h.tz, h.first_day, h.skills, _frozen(c))


def window(h: History, first: int, days: int) -> History:
    return History(
        h.interval,
        h.tz,
        h.first_day + dt.timedelta(days=first),
        h.skills,
        _frozen(h.counts[:, first : first + days]),
    )


def series(seeds: int):
    bank = bank_history(30)
    yield "bank (real) 30", bank, "none"
    yield "bank (real) 60", bank_history(60), "none"
    yield "bank UTC→CST 30", bank_history(30, shift_hours=8), "none"
    yield "bank Mar–Jun 30", window(bank, 0, 119), "none"
    yield "bank Jun–Oct 30", window(bank, 112, 124), "none"
    for seed in range(seeds):
        h = synthetic_history(dt.date(2026, 6, 1), 7 * 23, style="cn", interval=15, seed=seed)
        yield f"synth-cn s{seed} 30", coarsen(h, 30), "cn"
        h = synthetic_history(dt.date(2025, 1, 5), 7 * 20, style="bank", interval=15, seed=seed)
        yield f"synth-bank s{seed} 30", coarsen(h, 30), "none"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mstl", action="store_true", help="include statsforecast MSTL (slower)")
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument(
        "--weeks", type=int, default=25, help="held-out weeks at most (each keeps 8 weeks of history)"
    )
    args = ap.parse_args()
    methods = ["baseline", "median8", "profile", "robust", "auto"] + (["mstl"] if args.mstl else [])
    print(f"{'series':<22}" + "".join(f"{m:>16}" for m in methods) + "  weeks  seconds")
    for label, h, calendar in series(args.seeds):
        weeks = min(args.weeks, (h.days - 56) // 7)
        t = time.perf_counter()
        scores = {
            s.method: s
            for s in backtest(h, methods=methods, weeks=weeks, calendar=calendar, min_train_days=56)
        }
        secs = time.perf_counter() - t
        ref = min(scores["baseline"].wape, scores["median8"].wape)
        cells = "".join(f"{scores[m].wape:7.2%} x{scores[m].wape / ref:5.3f}" for m in methods)
        print(f"{label:<22}{cells}  {weeks:5d}  {secs:7.1f}")
    print("cells: WAPE and its ratio to the better of baseline (4-week mean) and median8 (8-week median)")


if __name__ == "__main__":
    main()
