"""``hotline erlang`` against the issue's known answers and its refusals (CLI.md, SPEC §5)."""

from __future__ import annotations

import json

import pytest

from hotline.cli.main import main

KEYS = {"agents", "service_level", "asa", "occupancy", "wait_probability", "abandon_probability", "scheduled"}
FIRST = ["--calls", "100", "--interval", "1800", "--aht", "180", "--answer-time", "20"]


def run_json(capsys, *argv: str) -> dict:
    assert main(["erlang", *argv, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == KEYS
    return out


def test_100_calls_staff_14_agents_and_schedule_20_at_30_percent_shrinkage(capsys):
    out = run_json(capsys, *FIRST, "--target-sl", "0.8", "--shrinkage", "0.3")
    assert (out["agents"], out["scheduled"]) == (14, 20)
    assert out["service_level"] == pytest.approx(0.88835, abs=5e-6)
    assert out["asa"] == pytest.approx(7.836, abs=5e-4)
    assert out["occupancy"] == pytest.approx(0.7143, abs=5e-5)
    assert out["abandon_probability"] == 0.0


def test_55_agents_on_360_calls_give_the_published_erlang_c_figures(capsys):
    out = run_json(
        capsys,
        "--calls",
        "360",
        "--interval",
        "1800",
        "--aht",
        "240",
        "--answer-time",
        "15",
        "--agents",
        "55",
    )
    assert out["agents"] == 55 and out["scheduled"] == 55
    assert out["wait_probability"] == pytest.approx(0.2387, abs=5e-5)
    assert out["asa"] == pytest.approx(8.184, abs=5e-4)
    assert out["service_level"] == pytest.approx(0.8459, abs=5e-5)


def test_a_patience_switches_to_erlang_a_with_the_exact_figures(capsys):
    out = run_json(capsys, *FIRST, "--agents", "14", "--patience", "300")
    assert out["service_level"] == pytest.approx(0.916792, abs=5e-7)
    assert out["abandon_probability"] == pytest.approx(0.013984, abs=5e-7)
    assert out["wait_probability"] == pytest.approx(0.14526, abs=5e-6)
    assert out["asa"] == pytest.approx(0.069919 * 60, abs=5e-5)


@pytest.mark.parametrize(
    "calls, aht, n_c, n_a", [(50, 180, 8, 7), (200, 240, 32, 29), (500, 300, 91, 82), (1000, 300, 176, 159)]
)
def test_the_staffing_grid_gives_erlang_c_and_erlang_a_agents(capsys, calls, aht, n_c, n_a):
    base = ["--calls", str(calls), "--interval", "1800", "--aht", str(aht), "--answer-time", "20"]
    assert run_json(capsys, *base, "--target-sl", "0.8")["agents"] == n_c
    assert run_json(capsys, *base, "--target-sl", "0.8", "--patience", "120")["agents"] == n_a


def test_an_occupancy_cap_adds_an_agent(capsys):
    out = run_json(capsys, *FIRST, "--target-sl", "0.8", "--max-occupancy", "0.7", "--shrinkage", "0.3")
    assert (out["agents"], out["scheduled"]) == (15, 22)


def test_an_overloaded_queue_reports_asa_as_null(capsys):
    out = run_json(capsys, *FIRST, "--agents", "10")
    assert out["asa"] is None
    assert (out["service_level"], out["wait_probability"]) == (0.0, 1.0)


def test_zero_calls_need_zero_agents(capsys):
    out = run_json(capsys, "--calls", "0", "--interval", "1800", "--aht", "180", "--answer-time", "20",
                   "--target-sl", "0.9")  # fmt: skip
    assert (out["agents"], out["scheduled"], out["service_level"]) == (0, 0, 1.0)


def test_without_json_a_readable_table_is_printed(capsys):
    assert main(["erlang", *FIRST, "--target-sl", "0.8", "--shrinkage", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "Erlang C" in out and "88.84%" in out and "20" in out


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--target-sl", "0.8", "--agents", "14"], "exactly one of --target-sl"),
        ([], "exactly one of --target-sl"),
        (["--target-sl", "80"], "--target-sl"),
        (["--target-sl", "0"], "--target-sl"),
        (["--agents", "-1"], "--agents"),
        (["--target-sl", "0.8", "--shrinkage", "1"], "--shrinkage"),
        (["--target-sl", "0.8", "--patience", "-5"], "--patience"),
        (["--target-sl", "0.8", "--max-occupancy", "1.2"], "--max-occupancy"),
        (["--agents", "14", "--max-occupancy", "0.8"], "--max-occupancy"),
    ],
)
def test_bad_arguments_exit_2_with_a_message_naming_the_option(capsys, extra, message):
    assert main(["erlang", *FIRST, *extra]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("option, value", [("--calls", "-3"), ("--interval", "0"), ("--aht", "-180"),
                                           ("--answer-time", "-1"), ("--calls", "nan")])  # fmt: skip
def test_negative_or_meaningless_traffic_exits_2(capsys, option, value):
    argv = dict(zip(FIRST[::2], FIRST[1::2], strict=True))
    argv[option] = value
    flat = [x for kv in argv.items() for x in kv]
    assert main(["erlang", *flat, "--target-sl", "0.8"]) == 2
    assert option in capsys.readouterr().err
