"""``hotline roster solve`` (CLI.md): JSON and grid output, exit 2 naming the bad field."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from hotline.cli.main import main
from hotline.core.roster import problem_from_dict
from hotline.core.roster_check import check_roster


def example() -> dict:
    return json.loads(resources.files("hotline.core").joinpath("data/roster_example.json").read_text("utf-8"))


def write(tmp_path, data, name="problem.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_solve_prints_the_contract_json_for_the_users_example(tmp_path, capsys):
    assert main(["roster", "solve", write(tmp_path, example()), "--json", "--time-limit", "5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "optimal"
    assert out["violations"] == []
    assert set(out["roster"]) == {"小一", "小二", "小三", "小四", "小五", "小六", "小七"}
    assert check_roster(problem_from_dict(example()), out["roster"]) == []


def test_solve_without_json_prints_a_people_by_days_grid(tmp_path, capsys):
    assert main(["roster", "solve", write(tmp_path, example())]) == 0
    out = capsys.readouterr().out
    assert "optimal" in out
    lines = [line for line in out.splitlines() if "小五" in line]
    assert len(lines) == 1 and lines[0].split("│")[2].strip() == "中"  # 小五 works 中 on day 1
    assert "7 日" in out  # day 7 is a Sunday


def test_infeasible_demand_prints_status_infeasible_and_the_shortfalls(tmp_path, capsys):
    data = {**example(), "demand": {"早": 4, "中": 1, "晚": 2, "休": 2}}
    assert main(["roster", "solve", write(tmp_path, data), "--json", "--time-limit", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "infeasible"
    assert any(v.startswith("day 1 (2026-12-07): ") for v in out["violations"])
    assert out["roster"] and out["uncovered"]


@pytest.mark.parametrize(
    "change, words",
    [
        ({"demand": {"夜": 1}}, "demand.夜: unknown shift"),
        ({"fixed": [{"person": "小五", "day": 9, "shift": "中"}]}, "fixed[0].day: 9 is outside 1..7"),
        ({"next": {"早": ["中", "夜"]}}, "next.早[1]: unknown shift"),
        ({"people": []}, "people:"),
    ],
)
def test_bad_fields_exit_2_naming_the_field(tmp_path, capsys, change, words):
    assert main(["roster", "solve", write(tmp_path, {**example(), **change})]) == 2
    assert words in capsys.readouterr().err


def test_bad_json_exits_2_naming_the_file_and_line(tmp_path, capsys):
    path = write(tmp_path, '{"days": 7,\n "people": [}', "broken.json")
    assert main(["roster", "solve", path]) == 2
    err = capsys.readouterr().err
    assert "broken.json" in err and "line 2" in err


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["roster", "solve", str(tmp_path / "nope.json")]) == 2
    assert "nope.json" in capsys.readouterr().err
