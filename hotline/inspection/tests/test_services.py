"""Inspection services (§8): one call, a run over a date range, transcript import, suggestions."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from hotline.inspection.models import CallInspection, InspectionRun, Transcript
from hotline.inspection.selectors import suggestions_for_call, timeline
from hotline.inspection.services import (
    InspectionError,
    call_inspect,
    inspection_run_create,
    inspection_run_execute,
    transcripts_import,
)

from .helpers import BAD_TRANSCRIPT, GOOD_TRANSCRIPT, inspected_call

pytestmark = pytest.mark.django_db


def test_a_call_with_audio_and_a_bad_transcript_gets_failed_rules_and_a_high_risk(personas):
    call = inspected_call(personas.agent, "HDS1", transcript=BAD_TRANSCRIPT)
    res = call_inspect(call=call)
    by_key = {r["key"]: r for r in res.rules}
    assert by_key["forbidden"]["status"] == "fail"
    assert by_key["forbidden"]["evidence"][0]["start"] == 5.5
    assert res.audio["duration"] == pytest.approx(30.0)
    assert res.has_transcript and res.risk >= 60  # above the sampling threshold calibrated on real dialogues
    good = call_inspect(call=inspected_call(personas.peer, "HDS2", transcript=GOOD_TRANSCRIPT))
    assert good.risk < res.risk


def test_a_call_without_a_recording_file_is_inspected_on_its_transcript_only(personas):
    call = inspected_call(personas.agent, "HDS3", transcript=GOOD_TRANSCRIPT)
    call.recording.path = "missing.wav"
    call.recording.save()
    res = call_inspect(call=call)
    assert res.audio is None and res.error == ""
    assert {r["key"]: r["status"] for r in res.rules}["listening"] == "na"


def test_a_run_inspects_the_center_calls_in_its_date_range_and_reports_progress(
    personas, django_capture_on_commit_callbacks
):
    inspected_call(personas.agent, "HDR1", transcript=BAD_TRANSCRIPT)
    inspected_call(personas.peer, "HDR2")
    with django_capture_on_commit_callbacks(execute=True):
        run = inspection_run_create(center=personas.center, date_from=dt.date(2026, 10, 8),
                                    date_to=dt.date(2026, 10, 8), by=personas.manager)  # fmt: skip
    run.refresh_from_db()
    assert (run.status, run.total, run.done, run.percent) == ("done", 2, 2, 100)
    assert CallInspection.objects.filter(run=run).count() == 2
    seen = []
    CallInspection.objects.filter(call__call_id="HDR2").update(fingerprint="")  # as if HDR2 had changed
    inspection_run_execute(run=run, progress=lambda d, t: seen.append((d, t)), every=1)
    assert seen == [(1, 2), (2, 2)]  # HDR1 unchanged (done at once), then HDR2 inspected again
    run.refresh_from_db()
    assert (run.unchanged, run.done, run.status) == (1, 2, "done")


def test_a_run_skips_calls_with_neither_a_recording_file_nor_a_transcript(personas):
    call = inspected_call(personas.agent, "HDR4")
    call.recording.path = "elsewhere.wav"
    call.recording.save()
    inspected_call(personas.peer, "HDR5")
    run = inspection_run_create(center=personas.center, date_from=dt.date(2026, 10, 8), date_to=dt.date(2026, 10, 8),
                                start=False)  # fmt: skip
    run = inspection_run_execute(run=run)
    assert (run.total, run.done, run.skipped) == (2, 2, 1)
    assert list(CallInspection.objects.values_list("call__call_id", flat=True)) == ["HDR5"]


def test_a_run_outside_the_calls_dates_inspects_nothing(personas):
    inspected_call(personas.agent, "HDR3")
    run = inspection_run_create(center=personas.center, date_from=dt.date(2026, 11, 1), date_to=dt.date(2026, 11, 2),
                                start=False)  # fmt: skip
    assert inspection_run_execute(run=run).total == 0


def test_a_backwards_date_range_is_refused(personas):
    with pytest.raises(InspectionError):
        inspection_run_create(
            center=personas.center, date_from=dt.date(2026, 10, 9), date_to=dt.date(2026, 10, 8)
        )


def test_transcripts_import_from_a_folder_keeps_good_files_and_names_the_bad_ones(personas, tmp_path):
    inspected_call(personas.agent, "HDT1")
    inspected_call(personas.agent, "HDT2")
    (tmp_path / "HDT1.json").write_text(json.dumps(GOOD_TRANSCRIPT, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "bulk.json").write_text(json.dumps([
        {"call_id": "HDT2", "segments": BAD_TRANSCRIPT},
        {"call_id": "NOPE", "segments": BAD_TRANSCRIPT},
        {"call_id": "HDT1", "segments": [{"speaker": "boss", "start": 0, "end": 1, "text": "x"}]},
    ], ensure_ascii=False), encoding="utf-8")  # fmt: skip
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    result = transcripts_import(path=tmp_path)
    assert result.created == 2 and result.updated == 0
    errors = {(e["file"], e["row"], e["column"]) for e in result.errors}
    assert errors == {("bulk.json", 2, "call_id"), ("bulk.json", 3, "segments"), ("broken.json", None, None)}
    assert "entry 1, speaker" in next(e["reason"] for e in result.errors if e["row"] == 3)
    assert Transcript.objects.get(call__call_id="HDT1").segments[0]["text"].startswith("您好")


def test_transcripts_import_only_writes_calls_in_the_given_scope(personas, tmp_path):
    from hotline.calls.models import Call

    inspected_call(personas.other_agent, "HDX1")
    (tmp_path / "HDX1.json").write_text(json.dumps(GOOD_TRANSCRIPT), encoding="utf-8")
    result = transcripts_import(
        path=tmp_path / "HDX1.json", calls=Call.objects.filter(center=personas.center)
    )
    assert result.created == 0 and result.errors[0]["column"] == "call_id"


def test_suggestions_for_a_call_say_no_with_evidence_and_are_empty_before_inspection(personas):
    call = inspected_call(personas.agent, "HDG1", transcript=BAD_TRANSCRIPT)
    assert suggestions_for_call(call) == {}
    call_inspect(call=call)
    s = suggestions_for_call(call)
    assert s["attitude.02"]["answer"] == "no" and "不知道" in s["attitude.02"]["evidence"]
    assert s["courtesy.01"]["answer"] == "no"


def test_the_timeline_scales_segments_to_the_call_length(personas):
    call = inspected_call(personas.agent, "HDL1", transcript=BAD_TRANSCRIPT, seconds=60.0, hold=20.0)
    tl = timeline(call_inspect(call=call))
    assert tl["duration"] == pytest.approx(60.0)
    assert all(0 <= b["x"] <= 1000 for b in tl["agent"] + tl["customer"])
    assert tl["hold"] and tl["marks"][0]["status"] == "fail"
    assert InspectionRun.objects.count() == 0
