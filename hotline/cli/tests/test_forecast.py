"""``hotline forecast`` (CLI.md contract, SPEC §5)."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from hotline.cli.main import main
from hotline.core.forecast_synth import synthetic_history


def run(capsys, *argv):
    code = main(["forecast", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def counts_csv(tmp_path_factory):
    """Six weeks of 15-minute counts for two skills, written as start,calls,skill (zeros omitted)."""
    h = synthetic_history(dt.date(2026, 8, 3), 42, skills=("订购", "投诉"), interval=15, seed=3)
    path = tmp_path_factory.mktemp("fc") / "counts.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["start", "calls", "skill"])
        for s, skill in enumerate(h.skills):
            for j, day in enumerate(h.dates()):
                for t in range(96):
                    if h.counts[s, j, t]:
                        start = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=15 * t)
                        w.writerow([start.isoformat(), int(h.counts[s, j, t]), skill])
    return path


@pytest.fixture()
def calls_csv(tmp_path):
    """Three weeks of calls: 2 a day at 09:05 and 09:40 queue time, one outbound call ignored."""
    path = tmp_path / "calls.csv"
    rows = ["call_id,agent,answered_at,ended_at,queued_at,direction"]
    day = dt.date(2026, 3, 2)
    for i in range(21):
        d = (day + dt.timedelta(days=i)).isoformat()
        rows.append(f"a{i},1001,{d}T09:06:00,{d}T09:10:00,{d}T09:05:00,in")
        rows.append(f"b{i},1001,{d}T09:41:00,{d}T09:45:00,{d}T09:40:00,in")
        rows.append(f"c{i},1001,{d}T15:00:00,{d}T15:05:00,,out")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_forecast_from_calls_prints_every_interval_of_the_horizon(capsys, calls_csv):
    code, out, _ = run(capsys, "--calls", calls_csv, "--interval", 60, "--horizon", 2, "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["interval"] == 60 and doc["method"] in ("robust", "baseline", "median8", "profile", "blend")
    rows = doc["forecast"]
    assert len(rows) == 2 * 24 and "skill" not in rows[0]
    assert rows[0]["start"] == "2026-03-23T00:00:00+08:00"
    assert rows[9]["calls"] == pytest.approx(2.0) and sum(r["calls"] for r in rows) == pytest.approx(4.0)


def test_forecast_from_counts_per_skill_with_a_start_and_the_baseline(capsys, counts_csv):
    code, out, _ = run(
        capsys, "--counts", counts_csv, "--interval", 30, "--horizon", 7, "--start", "2026-09-14",
        "--method", "baseline", "--json",
    )  # fmt: skip
    doc = json.loads(out)
    assert code == 0 and doc["method"] == "baseline"
    assert len(doc["forecast"]) == 7 * 48 * 2
    assert doc["forecast"][0] == {"start": "2026-09-14T00:00:00+08:00", "calls": 0.0, "skill": "投诉"}


def test_backtest_reports_wape_and_bias_against_the_baseline(capsys, counts_csv):
    code, out, _ = run(
        capsys, "--counts", counts_csv, "--interval", 30, "--horizon", 1, "--backtest", "--json"
    )
    bt = json.loads(out)["backtest"]
    assert code == 0 and bt["weeks"] == 4
    by = {m["method"]: m for m in bt["methods"]}
    assert by["baseline"]["ratio_to_baseline"] == 1.0
    assert by["profile"]["wape"] < by["baseline"]["wape"]
    assert set(by) == {"baseline", "median8", "profile", "blend", "robust", "auto"}
    assert by["median8"]["ratio_to_best_reference"] == 1.0 or by["baseline"]["ratio_to_best_reference"] == 1.0


def test_an_event_raises_its_days_for_its_skill_only(capsys, counts_csv):
    args = ("--counts", counts_csv, "--interval", 60, "--horizon", 2, "--method", "profile", "--json")
    _, plain, _ = run(capsys, *args)
    _, boosted, _ = run(capsys, *args, "--event", "2026-09-15=2@订购")
    a, b = json.loads(plain)["forecast"], json.loads(boosted)["forecast"]
    for x, y in zip(a, b, strict=True):
        day2 = x["start"].startswith("2026-09-15")
        assert y["calls"] == pytest.approx(x["calls"] * (2 if day2 and x["skill"] == "订购" else 1), abs=2e-3)


def test_the_readable_table_names_the_method(capsys, calls_csv):
    code, out, _ = run(capsys, "--calls", calls_csv, "--interval", 60, "--horizon", 1)
    assert code == 0 and "method" in out and "2026-03-23T09:00:00+08:00" in out


def test_years_beyond_the_calendar_warn_and_still_forecast(capsys, calls_csv):
    code, out, err = run(capsys, "--calls", calls_csv, "--horizon", 1, "--start", "2031-01-06", "--json")
    assert code == 0 and "does not cover 2031" in err
    assert len(json.loads(out)["forecast"]) == 48


@pytest.mark.parametrize(
    "extra,message",
    [
        (("--start", "2026-13-01"), "--start '2026-13-01' is not a date"),
        (("--event", "2026-03-25"), "expected FIRST[..LAST]=FACTOR"),
        (("--event", "2026-03-25=-1"), "non-negative"),
        (("--event", "2026-03-25=2@售后"), "skill '售后' is not in the history"),
        (("--horizon", 0), "--horizon must be between 1 and 366"),
        (("--tz", "Mars/Base"), "is not a time zone"),
        (("--start", "2026-03-01"), "no history before 2026-03-01"),
    ],
)
def test_bad_options_exit_2_with_a_clear_message(capsys, calls_csv, extra, message):
    code, _, err = run(capsys, "--calls", calls_csv, *extra)
    assert code == 2 and message in err


def test_a_bad_counts_file_names_the_file_row_and_column(capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("start,calls\n2026-03-02T09:00,3\n2026-03-02T09:30,many\n", encoding="utf-8")
    code, _, err = run(capsys, "--counts", path)
    assert code == 2 and "bad.csv, row 3, column calls" in err


def test_a_counts_file_without_the_calls_column_is_refused(capsys, tmp_path):
    path = tmp_path / "nocalls.csv"
    path.write_text("start,volume\n2026-03-02T09:00,3\n", encoding="utf-8")
    code, _, err = run(capsys, "--counts", path)
    assert (
        code == 2 and "nocalls.csv, row 1, column calls" in err
    )  # the reason: English once the catalog has it


def test_calls_and_counts_together_are_refused(capsys, calls_csv):
    with pytest.raises(SystemExit) as exc:
        main(["forecast", "--calls", str(calls_csv), "--counts", str(calls_csv)])
    assert exc.value.code == 2
