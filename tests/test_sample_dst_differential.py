"""`hotline sample` agrees with the literal SPEC §3.2 reference where clocks change.

The core reads local dates from integer instants with one zone lookup per hour (and per period when
the offset does not move); these logs crowd calls around DST changes — including clocks that go back
across midnight (America/Santiago) and half-hour changes (Australia/Lord_Howe) and changes in the middle of a UTC hour
(Australia/Adelaide, Asia/Tehran in 2021) — so that any slip in
that arithmetic shows as a different pick or eligible count. (Calls that span the change itself are
left out: the reference measures them on the wall clock — see the note in ``_log``.)
"""

from __future__ import annotations

import datetime as dt
import json
import random
from zoneinfo import ZoneInfo

from hotline.cli.main import main
from tests.reference.spec_sampling import sample as reference_sample

# (zone, period, a UTC moment near a clock change in that period)
CHANGES = [
    ("America/Santiago", "2026-04-H1", dt.datetime(2026, 4, 5, 3, tzinfo=dt.UTC)),  # 24:00 → 23:00
    ("America/Santiago", "2026-09-H1", dt.datetime(2026, 9, 6, 4, tzinfo=dt.UTC)),  # 24:00 → 01:00
    ("America/New_York", "2026-03-H1", dt.datetime(2026, 3, 8, 7, tzinfo=dt.UTC)),
    ("America/New_York", "2026-11-H1", dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC)),
    ("Europe/London", "2026-03-H2", dt.datetime(2026, 3, 29, 1, tzinfo=dt.UTC)),
    ("Europe/London", "2026-10-H2", dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC)),
    ("America/Havana", "2026-03-H1", dt.datetime(2026, 3, 8, 5, tzinfo=dt.UTC)),
    ("Australia/Lord_Howe", "2026-04-H1", dt.datetime(2026, 4, 4, 15, tzinfo=dt.UTC)),
    ("Australia/Adelaide", "2026-04-H1", dt.datetime(2026, 4, 4, 16, 30, tzinfo=dt.UTC)),  # mid-hour in UTC
    ("Australia/Adelaide", "2026-10-H1", dt.datetime(2026, 10, 3, 16, 30, tzinfo=dt.UTC)),
    ("Asia/Tehran", "2021-09-H2", dt.datetime(2021, 9, 21, 19, 30, tzinfo=dt.UTC)),  # back across midnight
    ("Asia/Tehran", "2021-03-H2", dt.datetime(2021, 3, 21, 20, 30, tzinfo=dt.UTC)),  # mid-hour in UTC
    ("Asia/Shanghai", "2026-10-H1", dt.datetime(2026, 10, 1, 16, tzinfo=dt.UTC)),  # no change: the fast path
]


def _log(rng: random.Random, zone: str, moment: dt.datetime) -> str:
    tz = ZoneInfo(zone)
    lines = ["call_id,agent,answered_at,ended_at,recording"]
    for agent in ("7", "12", "100"):
        for _ in range(rng.randrange(0, 45)):
            if rng.random() < 0.7:  # crowd the hours around the change and around local midnight
                start = moment + dt.timedelta(seconds=rng.randrange(-36 * 3600, 36 * 3600))
            else:
                start = moment + dt.timedelta(days=rng.uniform(-16, 16))
            start += dt.timedelta(microseconds=rng.choice([0, 0, 1, 500000, 999999]))
            talk = dt.timedelta(seconds=rng.choice([5, 15, 15, 30, 60, 60, 600, 3600]))
            a, b = start.astimezone(tz), (start + talk).astimezone(tz)
            if b - a != talk:  # spans the change: the reference subtracts wall clocks (Python's
                continue  # same-zone rule) and would get the length wrong, so such calls are left out
            local = start.astimezone(tz) if rng.random() < 0.5 else start  # either way round
            text = (
                local.isoformat() if local.tzinfo is not dt.UTC else local.isoformat().replace("+00:00", "Z")
            )
            end = (start + talk).isoformat()
            cid = f"{agent}-{rng.randrange(10**6):06d}"
            lines.append(f"{cid},{agent},{text},{end},{'r.wav' if rng.random() < 0.9 else ''}")
    return "\n".join(dict.fromkeys(lines)) + "\n"  # call ids unique (a duplicate line is dropped)


def test_sample_matches_the_reference_on_logs_crowded_around_clock_changes(tmp_path, capsys):
    for seed in range(156):
        rng = random.Random(seed)
        zone, period, moment = CHANGES[seed % len(CHANGES)]
        path = tmp_path / f"dst{seed}.csv"
        text = _log(rng, zone, moment)
        ids = [line.split(",")[0] for line in text.splitlines()[1:]]
        if len(ids) != len(set(ids)):
            continue
        path.write_text(text, encoding="utf-8")
        capsys.readouterr()
        argv = ["sample", "--calls", str(path), "--period", period, "--tz", zone, "--json"]
        assert main(argv) == 0
        got = json.loads(capsys.readouterr().out)
        assert got == reference_sample(str(path), period, 15, zone), f"seed {seed} ({zone} {period})"
