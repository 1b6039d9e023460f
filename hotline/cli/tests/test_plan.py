"""``hotline plan``: generates the center's plan in the database and prints loads and warnings."""

from __future__ import annotations

import json

from hotline.cli.main import main
from hotline.quality.models import MonitoringPlan


def test_plan_prints_the_load_of_each_monitor_as_json(personas, capsys):
    assert main(["plan", "--center", "langfang", "--period", "2026-11-H1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["period"] == "2026-11-H1" and out["slots"] == 6
    assert out["monitors"] == [
        {"work_number": "8200", "name": "钱质检", "live": 3, "recording": 3, "done": 0}
    ]
    assert MonitoringPlan.objects.filter(center=personas.center, period="2026-11-H1").exists()


def test_plan_prints_a_table_by_default(personas, capsys):
    assert main(["plan", "--center", "廊坊中心", "--period", "2026-11-H2"]) == 0
    out = capsys.readouterr().out
    assert "钱质检" in out and "slots: 6" in out


def test_plan_refuses_an_unknown_center_and_a_bad_period(personas, capsys):
    assert main(["plan", "--center", "nowhere", "--period", "2026-11-H1"]) == 2
    assert "nowhere" in capsys.readouterr().err
    assert main(["plan", "--center", "langfang", "--period", "2026-13-H1"]) == 2
