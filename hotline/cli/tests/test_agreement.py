"""`hotline agreement` on small score files (SPEC §4, CLI.md)."""

from __future__ import annotations

import json

import krippendorff
import numpy as np
import pytest

from hotline.cli.main import main

SF = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def write(tmp_path, lines):
    path = tmp_path / "scores.csv"
    path.write_text("\n".join(["unit,rater,value", *lines]) + "\n", encoding="utf-8")
    return str(path)


def long_lines(matrix, raters=("wang", "li", "zhao", "sun")):
    return [
        f"call{i + 1},{raters[j]},{'' if v is None else v}"
        for i, row in enumerate(matrix)
        for j, v in enumerate(row)
    ]


def run_json(capsys, path):
    assert main(["agreement", "--scores", path, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_agreement_prints_alpha_icc_and_rater_deviations(tmp_path, capsys):
    out = run_json(capsys, write(tmp_path, long_lines(SF)))
    assert out["icc2_1"] == pytest.approx(0.28976, abs=1e-5)
    data = np.array(SF, dtype=float).T
    assert out["alpha_interval"] == pytest.approx(krippendorff.alpha(data, level_of_measurement="interval"))
    assert out["alpha_nominal"] == pytest.approx(krippendorff.alpha(data, level_of_measurement="nominal"))
    unit_means = data.mean(axis=0)
    assert out["raters"]["wang"]["mean_deviation"] == pytest.approx(float(np.mean(data[0] - unit_means)))
    assert sorted(out["raters"]) == ["li", "sun", "wang", "zhao"]
    assert (out["units"], out["n_raters"]) == (6, 4)


def test_agreement_with_missing_values_uses_pairable_units_and_complete_units(tmp_path, capsys):
    matrix = [*SF, [3, None, None, 4], [None, None, None, 7]]
    out = run_json(capsys, write(tmp_path, long_lines(matrix)))
    assert out["icc2_1"] == pytest.approx(0.28976, abs=1e-5)
    assert out["icc_units"] == 6
    data = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float).T
    assert out["alpha_interval"] == pytest.approx(krippendorff.alpha(data, level_of_measurement="interval"))
    assert out["raters"]["sun"]["n"] == 8


def test_agreement_gives_null_where_a_statistic_is_undefined(tmp_path, capsys):
    out = run_json(capsys, write(tmp_path, ["c1,wang,80", "c1,li,80", "c2,wang,80", "c2,li,80"]))
    assert out["alpha_interval"] is None and out["alpha_nominal"] is None and out["icc2_1"] is None
    assert out["raters"]["wang"]["mean_deviation"] == 0.0


def test_a_duplicate_rating_is_refused_with_file_row_and_column(tmp_path, capsys):
    path = write(tmp_path, ["c1,wang,80", "c1,li,70", "c1,wang,75"])
    assert main(["agreement", "--scores", path, "--json"]) == 2
    assert "scores.csv, row 4, column rater" in capsys.readouterr().err


def test_a_non_numeric_value_is_refused_with_file_row_and_column(tmp_path, capsys):
    path = write(tmp_path, ["c1,wang,80", "c1,li,八十"])
    assert main(["agreement", "--scores", path]) == 2
    assert "scores.csv, row 3, column value" in capsys.readouterr().err


def test_a_missing_column_is_refused(tmp_path, capsys):
    path = tmp_path / "scores.csv"
    path.write_text("unit,rater\nc1,wang\n", encoding="utf-8")
    assert main(["agreement", "--scores", str(path)]) == 2
    assert "value" in capsys.readouterr().err


def test_agreement_prints_a_readable_table_by_default(tmp_path, capsys):
    assert main(["agreement", "--scores", write(tmp_path, long_lines(SF))]) == 0
    out = capsys.readouterr().out
    assert "ICC(2,1)" in out and "0.290" in out and "wang" in out
