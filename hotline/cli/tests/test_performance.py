"""hotline import-hr and hotline appraisal (Django commands)."""

import json

from hotline.cli.main import main
from hotline.performance.models import Attendance


def test_import_hr_imports_attendance_and_reports_counts(personas, tmp_path, capsys):
    p = tmp_path / "att.csv"
    p.write_text("agent,date,kind,days\n8001,2026-10-09,sick,2\n", encoding="utf-8")
    assert main(["import-hr", "attendance", str(p)]) == 0
    assert "1 new" in capsys.readouterr().out
    assert Attendance.objects.get().days == 2


def test_import_hr_with_a_bad_row_exits_2_naming_row_and_column(personas, tmp_path, capsys):
    p = tmp_path / "att.csv"
    p.write_text("agent,date,kind\n8001,2026-13-40,late\n", encoding="utf-8")
    assert main(["import-hr", "attendance", str(p)]) == 2
    assert "att.csv, row 2, column date" in capsys.readouterr().err


def test_appraisal_prints_json_lines(personas, tmp_path, capsys):
    p = tmp_path / "att.csv"
    p.write_text("agent,date,kind\n8001,2026-10-09,late\n", encoding="utf-8")
    main(["import-hr", "attendance", str(p)])
    capsys.readouterr()
    assert main(["appraisal", "--month", "2026-10", "--agent", "8001", "--json"]) == 0
    (a,) = json.loads(capsys.readouterr().out)
    assert a["total"] == 98 and a["lines"][0]["rule"] == "attendance.late"
