"""Vendor ASR results imported as they are downloaded, one file or a zip of them (§8, issue 14 item 5)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from hotline.core.tests.test_inspection_vendors import ALIBABA, IFLYTEK, TENCENT
from hotline.inspection.models import Transcript
from hotline.inspection.services import InspectionError, call_inspect, transcripts_import_upload

from .helpers import inspected_call

pytestmark = pytest.mark.django_db


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _j(x) -> bytes:
    return json.dumps(x, ensure_ascii=False).encode()


def test_a_zip_of_three_vendors_results_is_imported_and_inspected(personas):
    for cid in ("VA1", "VI1", "VT1"):
        inspected_call(personas.agent, cid)
    data = _zip({"alibaba/VA1.json": _j(ALIBABA), "VI1.json": _j(IFLYTEK), "VT1.json": _j(TENCENT),
                 "readme.txt": b"from the console", "__MACOSX/._VA1.json": b"\x00\x05"})  # fmt: skip
    result = transcripts_import_upload(name="结果.zip", chunks=[data])
    assert (result.created, result.updated, result.errors) == (3, 0, [])
    ali = Transcript.objects.get(call__call_id="VA1")
    assert ali.source == "import:alibaba:VA1.json"
    assert [s["speaker"] for s in ali.segments] == ["agent", "customer", "agent"]
    assert ali.segments[0] == {
        "speaker": "agent",
        "start": 0.34,
        "end": 2.36,
        "text": "您好，很高兴为您服务。",
    }
    ifly = Transcript.objects.get(call__call_id="VI1")
    assert ifly.segments[1]["speaker"] == "agent" and "请问有什么可以帮您" in ifly.segments[1]["text"]
    res = call_inspect(call=ali.call)
    greeting = next(r for r in res.rules if r["key"] == "greeting")
    assert greeting["status"] == "pass" and greeting["evidence"][0]["start"] == 0.34


def test_the_agent_channel_option_swaps_the_parties(personas):
    inspected_call(personas.agent, "VA2")
    transcripts_import_upload(name="VA2.json", chunks=[_j(ALIBABA)], agent_channel=1)
    assert Transcript.objects.get(call__call_id="VA2").segments[0]["speaker"] == "customer"


def test_bad_members_are_row_errors_and_the_good_ones_are_kept(personas):
    inspected_call(personas.agent, "VT2")
    inspected_call(personas.agent, "VT3")
    failed = {"TaskId": "t", "StatusText": "FILE_DOWNLOAD_FAILED"}
    data = _zip({"VT2.json": _j(TENCENT), "../../etc/VX9.json": _j(ALIBABA), "VT3.json": _j(failed),
                 "dup/VT2.json": _j(TENCENT)})  # fmt: skip
    result = transcripts_import_upload(name="x.zip", chunks=[data])
    assert result.created == 1
    by_file = {e["file"]: e for e in result.errors}
    assert (
        by_file["VX9.json"]["column"] == "call_id"
    )  # flattened to its name: an unknown call, nothing written
    assert "FILE_DOWNLOAD_FAILED" in by_file["VT3.json"]["reason"]
    assert set(by_file) == {
        "VX9.json",
        "VT3.json",
        "VT2.json",
    }  # the second VT2.json is reported, not imported


def test_a_zip_bomb_and_a_broken_zip_are_refused_whole(personas, monkeypatch):
    from hotline.inspection import services

    monkeypatch.setattr(services, "ZIP_MAX_TOTAL_BYTES", 10_000)
    bomb = _zip({"a.json": b" " * 50_000})
    with pytest.raises(InspectionError):
        transcripts_import_upload(name="a.zip", chunks=[bomb])
    with pytest.raises(InspectionError):
        transcripts_import_upload(name="b.zip", chunks=[b"PK\x03\x04 not really"])


def test_a_manager_uploads_a_zip_on_the_runs_page_and_the_form_names_the_vendors(personas, login):
    inspected_call(personas.agent, "VP1")
    c = login(personas.manager)
    page = c.get(reverse("inspection:runs")).content.decode()
    assert "讯飞录音文件转写" in page and "坐席声道" in page
    f = io.BytesIO(_zip({"VP1.json": _j(IFLYTEK)}))
    f.name = "讯飞结果.zip"
    r = c.post(reverse("inspection:runs"), {"file": f, "vendor": "auto", "agent_channel": "0"}, follow=True)
    assert "新增 1" in r.content.decode()
    bad = io.BytesIO(b"PK\x03\x04 junk")
    bad.name = "x.zip"
    r = c.post(reverse("inspection:runs"), {"file": bad, "vendor": "auto", "agent_channel": "0"}, follow=True)
    assert r.status_code == 200 and "zip" in r.content.decode()
    f = io.BytesIO(b"[]")
    f.name = "x.json"
    r = c.post(
        reverse("inspection:runs"), {"file": f, "vendor": "whisper", "agent_channel": "7"}, follow=True
    )
    assert r.status_code == 200 and not Transcript.objects.filter(source__contains="x.json").exists()


def test_the_api_takes_a_vendor_file_and_refuses_unknown_options(personas, login):
    inspected_call(personas.agent, "VAPI1")
    c = login(personas.manager)
    url = "/api/inspection/transcripts"
    f = io.BytesIO(_j(TENCENT))
    f.name = "VAPI1.json"
    r = c.post(url, {"file": f})
    assert r.status_code == 200 and r.json()["created"] == 1
    f = io.BytesIO(_j(TENCENT))
    f.name = "VAPI1.json"
    assert c.post(url + "?vendor=whisper", {"file": f}).status_code == 400
    f = io.BytesIO(_j(TENCENT))
    f.name = "VAPI1.json"
    assert c.post(url + "?agent_channel=3", {"file": f}).status_code == 400
    f = io.BytesIO(_j(TENCENT))
    f.name = "VAPI1.json"
    assert login(personas.monitor).post(url, {"file": f}).status_code == 403
