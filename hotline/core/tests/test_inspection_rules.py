"""Transcript rules, the default pack, risk score and suggestions (§8), and the ASR adapter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.core.inspection.asr import ASRUnavailable, check_model, load_engine, transcribe
from hotline.core.inspection.rules import (
    DEFAULT_RULES,
    CallFacts,
    RuleError,
    RuleResult,
    TranscriptError,
    compile_rules,
    evaluate,
    parse_transcript,
    risk_points,
    risk_score,
    suggestions,
)
from hotline.core.scoring import DEFAULT_FORM

GOOD = [
    {"speaker": "agent", "start": 0.4, "end": 3.5, "text": "您好，欢迎致电订货热线，工号八零零幺为您服务"},
    {"speaker": "customer", "start": 4.0, "end": 6.0, "text": "我想订一下这周的货"},
    {"speaker": "agent", "start": 6.5, "end": 8.0, "text": "好的，请您说一下品规"},
    {"speaker": "customer", "start": 8.5, "end": 11.0, "text": "中华两条，利群五条"},
    {"speaker": "agent", "start": 11.5, "end": 12.5, "text": "请您稍等，我帮您查一下"},
    {"speaker": "agent", "start": 40.0, "end": 42.0, "text": "感谢您的耐心等待"},
    {
        "speaker": "agent",
        "start": 42.5,
        "end": 46.0,
        "text": "跟您确认一下，您订的是中华两条，利群五条，周四配送",
    },
    {"speaker": "customer", "start": 46.5, "end": 47.0, "text": "对"},
    {"speaker": "agent", "start": 47.5, "end": 50.0, "text": "感谢您的配合，祝您生活愉快，再见"},
]
BAD = [
    {"speaker": "agent", "start": 0.4, "end": 2.0, "text": "喂"},
    {"speaker": "customer", "start": 2.5, "end": 5.0, "text": "我想问一下明天能送吗"},
    {"speaker": "agent", "start": 5.5, "end": 7.0, "text": "不知道，你听不懂吗，等一下"},
    {"speaker": "agent", "start": 30.0, "end": 31.0, "text": "好了"},
]
AUDIO_QUIET = {"silences": [], "overtalks": [], "overtalk_total": 0.0, "holds": [], "agent_rate": 4.2}


def _by_key(results):
    return {r.key: r for r in results}


def test_a_transcript_in_the_vendor_layout_is_parsed_and_sorted():
    t = parse_transcript(list(reversed(GOOD)))
    assert [s.start for s in t] == sorted(s["start"] for s in GOOD)
    assert t[0].speaker == "agent" and t[0].text.startswith("您好")


def test_milliseconds_and_aliases_are_accepted():
    (s,) = parse_transcript([{"role": "客户", "bg": 1500, "ed": 2500, "text": "喂"}], unit="ms")
    assert (s.speaker, s.start, s.end) == ("customer", 1.5, 2.5)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"speaker": "boss", "start": 0, "end": 1, "text": ""}, "entry 1, speaker"),
        ({"speaker": "agent", "start": "x", "end": 1, "text": ""}, "entry 1, start"),
        ({"speaker": "agent", "start": 2, "end": 1, "text": ""}, "entry 1, end"),
        ({"speaker": "agent", "start": 0, "end": 1, "text": 5}, "entry 1, text"),
    ],
)
def test_bad_transcript_entries_are_named(row, message):
    with pytest.raises(TranscriptError, match=message):
        parse_transcript([row])


def test_a_good_order_call_passes_every_applicable_default_rule():
    r = _by_key(evaluate(DEFAULT_RULES, parse_transcript(GOOD), AUDIO_QUIET, CallFacts(skill="订货")))
    failed = [k for k, v in r.items() if v.status == "fail"]
    assert failed == []
    assert r["greeting"].evidence[0].start == 0.4
    assert r["hold_thanks"].status == "pass"


def test_a_bad_call_fails_greeting_id_forbidden_rhetorical_hold_and_farewell_with_evidence():
    r = _by_key(evaluate(DEFAULT_RULES, parse_transcript(BAD), AUDIO_QUIET, CallFacts(skill="订货")))
    for key in (
        "greeting",
        "self_id",
        "forbidden",
        "rhetorical",
        "hold_phrase",
        "hold_thanks",
        "farewell",
        "read_back",
    ):
        assert r[key].status == "fail", key
    assert r["forbidden"].evidence[0].text == "不知道，你听不懂吗，等一下"
    assert r["forbidden"].evidence[0].start == 5.5
    assert r["shirking"].status == "pass"


def test_hold_rules_are_not_applicable_without_a_hold_and_order_rules_outside_orders():
    t = parse_transcript([GOOD[0], GOOD[-1]])
    r = _by_key(evaluate(DEFAULT_RULES, t, AUDIO_QUIET, CallFacts(skill="咨询")))
    assert r["hold_phrase"].status == r["hold_thanks"].status == "na"
    assert r["read_back"].status == r["order_thanks"].status == "na"


def test_an_audio_hold_makes_the_hold_phrase_required():
    audio = dict(AUDIO_QUIET, holds=[[20.0, 40.0]])
    t = parse_transcript([GOOD[0], GOOD[-1]])
    assert _by_key(evaluate(DEFAULT_RULES, t, audio))["hold_phrase"].status == "fail"


def test_text_rules_without_a_transcript_and_audio_rules_without_audio_are_na():
    r = _by_key(evaluate(DEFAULT_RULES, None, AUDIO_QUIET))
    assert r["greeting"].status == "na" and r["listening"].status == "pass"
    r = _by_key(evaluate(DEFAULT_RULES, parse_transcript(GOOD), None))
    assert r["listening"].status == "na" and r["greeting"].status == "pass"


def test_silence_and_overtalk_operators_use_the_audio_segments():
    rules = compile_rules([
        {"key": "s", "mode": "forbid", "when": {"silence": {"longer_than": 8}}},
        {"key": "o", "mode": "forbid", "when": {"overtalk": {"count": 2}}},
        {"key": "r", "mode": "forbid", "when": {"speech_rate": {"role": "agent", "above": 6}}},
    ])  # fmt: skip
    audio = {"silences": [[10, 19.5]], "overtalks": [[1, 2]], "overtalk_total": 1, "agent_rate": 7.1}
    r = _by_key(evaluate(rules, None, audio))
    assert r["s"].status == "fail" and r["s"].evidence[0].start == 10
    assert r["o"].status == "pass"
    assert r["r"].status == "fail"


def test_position_limits_the_search_to_the_first_or_last_sentences_of_the_role():
    t = parse_transcript(GOOD)
    rules = compile_rules([
        {"key": "first", "when": {"role": "agent", "position": {"first": 1}, "keyword": ["再见"]}},
        {"key": "last", "when": {"role": "agent", "position": {"last": 1}, "keyword": ["再见"]}},
        {"key": "cust", "when": {"role": "customer", "keyword": ["再见"]}},
        {"key": "neg", "when": {"not": {"role": "customer", "keyword": ["再见"]}}},
    ])  # fmt: skip
    r = _by_key(evaluate(rules, t))
    assert (r["first"].status, r["last"].status, r["cust"].status, r["neg"].status) == (
        "fail",
        "pass",
        "fail",
        "pass",
    )


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"when": {"keyword": ["a"]}}, "key is required"),
        ({"key": "x", "when": {"regex": "("}}, "regex"),
        ({"key": "x", "when": {"sound": {}}}, "unknown operator"),
        ({"key": "x", "mode": "maybe", "when": {"keyword": ["a"]}}, "mode"),
        ({"key": "x", "when": {"role": "boss"}}, "role"),
        ({"key": "x", "when": {"and": []}}, "and/or"),
        ({"key": "x", "when": {"position": {"middle": 2}}}, "position"),
    ],
)
def test_malformed_rules_are_refused_with_the_rule_named(rule, message):
    with pytest.raises(RuleError, match=message):
        compile_rules([rule])


def test_every_default_rule_links_to_an_item_of_the_default_form():
    keys = {i.key for sec in DEFAULT_FORM.sections for i in sec.items}
    assert {r.item for r in DEFAULT_RULES} <= keys
    assert {"courtesy.01", "courtesy.02", "courtesy.03", "courtesy.07", "courtesy.08", "courtesy.09",
            "courtesy.12", "attitude.01", "attitude.02", "skills.02"} <= {r.item for r in DEFAULT_RULES}  # fmt: skip


def test_risk_is_zero_for_a_clean_call_and_follows_the_documented_formula():
    clean = evaluate(DEFAULT_RULES, parse_transcript(GOOD), AUDIO_QUIET, CallFacts(skill="订货"))
    assert risk_score(clean, AUDIO_QUIET) == 0
    one = [RuleResult("x", "x", "", "fail", 4.0)]
    assert risk_score(one) == 63  # 100·(1−e^−1)
    audio = {"silences": [[0, 10]], "overtalk_total": 7.0}
    assert risk_points([], audio) == {"rules": 0.0, "silence": 1.0, "overtalk": 1.0}
    assert risk_score([], audio) == 39


@given(st.lists(st.sampled_from(["pass", "fail", "na"]), max_size=12), st.floats(0, 300), st.floats(0, 60))
def test_risk_stays_in_0_100_and_never_drops_when_a_rule_fails(statuses, dead, over):
    audio = {"silences": [[0, dead]] if dead >= 5 else [], "overtalk_total": over}
    rs = [RuleResult(str(i), "", "", s, 1.0) for i, s in enumerate(statuses)]
    base = risk_score(rs, audio)
    assert 0 <= base <= 100
    assert risk_score([*rs, RuleResult("extra", "", "", "fail", 1.0)], audio) >= base


def test_suggestions_say_no_with_evidence_for_failed_items_and_yes_for_passed_ones():
    r = evaluate(DEFAULT_RULES, parse_transcript(BAD), AUDIO_QUIET, CallFacts(skill="订货"))
    s = suggestions(r)
    assert s["attitude.02"]["answer"] == "no" and "不知道" in s["attitude.02"]["evidence"]
    assert s["attitude.03"]["answer"] == "yes"
    assert "courtesy.05" not in s  # no rule for Mandarin use


def test_the_asr_adapter_explains_a_missing_model_or_engine_and_never_downloads(tmp_path):
    with pytest.raises(ASRUnavailable, match="does not exist"):
        load_engine("sherpa-onnx", tmp_path / "none")
    with pytest.raises(ASRUnavailable, match="tokens.txt"):
        (tmp_path / "model.onnx").write_bytes(b"x")
        check_model("sherpa-onnx", tmp_path)
    with pytest.raises(ASRUnavailable, match="unknown ASR engine"):
        load_engine("whisper-cloud", tmp_path)
    (tmp_path / "config.yaml").write_text("x")
    with pytest.raises(ASRUnavailable, match="pip install funasr-onnx"):
        load_engine("funasr-onnx", tmp_path)


def test_transcribe_cuts_each_channel_at_pauses_and_labels_the_speaker(tmp_path):
    from hotline.demo.audio import AudioSpec, synthesize, write_wav

    path = tmp_path / "c.wav"
    write_wav(path, synthesize(AudioSpec("HDASR", 20.0, agent="8001")))
    seen = []
    sentences = transcribe(path, lambda x, rate: seen.append(len(x)) or "文本")
    assert sentences and {s.speaker for s in sentences} == {"agent", "customer"}
    assert sentences[0].speaker == "agent" and all(n > 0 for n in seen)
