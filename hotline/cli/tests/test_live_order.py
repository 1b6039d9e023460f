import json

from hotline.cli.main import main

AGENTS = """work_number,name,company,pinyin
11,王芳,长沙公司,
12,李四,长沙公司,
13,林,长沙公司,
21,曾小明,重庆公司,
22,陈静,重庆公司,
31,赵六,北京公司,
41,单雄信,单县公司,
"""


def write(tmp_path, text, encoding="utf-8", name="agents.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def order(capsys, path, period, anchor="2026-01-H1"):
    assert main(["live-order", "--agents", path, "--period", period, "--anchor", anchor, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_live_order_at_the_anchor_is_plain_pinyin_order(tmp_path, capsys):
    out = order(capsys, write(tmp_path, AGENTS), "2026-01-H1")
    assert out == {
        "period": "2026-01-H1",
        "companies": ["北京公司", "长沙公司", "重庆公司", "单县公司"],  # 单县 reads shan xian
        "agents": ["31", "12", "13", "11", "22", "21", "41"],
    }


def test_live_order_turns_companies_each_half_month_and_agents_each_month(tmp_path, capsys):
    out = order(capsys, write(tmp_path, AGENTS), "2026-02-H1")  # k = 2, m = 1
    assert out["companies"] == ["重庆公司", "单县公司", "北京公司", "长沙公司"]
    assert out["agents"] == ["21", "22", "41", "31", "13", "11", "12"]


def test_the_pinyin_column_overrides_the_reading(tmp_path, capsys):
    text = AGENTS.replace("12,李四,长沙公司,", "12,李四,长沙公司,zzz")
    out = order(capsys, write(tmp_path, text), "2026-01-H1")
    assert out["agents"][1:4] == ["13", "11", "12"]


def test_live_order_reads_gb18030_and_prints_a_table(tmp_path, capsys):
    path = write(tmp_path, AGENTS, encoding="gb18030")
    assert main(["live-order", "--agents", path, "--period", "2026-01-H2", "--anchor", "2026-01-H1"]) == 0
    text = capsys.readouterr().out
    assert "长沙公司" in text and "李四" in text


def test_a_missing_company_column_exits_2(tmp_path, capsys):
    path = write(tmp_path, "work_number,name\n1,李四\n")
    assert main(["live-order", "--agents", path, "--period", "2026-01-H1", "--anchor", "2026-01-H1"]) == 2
    err = capsys.readouterr().err
    assert "agents.csv" in err and "company" in err


def test_empty_cells_and_duplicate_work_numbers_are_reported_by_row(tmp_path, capsys):
    path = write(tmp_path, AGENTS + "51,,北京公司,\n31,赵七,北京公司,\n")
    assert main(["live-order", "--agents", path, "--period", "2026-01-H1", "--anchor", "2026-01-H1"]) == 2
    err = capsys.readouterr().err
    assert "row 9, column name" in err and "row 10, column work_number" in err


def test_a_bad_anchor_exits_2(tmp_path, capsys):
    path = write(tmp_path, AGENTS)
    assert main(["live-order", "--agents", path, "--period", "2026-01-H1", "--anchor", "2026-01"]) == 2
    assert "--anchor" in capsys.readouterr().err
