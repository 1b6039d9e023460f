import json

from hotline.cli.main import main

HEADER = "call_id,agent,answered_at,ended_at,recording\n"
ROWS = [
    "m2,1001,2026-03-16 09:30:00,2026-03-16 09:35:00,r/m2.wav",
    "m1,1001,2026-03-16 09:00:00,2026-03-16 09:01:00,r/m1.wav",
    "t1,1001,2026-03-17 09:00:00,2026-03-17 09:00:20,r/t1.wav",
    "w1,1001,2026-03-18 09:00:00,2026-03-18 09:00:45,r/w1.wav",
    "w2,1001,2026-03-18 11:00:00,2026-03-18 11:00:50,r/w2.wav",
    "f3,1001,2026-03-27 16:00:00,2026-03-27 16:00:55,r/f3.wav",
    "z1,999,2026-03-20 09:00:00,2026-03-20 09:02:00,r/z1.wav",
    "z2,999,2026-03-20 10:00:00,2026-03-20 10:00:05,r/z2.wav",
    "old,1001,2026-03-02 09:00:00,2026-03-02 09:05:00,r/old.wav",
]


def write(tmp_path, rows, name="calls.csv", encoding="utf-8", header=HEADER):
    path = tmp_path / name
    path.write_bytes((header + "\n".join(rows) + "\n").encode(encoding))
    return str(path)


def run_json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_sample_prints_picks_in_pick_order_and_short_agents_by_work_number(tmp_path, capsys):
    out = run_json(capsys, ["sample", "--calls", write(tmp_path, ROWS), "--period", "2026-03-H2", "--json"])
    assert out["period"] == "2026-03-H2"
    assert [(p["agent"], p["call_id"], p["criterion"]) for p in out["picks"]] == [
        ("999", "z1", "longest"),
        ("1001", "m2", "longest"), ("1001", "t1", "shortest"), ("1001", "m1", "first-monday"),
        ("1001", "f3", "last-friday"), ("1001", "w2", "longest-gap"),
    ]  # fmt: skip
    assert out["short"] == [{"agent": "999", "eligible": 1}]


def test_min_seconds_widens_the_eligible_calls(tmp_path, capsys):
    argv = [
        "sample",
        "--calls",
        write(tmp_path, ROWS),
        "--period",
        "2026-03-H2",
        "--min-seconds",
        "5",
        "--json",
    ]
    out = run_json(capsys, argv)
    assert [p["call_id"] for p in out["picks"] if p["agent"] == "999"] == ["z1", "z2"]


def test_sample_reads_a_gb18030_file_with_chinese_work_numbers(tmp_path, capsys):
    rows = [r.replace("1001", "张三") for r in ROWS]
    path = write(tmp_path, rows, encoding="gb18030")
    out = run_json(capsys, ["sample", "--calls", path, "--period", "2026-03-H2", "--json"])
    assert [p["agent"] for p in out["picks"]].count("张三") == 5


def test_sample_prints_a_readable_table_without_json(tmp_path, capsys):
    assert main(["sample", "--calls", write(tmp_path, ROWS), "--period", "2026-03-H1"]) == 0
    text = capsys.readouterr().out
    assert "old" in text and "weekday" in text and "Short sessions" in text


def test_a_malformed_period_exits_2_naming_the_option(tmp_path, capsys):
    assert main(["sample", "--calls", write(tmp_path, ROWS), "--period", "2026-3-H3", "--json"]) == 2
    assert "--period" in capsys.readouterr().err


def test_a_missing_column_exits_2_naming_file_and_column(tmp_path, capsys):
    path = write(tmp_path, ["a,1001,2026-03-16 09:00:00"], header="call_id,agent,answered_at\n")
    assert main(["sample", "--calls", path, "--period", "2026-03-H2"]) == 2
    err = capsys.readouterr().err
    assert "calls.csv" in err and "ended_at" in err


def test_a_bad_time_exits_2_naming_row_and_column(tmp_path, capsys):
    rows = [*ROWS[:2], "bad,1001,yesterday,2026-03-16 09:01:00,r.wav"]
    assert main(["sample", "--calls", write(tmp_path, rows), "--period", "2026-03-H2"]) == 2
    err = capsys.readouterr().err
    assert "row 4" in err and "answered_at" in err
