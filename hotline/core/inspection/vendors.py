"""Transcripts as the ASR vendors deliver them → the generic segment list (SPEC §8).

Chinese centers buy recording transcription from a cloud vendor and get one JSON result per
recording. This module reads the results of the three common services as they are downloaded (the
whole API answer, or just its result part) and gives the generic shape
``[{"speaker": "agent"|"customer", "start": s, "end": s, "text": "…"}]`` that
:func:`hotline.core.inspection.rules.parse_transcript` validates:

* **Alibaba Cloud 录音文件识别** (``nls-filetrans`` ``GetTaskResult`` or the callback):
  ``{"TaskId", "StatusText": "SUCCESS", "Result": {"Sentences": [{"BeginTime": ms, "EndTime": ms,
  "Text", "ChannelId": 0|1, "SpeechRate", "EmotionValue", …}]}}``; the version-4.0 camel-case answer
  (``result.sentences[].beginTime``…) and a bare ``{"Sentences": […]}`` too.
* **iFlytek 录音文件转写** (``raasr`` v2 ``getResult``): ``{"code": "000000", "content":
  {"orderResult": "<JSON text>"}}``, where the order result holds ``lattice[].json_1best`` (itself
  JSON text) ``{"st": {"bg": ms, "ed": ms, "rl": role, "rt": [{"ws": [{"cw": [{"w", "wp"}]}]}]}}``:
  the sentence is the first candidate word of every ``ws``; ``lattice2`` (already parsed) is read when
  ``lattice`` is absent. The older v1 answer ``{"data": "[{\"bg\", \"ed\", \"onebest\", \"speaker\"}]"}``
  too.
* **Tencent Cloud ASR 录音文件识别** (``DescribeTaskStatus``): ``{"Response": {"Data": {"Status": 2,
  "Result": "[0:0.020,0:2.380,0]  text\\n…", "ResultDetail": [{"FinalSentence", "StartMs", "EndMs",
  "SpeakerId", …}]}}}``; the detail list when present, else the timed lines of ``Result``
  (``[m:ss.sss,m:ss.sss,channel]``).

**Who is the agent.** A stereo recording transcribed per channel names the channel: channel
``agent_channel`` (default 0, the left channel, as recorded by the switches and by hotline's own
recordings) is the agent, the other the customer. A mono recording with speaker separation names
speakers 1, 2… (iFlytek ``rl``, Tencent ``SpeakerId``) without saying who is who: the agent is the
speaker whose sentences carry more of the agent's fixed phrases (您好/请问/工号/为您服务/还有什么…),
ties going to the speaker who spoke first. A result with a single unnamed speaker (separation off)
cannot be split and is refused with a message saying so.

Times are in milliseconds in every vendor format and are returned in seconds. Errors are
:class:`TranscriptError` naming the entry (1-based) and the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .rules import TranscriptError

VENDORS = ("generic", "alibaba", "iflytek", "tencent")

# Phrases only the agent says in a service call (greeting, work number, offer of help, closing).
_AGENT_MARKERS = ("您好", "你好", "请问", "工号", "为您服务", "很高兴", "有什么可以", "帮您", "为您",
                  "还有什么", "还有其他", "感谢您的来电", "欢迎致电", "稍等", "久等")  # fmt: skip


def detect(data: Any) -> str:
    """Which vendor wrote ``data`` (already parsed JSON): one of :data:`VENDORS`."""
    if isinstance(data, Mapping):
        keys = {str(k).lower() for k in data}
        if "response" in keys and isinstance(_get(data, "Response"), Mapping):
            return "tencent"
        if {"resultdetail"} & keys or ("result" in keys and "statusstr" in keys):
            return "tencent"
        if "content" in keys and isinstance(_get(data, "content"), Mapping):
            return "iflytek"
        if {"lattice", "lattice2", "orderresult"} & keys:
            return "iflytek"
        if "data" in keys and isinstance(_get(data, "data"), str) and ("err_no" in keys or "ok" in keys):
            return "iflytek"
        if "sentences" in keys:
            inner = _get(data, "Sentences")
            if isinstance(inner, list) and inner and isinstance(inner[0], Mapping):
                first = {str(k).lower() for k in inner[0]}
                if "begintime" in first or "channelid" in first:
                    return "alibaba"
        result = _get(data, "Result")
        if isinstance(result, Mapping) and isinstance(_get(result, "Sentences"), list):
            return "alibaba"
        if {"taskid", "statustext"} <= keys:  # a failed task: no Result, the status says why
            return "alibaba"
    return "generic"


def to_segments(data: Any, *, vendor: str = "auto", agent_channel: int = 0) -> Any:
    """The generic segment list of a vendor result; generic data is returned as it is.

    ``vendor``: ``"auto"`` (:func:`detect`) or one of :data:`VENDORS`. ``agent_channel``: the channel
    number of the agent in a stereo (per-channel) result, 0 or 1.
    """
    if agent_channel not in (0, 1):
        raise TranscriptError(f"agent channel must be 0 or 1, not {agent_channel!r}")
    name = detect(data) if vendor == "auto" else vendor
    if name not in VENDORS:
        raise TranscriptError(f"unknown transcript format {vendor!r}; known: {', '.join(VENDORS)}")
    if name == "generic":
        return data
    raw = {"alibaba": _alibaba, "iflytek": _iflytek, "tencent": _tencent}[name](data)
    return _assign(raw, name, agent_channel)


# ---------------------------------------------------------------- readers: (who, start ms, end ms, text)


def _alibaba(data: Any) -> list[tuple[str, float, float, str]]:
    status = _get(data, "StatusText") if isinstance(data, Mapping) else None
    if isinstance(status, str) and status.upper() not in ("SUCCESS", "SUCCESS_WITH_NO_VALID_FRAGMENT"):
        raise TranscriptError(f"the vendor reported the task as {status}, not SUCCESS: no transcript")
    result = _get(data, "Result") if isinstance(data, Mapping) else None
    sentences = _get(result if isinstance(result, Mapping) else data, "Sentences")
    if not isinstance(sentences, list):
        if status and str(status).upper() == "SUCCESS_WITH_NO_VALID_FRAGMENT":
            return []
        raise TranscriptError("Result.Sentences: expected a list of sentences")
    out = []
    for n, s in enumerate(sentences, start=1):
        if not isinstance(s, Mapping):
            raise TranscriptError(f"entry {n}: expected an object")
        out.append(
            (_who(_get(s, "ChannelId", _get(s, "SpeakerId")), n, "ChannelId"),
             _ms(_get(s, "BeginTime"), n, "BeginTime"), _ms(_get(s, "EndTime"), n, "EndTime"),
             _text(_get(s, "Text"), n, "Text"))
        )  # fmt: skip
    return out


def _iflytek(data: Any) -> list[tuple[str, float, float, str]]:
    if isinstance(data, Mapping) and "data" in data and isinstance(data["data"], str):  # v1 answer
        rows = _loads(data["data"], "data")
        if not isinstance(rows, list):
            raise TranscriptError("data: expected a list of sentences")
        out = []
        for n, r in enumerate(rows, start=1):
            if not isinstance(r, Mapping):
                raise TranscriptError(f"entry {n}: expected an object")
            out.append((_who(r.get("speaker"), n, "speaker"), _ms(r.get("bg"), n, "bg"),
                        _ms(r.get("ed"), n, "ed"), _text(r.get("onebest"), n, "onebest")))  # fmt: skip
        return out
    order: Any = data
    if isinstance(data, Mapping) and isinstance(data.get("content"), Mapping):
        content = data["content"]
        info = content.get("orderInfo")
        if isinstance(info, Mapping) and info.get("status") not in (None, 4, "4"):
            raise TranscriptError(f"orderInfo.status: {info.get('status')!r} — the order is not finished (4)")
        order = content.get("orderResult")
    if isinstance(order, str):
        order = _loads(order, "orderResult")
    if not isinstance(order, Mapping):
        raise TranscriptError("orderResult: expected an object with lattice")
    lattice = order.get("lattice")
    if lattice is None:
        lattice = order.get("lattice2")
    if not isinstance(lattice, list):
        raise TranscriptError("orderResult.lattice: expected a list")
    out = []
    for n, item in enumerate(lattice, start=1):
        best = item.get("json_1best") if isinstance(item, Mapping) else None
        if isinstance(best, str):
            best = _loads(best, f"entry {n}, json_1best")
        st = best.get("st") if isinstance(best, Mapping) else None
        if not isinstance(st, Mapping):
            raise TranscriptError(f"entry {n}, json_1best: expected an object with st")
        words = []
        for rt in st.get("rt") or ():
            for ws in (rt.get("ws") or ()) if isinstance(rt, Mapping) else ():
                cw = ws.get("cw") if isinstance(ws, Mapping) else None
                if isinstance(cw, list) and cw and isinstance(cw[0], Mapping):
                    w = cw[0].get("w", "")
                    if isinstance(w, str) and cw[0].get("wp") != "g":  # "g": a segment mark, no text
                        words.append(w)
        out.append((_who(st.get("rl", item.get("spk") if isinstance(item, Mapping) else None), n, "rl"),
                    _ms(st.get("bg"), n, "bg"), _ms(st.get("ed"), n, "ed"), "".join(words)))  # fmt: skip
    return out


_TENCENT_LINE = re.compile(r"^\s*\[(\d+):(\d+(?:\.\d+)?),(\d+):(\d+(?:\.\d+)?)(?:,(\d+))?\]\s*(.*)$")


def _tencent(data: Any) -> list[tuple[str, float, float, str]]:
    body = data
    if isinstance(data, Mapping) and isinstance(_get(data, "Response"), Mapping):
        body = _get(data, "Response")
        err = _get(body, "Error")
        if isinstance(err, Mapping):
            raise TranscriptError(f"the vendor answered an error: {_get(err, 'Code')} {_get(err, 'Message')}")
    if isinstance(body, Mapping) and isinstance(_get(body, "Data"), Mapping):
        body = _get(body, "Data")
    if not isinstance(body, Mapping):
        raise TranscriptError("Response.Data: expected an object")
    status = _get(body, "Status")
    if status is not None and status not in (2, "2"):
        raise TranscriptError(f"Data.Status: {status!r} — the task is not finished successfully (2)")
    detail = _get(body, "ResultDetail")
    out = []
    if isinstance(detail, list) and detail:
        for n, s in enumerate(detail, start=1):
            if not isinstance(s, Mapping):
                raise TranscriptError(f"entry {n}: expected an object")
            text = _get(s, "FinalSentence")
            if text is None:
                text = _get(s, "SliceSentence", "")
            out.append((_who(_get(s, "SpeakerId"), n, "SpeakerId"), _ms(_get(s, "StartMs"), n, "StartMs"),
                        _ms(_get(s, "EndMs"), n, "EndMs"), _text(text, n, "FinalSentence")))  # fmt: skip
        return out
    result = _get(body, "Result")
    if not isinstance(result, str):
        raise TranscriptError("Data.Result: expected the timed text or ResultDetail")
    for n, line in enumerate((x for x in result.splitlines() if x.strip()), start=1):
        m = _TENCENT_LINE.match(line)
        if not m:
            raise TranscriptError(f"entry {n}, Result: {line[:40]!r} is not a [m:ss.sss,m:ss.sss,n] line")
        start = (int(m[1]) * 60 + float(m[2])) * 1000
        end = (int(m[3]) * 60 + float(m[4])) * 1000
        out.append((_who(m[5], n, "Result"), start, end, m[6].strip()))
    return out


# ---------------------------------------------------------------- speakers


def _assign(raw: list[tuple[str, float, float, str]], vendor: str, agent_channel: int) -> list[dict]:
    """Name each speaker agent or customer (see the module docstring) and convert ms → s."""
    who = sorted({w for w, *_ in raw}, key=lambda w: (len(w), w))
    if not who:
        return []
    if len(who) == 1 and who[0] in ("", "0") and vendor == "iflytek":
        raise TranscriptError(
            "the transcript has a single unnamed speaker: turn on role separation (角色分离) or transcribe "
            "each channel, so agent and customer can be told apart"
        )
    if len(who) > 2:
        raise TranscriptError(f"the transcript names {len(who)} speakers ({', '.join(who)}); expected 2")
    channels = set(who) <= {"0", "1"} and vendor in ("alibaba", "tencent")
    if channels:
        agent = str(agent_channel)
    else:  # diarised speakers (1, 2…): the one who talks like an agent
        first_spoke = min(raw, key=lambda r: r[1])[0]

        def agentness(w: str) -> tuple[int, int]:
            text = "".join(t for s, _, _, t in raw if s == w)
            return (sum(text.count(m) for m in _AGENT_MARKERS), w == first_spoke)

        agent = max(who, key=agentness)
    return [
        {"speaker": "agent" if w == agent else "customer", "start": a / 1000, "end": b / 1000, "text": t}
        for w, a, b, t in raw
    ]


# ---------------------------------------------------------------- small helpers


def _get(m: Any, key: str, default: Any = None) -> Any:
    """``m[key]`` matching the key's case loosely (PascalCase, camelCase and lower case all occur)."""
    if not isinstance(m, Mapping):
        return default
    if key in m:
        return m[key]
    low = key.lower()
    for k, v in m.items():
        if isinstance(k, str) and k.lower() == low:
            return v
    return default


def _loads(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise TranscriptError(f"{where}: not JSON ({exc})") from None


def _ms(value: Any, n: int, field: str) -> float:
    try:
        t = float(value)
    except (TypeError, ValueError):
        raise TranscriptError(f"entry {n}, {field}: {value!r} is not a number of milliseconds") from None
    if not (t >= 0) or t == float("inf"):
        raise TranscriptError(f"entry {n}, {field}: {value!r} must be a time ≥ 0")
    return t


def _text(value: Any, n: int, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TranscriptError(f"entry {n}, {field}: expected a string")
    return value


def _who(value: Any, n: int, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TranscriptError(f"entry {n}, {field}: {value!r} is not a channel or speaker number")
    s = str(value).strip()
    if not s.isdigit() or len(s) > 3:
        raise TranscriptError(f"entry {n}, {field}: {value!r} is not a channel or speaker number")
    return str(int(s))


__all__ = ["VENDORS", "detect", "to_segments"]
