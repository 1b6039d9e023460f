"""hotline inspect and hotline transcripts import (Django commands, §8)."""

import json

import pytest

from hotline.cli.main import main
from hotline.inspection.models import InspectionRun, Transcript
from hotline.inspection.tests.helpers import BAD_TRANSCRIPT, GOOD_TRANSCRIPT, inspected_call

pytestmark = pytest.mark.django_db


def test_inspect_runs_over_the_range_and_prints_the_riskiest_calls(personas, capsys):
    inspected_call(personas.agent, "HDI1", transcript=BAD_TRANSCRIPT)
    inspected_call(personas.peer, "HDI2", transcript=GOOD_TRANSCRIPT)
    assert (
        main(["inspect", "--center", "langfang", "--from", "2026-10-08", "--to", "2026-10-08", "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 2 and out["status"] == "done"
    assert [c["call_id"] for c in out["calls"]] == ["HDI1", "HDI2"]
    assert InspectionRun.objects.get().done == 2
    assert main(["inspect", "--center", "langfang", "--from", "2026-10-08", "--to", "2026-10-08"]) == 0
    assert "HDI1" in capsys.readouterr().out


def test_inspect_refuses_an_unknown_center_and_a_bad_date(personas, capsys):
    assert main(["inspect", "--center", "nowhere", "--from", "2026-10-08", "--to", "2026-10-08"]) == 2
    assert "--center" in capsys.readouterr().err
    assert main(["inspect", "--center", "langfang", "--from", "2026-13-01", "--to", "2026-10-08"]) == 2
    assert "--from" in capsys.readouterr().err


def test_transcripts_import_reports_file_row_and_column_of_errors(personas, tmp_path, capsys):
    inspected_call(personas.agent, "HDI3")
    (tmp_path / "HDI3.json").write_text(json.dumps(GOOD_TRANSCRIPT), encoding="utf-8")
    (tmp_path / "HDI9.json").write_text(json.dumps(GOOD_TRANSCRIPT), encoding="utf-8")
    assert main(["transcripts", "import", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "1 created" in out and "HDI9.json" in out and "call_id" in out
    assert Transcript.objects.filter(call__call_id="HDI3").exists()
