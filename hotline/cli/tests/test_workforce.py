"""`hotline staffing` and `hotline roster generate` (§5) on the database."""

import datetime as dt
import json

import pytest

from hotline.cli.main import main
from hotline.org.tests.factories import PersonFactory
from hotline.workforce.models import Roster
from hotline.workforce.tests.helpers import make_calls, make_shifts, make_skill


def test_staffing_prints_the_plan_of_a_skill_from_its_calls(personas, capsys):
    make_skill(personas.center, aht_override_s=180)
    make_calls(personas.center, personas.agent, first=dt.date(2026, 9, 7), days=21, per_hour=20)
    assert (
        main(["staffing", "--center", "廊坊中心", "--skill", "订货", "--date", "2026-09-28", "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == "erlang_c" and len(out["intervals"]) == 18  # 9:00–18:00 in half hours
    nine = out["intervals"][0]
    assert nine["start"] == "2026-09-28T09:00:00+08:00" and nine["calls"] == pytest.approx(10)
    assert nine["agents"] >= 2 and out["trunks"] >= out["peak_agents"]


def test_staffing_names_an_unknown_center(personas, capsys):
    assert main(["staffing", "--center", "无此中心", "--skill", "订货", "--date", "2026-09-28"]) == 2
    assert "无此中心" in capsys.readouterr().err


def test_roster_generate_solves_and_publishes_a_team_roster(personas, capsys):
    make_shifts(personas.center)
    for i in range(5):
        PersonFactory(center=personas.center, team=personas.team_a, name=f"小{i}", work_number=f"70{i}")
    code = main(["roster", "generate", "--team", "一组", "--first-day", "2026-11-02", "--days", "14",
                 "--counts", "早=2,中=1,晚=2", "--time-limit", "10", "--publish", "--json"])  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    roster = Roster.objects.get()
    assert code == 0 and out["solver_status"] in ("optimal", "feasible") and out["violations"] == []
    assert roster.status == Roster.Status.PUBLISHED and roster.assignments.count() == 7 * 14


def test_roster_generate_wants_counts_or_a_plan(personas, capsys):
    assert main(["roster", "generate", "--team", "一组", "--first-day", "2026-11-02"]) == 2
    assert "--counts" in capsys.readouterr().err


def test_contacts_imports_an_email_queues_counts_and_staffing_uses_them(personas, capsys, tmp_path):
    make_skill(personas.center, name="邮件", channel="email", response_deadline_h=4)
    lines = ["时间,技能,数量,处理时长"] + [
        f"{dt.date(2026, 9, 7) + dt.timedelta(days=d)} {h:02d}:00,邮件,6,300"
        for d in range(21)
        for h in range(9, 18)
    ]
    (tmp_path / "mail.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["contacts", str(tmp_path / "mail.csv"), "--center", "廊坊中心", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "file": "mail.csv",
        "created": 189,
        "updated": 0,
        "unchanged": 0,
    }
    assert main(["contacts", str(tmp_path / "mail.csv"), "--center", "廊坊中心", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 189
    assert (
        main(["staffing", "--center", "廊坊中心", "--skill", "邮件", "--date", "2026-09-28", "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == "backlog" and out["peak_agents"] >= 1 and out["trunks"] == 0
    (tmp_path / "bad.csv").write_text("时间,技能,数量\n昨天,邮件,1\n", encoding="utf-8")
    assert main(["contacts", str(tmp_path / "bad.csv"), "--center", "廊坊中心"]) == 2
    assert "bad.csv, row 2, column time" in capsys.readouterr().err
