"""`hotline kpi` on small call files (SPEC §7, CLI.md)."""

from __future__ import annotations

import json

import pytest

from hotline.cli.main import main

HEADER = "call_id,agent,answered_at,ended_at,queued_at,center,skill,direction,talk_seconds,hold_seconds,acw_seconds,abandoned"
ROWS = [
    "1,A1,2026-10-08 09:00:10,2026-10-08 09:05:10,2026-10-08 09:00:00,廊坊,order,in,,10,20,0",
    "2,A1,2026-10-08 09:01:30,2026-10-08 09:03:30,2026-10-08 09:01:00,廊坊,order,in,100,0,0,0",
    "3,,,2026-10-08 09:02:03,2026-10-08 09:02:00,廊坊,order,in,,,,1",
    "4,,,2026-10-08 09:03:30,2026-10-08 09:03:00,廊坊,order,in,,,,1",
    "5,A2,2026-10-09 23:30:20,2026-10-09 23:31:20,2026-10-09 23:30:00,黄岛,service,in,,,,0",
    "6,A2,2026-10-09 10:00:00,2026-10-09 10:02:00,,黄岛,service,out,,,,0",
]


def write(tmp_path, header=HEADER, rows=ROWS, encoding="utf-8"):
    path = tmp_path / "calls.csv"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return str(path)


def run_json(capsys, *argv):
    assert main(["kpi", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_kpi_by_center_prints_one_object_per_center_sorted(tmp_path, capsys):
    out = run_json(capsys, "--calls", write(tmp_path), "--by", "center")
    assert [o["group"] for o in out] == sorted(["廊坊", "黄岛"])
    lf = next(o for o in out if o["group"] == "廊坊")
    assert (lf["offered"], lf["answered"], lf["abandoned"], lf["short_abandons"]) == (3, 2, 1, 1)
    assert lf["abandonment_rate"] == pytest.approx(1 / 3)
    assert lf["service_level"] == pytest.approx(1 / 3)
    assert lf["asa"] == pytest.approx(20.0)
    assert lf["aht"] == pytest.approx((300 + 10 + 20 + 100) / 2)
    hd = next(o for o in out if o["group"] == "黄岛")
    assert (hd["offered"], hd["outbound"]) == (1, 1)


def test_kpi_thresholds_are_options(tmp_path, capsys):
    out = run_json(
        capsys, "--calls", write(tmp_path), "--by", "center", "--answer-time", "30", "--short-abandon", "0"
    )
    lf = next(o for o in out if o["group"] == "廊坊")
    assert (lf["offered"], lf["short_abandons"]) == (4, 0)
    assert lf["service_level"] == pytest.approx(2 / 4)


def test_kpi_by_day_uses_local_dates_and_nulls_empty_rates(tmp_path, capsys):
    rows = [*ROWS, "7,,,2026-10-10 08:00:01,2026-10-10 08:00:00,黄岛,service,in,,,,1"]
    out = run_json(capsys, "--calls", write(tmp_path, rows=rows), "--by", "day")
    assert [o["group"] for o in out] == ["2026-10-08", "2026-10-09", "2026-10-10"]
    only_short = out[2]
    assert (only_short["offered"], only_short["short_abandons"]) == (0, 1)
    assert only_short["abandonment_rate"] is None and only_short["service_level"] is None
    assert only_short["asa"] is None and only_short["aht"] is None


def test_fcr_and_satisfaction_appear_only_when_their_columns_exist(tmp_path, capsys):
    out = run_json(capsys, "--calls", write(tmp_path), "--by", "month")
    assert out[0]["group"] == "2026-10" and "fcr" not in out[0] and "satisfaction" not in out[0]
    header = HEADER + ",resolved,satisfied"
    rows = [r + x for r, x in zip(ROWS, [",1,是", ",0,", ",,", ",,", ",1,否", ",,"], strict=True)]
    out = run_json(capsys, "--calls", write(tmp_path, header, rows), "--by", "month")
    assert (out[0]["fcr"], out[0]["fcr_n"]) == (pytest.approx(2 / 3), 3)
    assert (out[0]["satisfaction"], out[0]["satisfaction_n"]) == (0.5, 2)


def test_kpi_reads_gb18030_files(tmp_path, capsys):
    out = run_json(capsys, "--calls", write(tmp_path, encoding="gb18030"), "--by", "skill")
    assert [o["group"] for o in out] == ["order", "service"]


def test_kpi_prints_a_readable_table_by_default(tmp_path, capsys):
    assert main(["kpi", "--calls", write(tmp_path), "--by", "agent"]) == 0
    out = capsys.readouterr().out
    assert "A1" in out and "(none)" in out and "50.0%" in out  # A1: one of two answered within 20 s


def test_kpi_refuses_a_bad_row_naming_file_row_and_column(tmp_path, capsys):
    rows = [*ROWS, "8,A1,yesterday,2026-10-08 09:05:10,,廊坊,order,in,,,,0"]
    assert main(["kpi", "--calls", write(tmp_path, rows=rows), "--by", "center", "--json"]) == 2
    err = capsys.readouterr().err
    assert "calls.csv, row 8, column answered_at: 'yesterday' is not an ISO 8601 time" in err


def test_kpi_refuses_an_unknown_time_zone(tmp_path, capsys):
    assert main(["kpi", "--calls", write(tmp_path), "--by", "day", "--tz", "Mars/Olympus"]) == 2
    assert "time zone" in capsys.readouterr().err
