"""The real bank arrival series of ``data/bank_calls_30min.csv`` as a forecast ``History``."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from hotline.core.forecast import History, _frozen

BANK_CSV = Path(__file__).with_name("data") / "bank_calls_30min.csv"


def bank_history(interval: int = 30, *, shift_hours: int = 0) -> History:
    """Days from the first to the last row; absent days are zero. ``interval``: 30 or 60 minutes.

    ``shift_hours`` moves every count later by that many hours (a UTC file read in Shanghai time
    splits the bank's day across two local days — a harder, still real, series).
    """
    with BANK_CSV.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    starts = [int(h[:2]) * 60 + int(h[3:]) for h in head[1:]]
    first = dt.date.fromisoformat(body[0][0])
    last = dt.date.fromisoformat(body[-1][0])
    days = (last - first).days + 1
    flat = np.zeros(days * 1440 // 30 + 48)
    for row in body:
        day = (dt.date.fromisoformat(row[0]) - first).days
        for start, value in zip(starts, row[1:], strict=True):
            flat[day * 48 + start // 30 + shift_hours * 2] += float(value)
    counts = flat[: days * 48 + (48 if shift_hours else 0)].reshape(-1, 48)
    if interval == 60:
        counts = counts.reshape(counts.shape[0], 24, 2).sum(axis=2)
    return History(interval, "Asia/Shanghai", first, ("",), _frozen(counts[None]))
