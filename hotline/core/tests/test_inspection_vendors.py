"""Vendor ASR results → generic transcript (SPEC §8, issue 14 item 5)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.core.inspection import vendors
from hotline.core.inspection.rules import TranscriptError, parse_transcript

ALIBABA = {
    "TaskId": "8c6a2d5e0f1b4c0f9e6d4a1b2c3d4e5f",
    "RequestId": "3E7C5B0A-1D2E-4F60-8A9B-0C1D2E3F4A5B",
    "StatusText": "SUCCESS",
    "StatusCode": 21050000,
    "BizDuration": 9120,
    "SolveTime": 1733000000000,
    "Result": {
        "Sentences": [
            {"EndTime": 2360, "SilenceDuration": 0, "BeginTime": 340, "Text": "您好，很高兴为您服务。",
             "ChannelId": 0, "SpeechRate": 267, "EmotionValue": 6.1},
            {"EndTime": 5120, "SilenceDuration": 0, "BeginTime": 2700, "Text": "我的宽带断了。",
             "ChannelId": 1, "SpeechRate": 180, "EmotionValue": 5.2},
            {"EndTime": 9000, "SilenceDuration": 1, "BeginTime": 6100, "Text": "请您稍等，我帮您查一下。",
             "ChannelId": 0, "SpeechRate": 240, "EmotionValue": 6.0},
        ]
    },
}  # fmt: skip


def _ifly_best(bg, ed, rl, words):
    ws = [
        {"cw": [{"w": w, "wp": "p" if w in "，。？" else "n", "wc": "1.0000"}], "wb": 1, "we": 2}
        for w in words
    ]
    return json.dumps({"st": {"bg": str(bg), "ed": str(ed), "rl": str(rl), "rt": [{"ws": ws}]}},
                      ensure_ascii=False)  # fmt: skip


IFLYTEK = {
    "code": "000000",
    "descInfo": "success",
    "content": {
        "orderInfo": {"orderId": "DKHJQ2022090510220905100000000001", "status": 4, "failType": 11,
                      "originalDuration": 9120, "realDuration": 9120},
        "orderResult": json.dumps({
            "lattice": [
                {"json_1best": _ifly_best(400, 2100, 2, ["喂", "，", "你好", "。"])},
                {"json_1best": _ifly_best(2300, 5000, 1, ["您好", "，", "这里", "是", "客服", "中心", "，", "请问",
                                                        "有什么", "可以", "帮您", "？"])},
                {"json_1best": _ifly_best(5200, 8000, 2, ["我", "的", "快递", "没", "到", "。"])},
            ],
            "lattice2": [],
        }, ensure_ascii=False),
    },
}  # fmt: skip

TENCENT = {
    "Response": {
        "Data": {
            "TaskId": 1234567890, "Status": 2, "StatusStr": "success", "AudioDuration": 9.1,
            "Result": "[0:0.340,0:2.360,0]  您好，很高兴为您服务。\n[0:2.700,0:5.120,1]  我的宽带断了。\n",
            "ResultDetail": [
                {"FinalSentence": "您好，很高兴为您服务。", "SliceSentence": "您好 很高兴 为您 服务", "StartMs": 340,
                 "EndMs": 2360, "WordsNum": 4, "Words": [], "SpeechSpeed": 5.2, "SpeakerId": 0,
                 "EmotionalEnergy": 0, "SilenceTime": 0},
                {"FinalSentence": "我的宽带断了。", "SliceSentence": "我的 宽带 断了", "StartMs": 2700, "EndMs": 5120,
                 "WordsNum": 3, "Words": [], "SpeechSpeed": 3.1, "SpeakerId": 1, "EmotionalEnergy": 0,
                 "SilenceTime": 340},
            ],
            "ErrorMsg": "",
        },
        "RequestId": "9a1b2c3d-0000-1111-2222-333344445555",
    }
}  # fmt: skip


def test_each_vendor_is_recognised():
    assert vendors.detect(ALIBABA) == "alibaba"
    assert vendors.detect(ALIBABA["Result"]) == "alibaba"
    assert vendors.detect(IFLYTEK) == "iflytek"
    assert vendors.detect(json.loads(IFLYTEK["content"]["orderResult"])) == "iflytek"
    assert vendors.detect(TENCENT) == "tencent"
    assert vendors.detect(TENCENT["Response"]["Data"]) == "tencent"
    assert vendors.detect([{"speaker": "agent", "start": 0, "end": 1, "text": "您好"}]) == "generic"
    assert vendors.detect({"segments": []}) == "generic"


def test_alibaba_channels_and_milliseconds():
    segs = vendors.to_segments(ALIBABA)
    assert [(s["speaker"], s["start"], s["end"]) for s in segs] == [
        ("agent", 0.34, 2.36), ("customer", 2.7, 5.12), ("agent", 6.1, 9.0)]  # fmt: skip
    assert segs[1]["text"] == "我的宽带断了。"
    tr = parse_transcript(segs)
    assert [s.speaker for s in tr] == ["agent", "customer", "agent"]


def test_agent_on_the_right_channel():
    segs = vendors.to_segments(ALIBABA, agent_channel=1)
    assert [s["speaker"] for s in segs] == ["customer", "agent", "customer"]


def test_alibaba_camel_case_version_4():
    v4 = {"taskId": "x", "statusText": "SUCCESS", "result": {"sentences": [
        {"beginTime": 0, "endTime": 1000, "text": "您好", "channelId": 0},
        {"beginTime": 1200, "endTime": 2000, "text": "喂", "channelId": 1}]}}  # fmt: skip
    assert [s["speaker"] for s in vendors.to_segments(v4)] == ["agent", "customer"]


def test_alibaba_failed_task_is_refused_with_the_reason():
    with pytest.raises(TranscriptError, match="FILE_DOWNLOAD_FAILED"):
        vendors.to_segments({"TaskId": "x", "StatusText": "FILE_DOWNLOAD_FAILED", "StatusCode": 41050002})


def test_iflytek_roles_are_told_apart_by_what_they_say():
    segs = vendors.to_segments(IFLYTEK)
    # role 2 spoke first ("喂，你好"), but role 1 says the agent's phrases
    assert [(s["speaker"], s["text"]) for s in segs] == [
        ("customer", "喂，你好。"),
        ("agent", "您好，这里是客服中心，请问有什么可以帮您？"),
        ("customer", "我的快递没到。"),
    ]
    assert segs[1]["start"] == 2.3


def test_iflytek_unfinished_order_and_single_speaker_are_refused():
    pending = json.loads(json.dumps(IFLYTEK))
    pending["content"]["orderInfo"]["status"] = 3
    with pytest.raises(TranscriptError, match="not finished"):
        vendors.to_segments(pending)
    mono = {"lattice": [{"json_1best": _ifly_best(0, 900, 0, ["您好"])},
                        {"json_1best": _ifly_best(1000, 1900, 0, ["喂"])}]}  # fmt: skip
    with pytest.raises(TranscriptError, match="角色分离"):
        vendors.to_segments(mono)


def test_iflytek_v1_answer():
    v1 = {"ok": 0, "err_no": 0, "failed": None, "data": json.dumps([
        {"bg": "0", "ed": "1500", "onebest": "您好，请问有什么可以帮您", "speaker": "1"},
        {"bg": "1700", "ed": "3000", "onebest": "查一下话费", "speaker": "2"}], ensure_ascii=False)}  # fmt: skip
    assert [s["speaker"] for s in vendors.to_segments(v1)] == ["agent", "customer"]


def test_tencent_detail_and_timed_lines_agree():
    detail = vendors.to_segments(TENCENT)
    lines_only = json.loads(json.dumps(TENCENT))
    del lines_only["Response"]["Data"]["ResultDetail"]
    lines = vendors.to_segments(lines_only)
    assert [(s["speaker"], s["start"], s["end"]) for s in detail] == [
        ("agent", 0.34, 2.36), ("customer", 2.7, 5.12)]  # fmt: skip
    assert [(s["speaker"], round(s["start"], 3), round(s["end"], 3), s["text"]) for s in lines] == [
        (s["speaker"], s["start"], s["end"], s["text"]) for s in detail
    ]


def test_tencent_error_answer_and_unfinished_task():
    err = {"Response": {"Error": {"Code": "FailedOperation.NoSuchTask", "Message": "no such task"},
                        "RequestId": "r"}}  # fmt: skip
    with pytest.raises(TranscriptError, match="NoSuchTask"):
        vendors.to_segments(err)
    with pytest.raises(TranscriptError, match="not finished"):
        vendors.to_segments({"Response": {"Data": {"Status": 1, "StatusStr": "doing", "Result": ""}}})


@pytest.mark.parametrize(
    "bad, where",
    [
        ({"Result": {"Sentences": [{"BeginTime": "abc", "EndTime": 10, "Text": "x", "ChannelId": 0}]}},
         "entry 1, BeginTime"),
        ({"Result": {"Sentences": [{"BeginTime": -5, "EndTime": 10, "Text": "x", "ChannelId": 0}]}},
         "entry 1, BeginTime"),
        ({"Result": {"Sentences": [{"BeginTime": 1, "EndTime": 10, "Text": 5, "ChannelId": 0}]}}, "entry 1, Text"),
        ({"Result": {"Sentences": [{"BeginTime": 1, "EndTime": 10, "Text": "x", "ChannelId": "../"}]}},
         "entry 1, ChannelId"),
        ({"Result": {"Sentences": [{"BeginTime": 1, "EndTime": 2, "Text": "a", "ChannelId": c} for c in (0, 1, 2)]}},
         "3 speakers"),
        ({"content": {"orderResult": "{not json"}}, "orderResult: not JSON"),
        ({"Response": {"Data": {"Status": 2, "Result": "garbage line"}}}, "entry 1, Result"),
    ],
)  # fmt: skip
def test_bad_entries_name_the_entry_and_field(bad, where):
    with pytest.raises(TranscriptError, match=where):
        vendors.to_segments(bad)


def test_agent_channel_must_be_0_or_1():
    with pytest.raises(TranscriptError):
        vendors.to_segments(ALIBABA, agent_channel=2)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["Result", "Sentences", "BeginTime", "EndTime", "Text", "ChannelId", "content",
                         "orderResult", "lattice", "json_1best", "st", "rt", "ws", "cw", "w", "bg", "ed", "rl",
                         "Response", "Data", "Status", "ResultDetail", "StartMs", "EndMs", "SpeakerId",
                         "FinalSentence", "data", "ok", "StatusText"]),
        children, max_size=5),
    max_leaves=25,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_json)
def test_any_json_gives_segments_or_a_transcript_error(data):
    try:
        segs = vendors.to_segments(data)
    except TranscriptError:
        return
    if vendors.detect(data) != "generic":
        parse_transcript(segs)  # what a vendor reader returns is always a valid transcript
