"""Transcript rules and the risk score of a call (SPEC §8).

**Transcripts** come from any ASR vendor as JSON: a list of ``{"speaker": "agent"|"customer",
"start": s, "end": s, "text": "…"}`` (times in seconds from the start of the recording; a few
aliases are accepted: ``role``/``channel`` for speaker, ``begin``/``bg``/``ed`` for times, ms
values when ``"unit": "ms"`` is given to :func:`parse_transcript`).

**Rules** are small dicts (JSON-friendly)::

    {"key": "greeting", "title": "开头问候", "item": "courtesy.01",
     "mode": "require" | "forbid",          # require: pass when the condition holds; forbid: fail when it holds
     "weight": 1,                           # risk points when the rule fails (critical items: 4)
     "applies_if": <condition>,             # optional; when false the rule is N.A.
     "when": <condition>}

Conditions (combined freely):

* sentence leaf — ``{"keyword": [...]}`` (any word, exact substring of the normalised sentence)
  and/or ``{"regex": "…"}`` (Python syntax, on the normalised sentence with punctuation and without
  it) and/or ``{"phrase": [...]}`` (tolerant: pinyin or edit distance, see
  :mod:`hotline.core.inspection.textnorm`; ``"fuzzy": false`` for exact), narrowed by
  ``"role": "agent"|"customer"`` and ``"position": {"first": N}`` or ``{"last": N}`` (the first/last
  N sentences *of that role*, or of the whole call without role) or ``{"first_turn": N}`` (the first
  N sentences of that role's first turn — until the other party says more than a filler like 喂/嗯;
  filler-only sentences skipped: :func:`first_turn`). Clause operators (a sentence
  matches when one clause — split at punctuation — satisfies all of them): ``"question": true|false``
  (the clause is / is not a question: ？, 吗/呢/对吧…, 是否/请问…), ``"negated": true|false`` (the
  phrase follows / does not follow 不/没/别/未 within 2 characters), ``"exclude": [...]`` (the clause
  contains none of these words; ``"unless": [...]``, the same for the whole sentence); with clause operators the regex must match within that clause
  too. Text is normalised first (simplified, half-width, Chinese numeral
  runs → digits, common ASR confusions). A leaf with only ``role`` holds when that party said
  anything. True when a sentence matches; the matching sentences are the evidence.
* ``{"not": c}``, ``{"and": [c, …]}``, ``{"or": [c, …]}``.
* audio leaves (from :mod:`hotline.core.inspection.audio` metrics): ``{"silence": {"longer_than": s,
  "count": n}}`` (at least n dead-air segments longer than s seconds; default n = 1),
  ``{"overtalk": {"total_above": s}}`` or ``{"overtalk": {"count": n}}``,
  ``{"speech_rate": {"role": "agent", "above": r}}`` / ``"below"`` (syllables per second),
  ``{"hold": {}}`` (the call has a hold segment).
* ``{"context": {"skill": [...], "direction": "in"|"out"}}`` — facts of the call.

A rule whose condition needs a transcript (or audio) the call does not have is N.A.

**Risk score** (0–100, higher = inspect first)::

    P = Σ weight of failed rules
        + 0.5 × (dead-air segments ≥ threshold) + 0.05 × dead-air seconds
        + 0.2 × max(0, overtalk seconds − 2), at most 2
    risk = round(100 × (1 − e^(−P/4)))

One failed ordinary rule ≈ 22, a failed critical rule (weight 4) ≈ 63, two ≈ 86; a call with no
failures and no dead air or overtalk scores 0. Saturating so one terrible call does not dwarf the
ranking, monotone in every component.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from hotline.core.errors import HotlineError, InvalidInput

from . import textnorm as tn

SPEAKERS = ("agent", "customer")
_SPEAKER_ALIASES = {"agent": "agent", "customer": "customer", "坐席": "agent", "客服": "agent",
                    "客户": "customer", "left": "agent", "right": "customer", "0": "agent", "1": "customer",
                    "a": "agent", "c": "customer", "staff": "agent", "user": "customer"}  # fmt: skip


class TranscriptError(InvalidInput):
    """A transcript entry is malformed; the message names the entry (1-based) and the field."""

    code = "transcript"


class RuleError(InvalidInput):
    """A rule is malformed; the message names the rule and the operator."""

    code = "rule"


class _Missing(HotlineError):
    """The rule needs input (transcript or audio) the call does not have: N.A."""


@dataclass(frozen=True)
class Sentence:
    speaker: str  # "agent" | "customer"
    start: float  # seconds
    end: float  # seconds
    text: str


@dataclass(frozen=True)
class Evidence:
    text: str
    start: float | None = None
    end: float | None = None
    speaker: str = ""

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "speaker": self.speaker}


@dataclass(frozen=True)
class RuleResult:
    key: str
    title: str
    item: str  # scorecard item key (hotline.core.scoring DEFAULT_FORM), "" if none
    status: str  # "pass" | "fail" | "na"
    weight: float
    evidence: tuple[Evidence, ...] = ()
    note: str = ""

    def as_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "item": self.item, "status": self.status,
                "weight": self.weight, "note": self.note,
                "evidence": [e.as_dict() for e in self.evidence]}  # fmt: skip


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    when: Mapping
    item: str = ""
    mode: str = "require"
    weight: float = 1.0
    applies_if: Mapping | None = None
    note: str = ""


@dataclass(frozen=True)
class CallFacts:
    """Facts a ``context`` condition may test."""

    skill: str = ""
    direction: str = "in"
    extra: Mapping = field(default_factory=dict)


# ---------------------------------------------------------------- transcripts


def parse_transcript(data: Any, *, unit: str = "s") -> tuple[Sentence, ...]:
    """Validate a transcript (a list of dicts, or ``{"segments": [...]}``) into sentences sorted by start."""
    if isinstance(data, Mapping):
        data = data.get("segments", data.get("sentences"))
    if not isinstance(data, list):
        raise TranscriptError("transcript: expected a list of {speaker, start, end, text}")
    scale = 0.001 if unit == "ms" else 1.0
    out = []
    for n, row in enumerate(data, start=1):
        if not isinstance(row, Mapping):
            raise TranscriptError(f"entry {n}: expected an object")
        raw = row.get("speaker", row.get("role", row.get("channel")))
        speaker = _SPEAKER_ALIASES.get(str(raw).strip().lower()) if raw is not None else None
        if speaker is None:
            raise TranscriptError(f"entry {n}, speaker: {raw!r} is not agent or customer")
        times = []
        for name, aliases in (("start", ("start", "begin", "bg")), ("end", ("end", "ed"))):
            value = next((row[a] for a in aliases if a in row), None)
            try:
                t = float(value) * scale
            except (TypeError, ValueError):
                raise TranscriptError(f"entry {n}, {name}: {value!r} is not a number") from None
            if not math.isfinite(t) or t < 0:
                raise TranscriptError(f"entry {n}, {name}: {value!r} must be a time ≥ 0")
            times.append(t)
        if times[1] < times[0]:
            raise TranscriptError(f"entry {n}, end: {times[1]} is before start {times[0]}")
        text = row.get("text", "")
        if not isinstance(text, str):
            raise TranscriptError(f"entry {n}, text: expected a string")
        out.append(Sentence(speaker, times[0], times[1], text.strip()))
    return tuple(sorted(out, key=lambda s: (s.start, s.end)))


# ---------------------------------------------------------------- rules

_LEAF_KEYS = {
    "keyword",
    "regex",
    "role",
    "position",
    "phrase",
    "fuzzy",
    "question",
    "negated",
    "exclude",
    "unless",
}
_CLAUSE_KEYS = {"phrase", "question", "negated", "exclude"}
_AUDIO_KEYS = {"silence", "overtalk", "speech_rate", "hold"}


def compile_rules(raw: Iterable[Mapping]) -> tuple[Rule, ...]:
    """Check and freeze a rule pack (list of dicts); raises :class:`RuleError` naming the rule."""
    rules, seen = [], set()
    for n, r in enumerate(raw, start=1):
        if not isinstance(r, Mapping):
            raise RuleError(f"rule {n}: expected an object")
        key = str(r.get("key") or "").strip()
        if not key:
            raise RuleError(f"rule {n}: key is required")
        if key in seen:
            raise RuleError(f"rule {key}: duplicate key")
        seen.add(key)
        mode = r.get("mode", "require")
        if mode not in ("require", "forbid"):
            raise RuleError(f"rule {key}: mode must be require or forbid, not {mode!r}")
        if "when" not in r:
            raise RuleError(f"rule {key}: when is required")
        _check(r["when"], key)
        if r.get("applies_if") is not None:
            _check(r["applies_if"], key)
        try:
            weight = float(r.get("weight", 1.0))
        except (TypeError, ValueError):
            raise RuleError(f"rule {key}: weight must be a number") from None
        rules.append(
            Rule(key=key, title=str(r.get("title", key)), when=r["when"], item=str(r.get("item", "")),
                 mode=mode, weight=weight, applies_if=r.get("applies_if"), note=str(r.get("note", "")))
        )  # fmt: skip
    return tuple(rules)


def _check(c: Any, key: str) -> None:
    if not isinstance(c, Mapping) or not c:
        raise RuleError(f"rule {key}: a condition must be a non-empty object")
    ops = set(c)
    if ops & {"and", "or"}:
        if len(ops) != 1:
            raise RuleError(f"rule {key}: and/or must stand alone")
        parts = next(iter(c.values()))
        if not isinstance(parts, list) or not parts:
            raise RuleError(f"rule {key}: and/or need a non-empty list")
        for p in parts:
            _check(p, key)
    elif "not" in ops:
        if len(ops) != 1:
            raise RuleError(f"rule {key}: not must stand alone")
        _check(c["not"], key)
    elif ops <= _LEAF_KEYS:
        if "regex" in c:
            try:
                re.compile(c["regex"])
            except re.error as exc:
                raise RuleError(f"rule {key}: regex {c['regex']!r}: {exc}") from None
        if "keyword" in c and not (
            isinstance(c["keyword"], list) and all(isinstance(w, str) for w in c["keyword"])
        ):
            raise RuleError(f"rule {key}: keyword must be a list of strings")
        for name in ("phrase", "exclude", "unless"):
            if name in c and not (isinstance(c[name], list) and all(isinstance(w, str) for w in c[name])):
                raise RuleError(f"rule {key}: {name} must be a list of strings")
        for name in ("fuzzy", "question", "negated"):
            if name in c and not isinstance(c[name], bool):
                raise RuleError(f"rule {key}: {name} must be true or false")
        if "negated" in c and "phrase" not in c:
            raise RuleError(f"rule {key}: negated needs phrase")
        if "role" in c and c["role"] not in SPEAKERS:
            raise RuleError(f"rule {key}: role must be agent or customer")
        pos = c.get("position")
        if pos is not None and not (isinstance(pos, Mapping) and len(pos) == 1 and set(pos) <= {"first", "last", "first_turn"}
                                    and isinstance(next(iter(pos.values())), int)):  # fmt: skip
            raise RuleError(f"rule {key}: position must be {{first: N}}, {{last: N}} or {{first_turn: N}}")
    elif len(ops) == 1 and ops <= _AUDIO_KEYS | {"context"}:
        if not isinstance(next(iter(c.values())), Mapping):
            raise RuleError(f"rule {key}: {next(iter(ops))} takes an object")
    else:
        raise RuleError(f"rule {key}: unknown operator(s) {', '.join(sorted(ops))}")


# a sentence of nothing but fillers: an ASR fragment, a "hello?" on a line, not a turn of its own
_FILLER = re.compile(r"(喂|嗯|啊|哦|噢|呃|额|唉|哎|诶|欸|嘿|哈|hello|hi|[\s,.!?;:~…、。])*", re.IGNORECASE)


def _filler(text: str) -> bool:
    return _FILLER.fullmatch(text.strip()) is not None


def first_turn(transcript, role: str | None) -> list[Sentence]:
    """The sentences of ``role``'s first turn (all speakers' when ``role`` is None): from its first
    sentence that is not mere filler (喂/嗯/啊…) until the other party says something more than
    filler; filler-only sentences are left out. A customer's "嗯" in the middle of the agent's
    opening does not end it, and an agent's "喂？" before the real opening is not the opening."""
    out: list[Sentence] = []
    for s in transcript:
        mine = role is None or s.speaker == role
        if _filler(s.text):
            continue
        if mine:
            out.append(s)
        elif out:
            break
    return out


def _sentences(c: Mapping, transcript) -> list[Sentence]:
    if transcript is None:
        raise _Missing
    pos = c.get("position")
    if pos and "first_turn" in pos:
        pool = first_turn(transcript, c.get("role"))[: max(0, int(pos["first_turn"]))]
    else:
        pool = [s for s in transcript if "role" not in c or s.speaker == c["role"]]
    if pos and "first_turn" not in pos:
        n = int(next(iter(pos.values())))
        pool = pool[:n] if "first" in pos else pool[-n:] if n > 0 else []
    return [s for s in pool if _matches(c, s.text)]


def _matches(c: Mapping, text: str) -> bool:
    """A sentence satisfies a leaf's text conditions (keyword, regex, phrase and clause operators)."""
    flat = tn.strip(text)
    if "unless" in c and any(w in flat for w in _words(tuple(c["unless"]))):
        return False
    words = c.get("keyword")
    if words and not any(w in flat for w in _words(tuple(words))):
        return False
    if "regex" in c:
        rx = _regex(c["regex"])
        if not (rx.search(tn.clean(text)) or rx.search(flat)):
            return False
    if not (_CLAUSE_KEYS & set(c)):
        return True
    return any(_clause_ok(c, cl) for cl in tn.clauses(text))


def _clause_ok(c: Mapping, clause: str) -> bool:
    flat = tn.strip(clause)
    if not flat:
        return False
    if "exclude" in c and any(w in flat for w in _words(tuple(c["exclude"]))):
        return False
    if "question" in c and tn.is_question(clause) != c["question"]:
        return False
    if "regex" in c and not (_regex(c["regex"]).search(clause) or _regex(c["regex"]).search(flat)):
        return False
    if "phrase" in c and "negated" not in c:
        return tn.phrase_set(tuple(c["phrase"]), c.get("fuzzy", True)).any_in(flat)
    if "phrase" in c:
        for p in c["phrase"]:
            hit = tn.find(p, flat, fuzzy=c.get("fuzzy", True))
            if hit is not None and ("negated" not in c or tn.negated(flat, hit[0]) == c["negated"]):
                return True
        return False
    return True


@lru_cache(maxsize=1024)
def _words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The non-empty stripped forms of a word list (compiled once per list of a pack)."""
    return tuple(w for w in map(tn.strip, words) if w)


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _holds(c: Mapping, transcript, audio: Mapping | None, facts: CallFacts) -> tuple[bool, list[Evidence]]:
    """(condition holds, evidence) — raises _Missing when an input is absent."""
    if "and" in c:
        ev: list[Evidence] = []
        for p in c["and"]:
            ok, e = _holds(p, transcript, audio, facts)
            if not ok:
                return False, []
            ev += e
        return True, ev
    if "or" in c:
        missing = False
        for p in c["or"]:
            try:
                ok, e = _holds(p, transcript, audio, facts)
            except _Missing:
                missing = True
                continue
            if ok:
                return True, e
        if missing:
            raise _Missing
        return False, []
    if "not" in c:
        ok, _ = _holds(c["not"], transcript, audio, facts)
        return not ok, []
    if "context" in c:
        ctx = c["context"]
        ok = all(
            (
                facts.skill in v
                if k == "skill"
                else facts.direction == v
                if k == "direction"
                else facts.extra.get(k) == v
            )
            for k, v in ctx.items()
        )
        return ok, []
    if set(c) & _AUDIO_KEYS:
        if audio is None:
            raise _Missing
        return _audio_holds(c, audio)
    hits = _sentences(c, transcript)
    return bool(hits), [Evidence(s.text, s.start, s.end, s.speaker) for s in hits[:3]]


def _audio_holds(c: Mapping, a: Mapping) -> tuple[bool, list[Evidence]]:
    if "silence" in c:
        p = c["silence"]
        long = [s for s in a.get("silences", []) if s[1] - s[0] > float(p.get("longer_than", 5.0))]
        ev = [Evidence(f"静音 {s[1] - s[0]:.1f} s", s[0], s[1]) for s in long[:3]]
        return len(long) >= int(p.get("count", 1)), ev
    if "overtalk" in c:
        p = c["overtalk"]
        segs = a.get("overtalks", [])
        total = float(a.get("overtalk_total", sum(s[1] - s[0] for s in segs)))
        ok = ("total_above" in p and total > float(p["total_above"])) or (
            "count" in p and len(segs) >= int(p["count"])
        )
        ev = [Evidence(f"抢话 {s[1] - s[0]:.1f} s", s[0], s[1]) for s in segs[:3]] if ok else []
        return ok, ev
    if "speech_rate" in c:
        p = c["speech_rate"]
        rate = float(a.get(f"{p.get('role', 'agent')}_rate", 0.0))
        ok = ("above" in p and rate > float(p["above"])) or ("below" in p and 0 < rate < float(p["below"]))
        return ok, [Evidence(f"语速 {rate:.1f} 音节/秒")] if ok else []
    holds = a.get("holds", [])
    return bool(holds), [Evidence(f"保持 {s[1] - s[0]:.0f} s", s[0], s[1]) for s in holds[:3]]


def _audio_dict(audio) -> Mapping | None:
    if audio is None or isinstance(audio, Mapping):
        return audio
    return audio.as_dict()


def evaluate(
    rules: Iterable[Rule], transcript=None, audio=None, facts: CallFacts = CallFacts()
) -> tuple[RuleResult, ...]:
    """Each rule's result over a transcript (sentences or None) and audio metrics (dict / AudioMetrics / None)."""
    a = _audio_dict(audio)
    out = []
    for r in rules:
        try:
            if r.applies_if is not None and not _holds(r.applies_if, transcript, a, facts)[0]:
                out.append(RuleResult(r.key, r.title, r.item, "na", r.weight, note="不适用"))
                continue
            ok, ev = _holds(r.when, transcript, a, facts)
        except _Missing:
            out.append(RuleResult(r.key, r.title, r.item, "na", r.weight, note="缺少转写或音频"))
            continue
        passed = ok if r.mode == "require" else not ok
        note = "" if passed else (r.note or ("未找到要求的话术" if r.mode == "require" else "出现禁止内容"))
        out.append(
            RuleResult(r.key, r.title, r.item, "pass" if passed else "fail", r.weight, tuple(ev), note)
        )
    return tuple(out)


# ---------------------------------------------------------------- risk and suggestions


# Customer-side signals of dissatisfaction (SPEC §8; calibrated on the STC3 development set,
# bench/inspection_rules.py): words, escalation requests, repeated or unanswered questions, endings.
NEGATIVE_WORDS = ("投诉", "不满意", "不满", "什么态度", "骗人", "欺骗", "忽悠", "垃圾", "差评", "失望", "气死",
                  "坑人", "坑爹", "无语", "太差", "恶心", "黑心", "再也不", "举报", "曝光", "无奈", "郁闷",
                  "愤怒", "生气", "扯皮", "推诿", "敷衍", "没人管", "不解决", "没解决", "还没", "至今",
                  "到现在", "一直没", "多次", "几次", "又是", "到底", "凭什么", "凭啥", "无法", "不能")  # fmt: skip
ESCALATION_WORDS = ("找你们领导", "你们领导", "经理", "投诉电话", "工信部", "12315", "消协", "消费者协会",
                    "媒体", "法院", "起诉", "律师", "315", "监管", "上级")  # fmt: skip
RESOLVED_WORDS = ("谢谢", "感谢", "解决了", "好的", "明白了", "知道了", "收到", "辛苦", "赞", "满意", "已经好了",
                  "可以了", "给力", "好评", "点赞", "不错", "太好了")  # fmt: skip
# Weights chosen on the tuning half only (even ids; grid in bench/inspection_rules.py); "unanswered"
# had no signal there (ρ +0.06) and is reported but not weighted.
SIGNAL_WEIGHTS = {"negative": 1.0, "escalation": 2.0, "repeated": 1.0, "unanswered": 0.0,
                  "unresolved_end": 0.5, "resolved_end": -2.0}  # fmt: skip


def dialogue_signals(transcript) -> dict[str, float]:
    """Customer-side signals of a dialogue (counts, before weighting; SPEC §8 risk).

    ``negative``: customer sentences with a negative word (at most 3); ``escalation``: customer
    sentences asking for a manager, a regulator or the media (at most 2); ``repeated``: customer
    questions that repeat an earlier customer question (character overlap ≥ 0.5, at most 2);
    ``unanswered``: customer turns not followed by any agent sentence (at most 2);
    ``unresolved_end``: 1 when the customer's last sentence is negative or a question;
    ``resolved_end``: 1 when it thanks or confirms the matter is settled (and is not negative)."""
    zero = dict.fromkeys(SIGNAL_WEIGHTS, 0.0)
    if not transcript:
        return zero
    cust = [s for s in transcript if s.speaker == "customer"]
    flat = [tn.strip(s.text) for s in cust]
    neg = [any(w in f for w in NEGATIVE_WORDS) for f in flat]
    esc = [any(w in f for w in ESCALATION_WORDS) for f in flat]
    questions = [
        f for s, f in zip(cust, flat, strict=True) if any(tn.is_question(c) for c in tn.clauses(s.text))
    ]
    repeated = 0
    for i, q in enumerate(questions):
        if any(_overlap(q, p) >= 0.5 for p in questions[:i]):
            repeated += 1
    # a customer turn (run of customer sentences) left without any agent reply after it
    turns = [s.speaker for i, s in enumerate(transcript) if i == 0 or transcript[i - 1].speaker != s.speaker]
    unanswered = sum(1 for i, sp in enumerate(turns) if sp == "customer" and i == len(turns) - 1)
    out = dict(zero)
    out["negative"] = float(min(3, sum(neg)))
    out["escalation"] = float(min(2, sum(esc)))
    out["repeated"] = float(min(2, repeated))
    out["unanswered"] = float(min(2, unanswered))
    if cust:
        last = cust[-1]
        last_q = any(tn.is_question(c) for c in tn.clauses(last.text))
        out["unresolved_end"] = 1.0 if (neg[-1] or esc[-1] or last_q) else 0.0
        good = any(w in flat[-1] for w in RESOLVED_WORDS)
        out["resolved_end"] = 1.0 if good and not neg[-1] else 0.0
    return out


def _overlap(a: str, b: str) -> float:
    """Share of the shorter string's distinct characters found in the other (0–1)."""
    sa, sb = set(a), set(b)
    return len(sa & sb) / max(1, min(len(sa), len(sb)))


RULE_FACTOR = 0.25  # risk points per unit of failed-rule weight (scripted wording predicts little)


def risk_points(results: Iterable[RuleResult], audio=None, transcript=None) -> dict[str, float]:
    """The components of the risk score (see the module docstring); ``customer`` (the weighted
    :func:`dialogue_signals`) only when a transcript is given."""
    a = _audio_dict(audio) or {}
    silences = a.get("silences", [])
    dead = sum(s[1] - s[0] for s in silences)
    over = float(a.get("overtalk_total", 0.0))
    out = {
        "rules": float(sum(r.weight for r in results if r.status == "fail")),
        "silence": round(0.5 * len(silences) + 0.05 * dead, 3),
        "overtalk": round(min(2.0, 0.2 * max(0.0, over - 2.0)), 3),
    }
    if transcript is not None:
        out["rules"] = round(RULE_FACTOR * out["rules"], 3)
        sig = dialogue_signals(transcript)
        out["customer"] = round(max(0.0, 2.0 + sum(SIGNAL_WEIGHTS[k] * v for k, v in sig.items())), 3)
    return out


def risk_score(results: Iterable[RuleResult], audio=None, transcript=None) -> int:
    """0–100: ``round(100 × (1 − e^(−P/4)))`` with P the sum of :func:`risk_points`.

    With a transcript, failed rules count ``RULE_FACTOR`` of their weight and the customer signals
    are added (a neutral dialogue has 2 points ≈ 39; calibration in bench/inspection_rules.py)."""
    return risk_from_points(risk_points(list(results), audio, transcript))


def risk_from_points(points: Mapping[str, float]) -> int:
    """The risk score (0–100) of :func:`risk_points` already computed: ``round(100 × (1 − e^(−P/4)))``."""
    p = sum(points.values())
    return int(round(100 * (1 - math.exp(-p / 4.0))))


def suggestions(results: Iterable[RuleResult]) -> dict[str, dict]:
    """Per scorecard item: ``{"answer": "no", "evidence": …}`` if any linked rule failed, ``"yes"``
    if every applicable linked rule passed; items whose rules were all N.A. are left out."""
    by_item: dict[str, list[RuleResult]] = {}
    for r in results:
        if r.item and r.status != "na":
            by_item.setdefault(r.item, []).append(r)
    out = {}
    for item, rs in by_item.items():
        failed = [r for r in rs if r.status == "fail"]
        chosen = failed or rs
        parts = []
        for r in chosen:
            ev = r.evidence[0] if r.evidence else None
            where = f" @{ev.start:.0f}s" if ev is not None and ev.start is not None else ""
            parts.append(f"{r.title}: {ev.text if ev else r.note}{where}".strip())
        out[item] = {"answer": "no" if failed else "yes", "evidence": "；".join(parts)}
    return out


from .rulepack import RAW_RULES  # noqa: E402  (the default pack, §3.5 items)

DEFAULT_RULES: tuple[Rule, ...] = compile_rules(RAW_RULES)

__all__ = [
    "DEFAULT_RULES", "CallFacts", "Evidence", "Rule", "RuleError", "RuleResult", "Sentence",
    "TranscriptError", "compile_rules", "dialogue_signals", "evaluate", "parse_transcript", "risk_from_points",
    "risk_points", "risk_score",
    "suggestions",
]  # fmt: skip
