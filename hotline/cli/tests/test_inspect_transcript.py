"""`hotline inspect-transcript` (SPEC §8, CLI.md contract)."""

from __future__ import annotations

import json

from hotline.cli.main import main

CALL = [
    {"speaker": "agent", "start": 0.5, "end": 2.0, "text": "您好，有什么可以帮到您"},
    {"speaker": "customer", "start": 2.5, "end": 5.0, "text": "我的订单号是幺三八零零一二三"},
    {"speaker": "agent", "start": 5.5, "end": 7.0, "text": "这个我也不清楚"},
]


def _write(tmp_path, name, obj):
    p = tmp_path / name
    p.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return p


def test_contract_on_a_folder(tmp_path, capsys):
    _write(tmp_path, "a.json", CALL)
    _write(tmp_path, "b.json", {"turns": [{"sender": "customer", "utterances": ["宽带断了"]},
                                          {"sender": "helpdesk", "utterances": ["您好，已为您处理"]},
                                          {"sender": "customer", "utterances": ["好了，谢谢"]}]})  # fmt: skip
    assert main(["inspect-transcript", str(tmp_path), "--json"]) == 0
    a, b = json.loads(capsys.readouterr().out)
    assert a["file"].endswith("a.json") and set(a) >= {"file", "items", "risk", "evidence"}
    assert a["items"]["attitude.02"] == "fail" and a["evidence"]["attitude.02"] == ["这个我也不清楚"]
    assert a["evidence_times"]["attitude.02"] == [[5.5, 7.0]]
    assert a["items"]["courtesy.03"] == "pass" and a["items"]["courtesy.11"] == "na"
    assert 0 <= b["risk"] < a["risk"] <= 100


def test_skill_and_pack(tmp_path, capsys):
    f = _write(tmp_path, "a.json", CALL)
    pack = _write(
        tmp_path,
        "pack.json",
        [{"key": "x", "item": "z.1", "when": {"role": "agent", "phrase": ["有什么可以帮您"]}}],
    )
    assert main(["inspect-transcript", str(f), "--pack", str(pack), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["items"] == {"z.1": "pass"}
    assert main(["inspect-transcript", str(f), "--skill", "订货", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["items"]["courtesy.11"] == "fail"


def test_bad_input_is_named(tmp_path, capsys):
    bad = _write(tmp_path, "bad.json", [{"speaker": "robot", "start": 0, "end": 1, "text": "x"}])
    assert main(["inspect-transcript", str(bad), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert "entry 1, speaker" in out[0]["error"]
    pack = _write(tmp_path, "pack.json", [{"key": "x", "when": {"phrase": "a"}}])
    assert main(["inspect-transcript", str(bad), "--pack", str(pack)]) == 2
    assert "rule x: phrase must be a list of strings" in capsys.readouterr().err
