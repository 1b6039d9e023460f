"""What the recording player shows of a call (§2 playback, §8 automatic inspection): who speaks when
(both channels), the transcript, comment markers and automatic-inspection hints, each placed on the
call's time axis.

Inspection sits downstream of calls and quality, so it is the one app that may read all four
(recording, quality marks, call comments, transcript and inspection results). Who may see what:

- the speech timeline and the transcript: whoever may hear the recording (they are the recording's
  own content, written out);
- comments on the recording (calls): whoever may open the call; an evaluation's marks: whoever may
  open that evaluation (the page passes it in after its own access check);
- inspection hints (rule outcomes): only inspection readers (never agents), and never on a blind
  scoring page (calibration, certification) — the page says ``hints=False``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.urls import reverse

from hotline.calls.access import visible_calls, visible_recordings
from hotline.calls.models import Call
from hotline.core.inspection.rules import TranscriptError, parse_transcript

from .access import can_view_inspection, inspectable_calls
from .models import CallInspection, Transcript

#: Time axis ticks: the first step (seconds) that gives at most this many ticks.
MAX_TICKS = 10
TICK_STEPS = (5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600)


@dataclass
class Track:
    """One call on the player: positions are percentages (0–100) of ``duration`` (seconds)."""

    call: Call | None
    audio: str  # URL of the playable recording, "" when the reader may not hear it / there is none
    duration: float
    agent: list[dict] = field(default_factory=list)  # {"left", "width", "start", "end"}
    customer: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)  # {"speaker", "start", "end", "text", "clock"}
    marks: list[dict] = field(
        default_factory=list
    )  # {"kind": comment|mark|hint, "at", "left", "text", "clock"}
    ticks: list[dict] = field(default_factory=list)  # {"left", "clock"}

    @property
    def has_timeline(self) -> bool:
        return bool(self.agent or self.customer)

    @property
    def has_comments(self) -> bool:
        return any(m["kind"] != "hint" for m in self.marks)

    @property
    def has_hints(self) -> bool:
        return any(m["kind"] == "hint" for m in self.marks)


def clock(seconds: float) -> str:
    """m:ss of a moment of the call (seconds ≥ 0)."""
    s = max(0, int(seconds))
    return f"{s // 60}:{s % 60:02d}"


def _num(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) and v >= 0 else None


def _pct(t: float, duration: float) -> float:
    return round(min(100.0, max(0.0, t / duration * 100.0)), 3)


def _bars(pairs, duration: float) -> list[dict]:
    out = []
    for pair in pairs or []:
        try:
            start, end = _num(pair[0]), _num(pair[1])
        except (TypeError, IndexError, KeyError):
            continue
        if start is None or end is None or end <= start:
            continue
        left = _pct(start, duration)
        out.append(
            {
                "left": left,
                "width": max(0.2, round(_pct(end, duration) - left, 3)),
                "start": start,
                "end": end,
            }
        )
    return out


def _transcript_lines(call: Call) -> list[dict]:
    t = Transcript.objects.filter(call=call).only("segments").first()
    if t is None:
        return []
    try:
        sentences = parse_transcript(t.segments)
    except TranscriptError:
        return []
    return [
        {"speaker": s.speaker, "start": s.start, "end": s.end, "text": s.text, "clock": clock(s.start)}
        for s in sentences
    ]


def _hints(inspection: CallInspection | None) -> list[dict]:
    out = []
    for r in (inspection.rules if inspection else None) or []:
        if r.get("status") != "fail":
            continue
        for e in r.get("evidence") or []:
            at = _num((e or {}).get("start"))
            if at is not None:
                text = f"{r.get('title') or r.get('key', '')}：{e.get('text') or r.get('note') or ''}".rstrip(
                    "："
                )
                out.append({"kind": "hint", "at": at, "text": text})
                break
    return out


def tracks(user, subjects, *, hints: bool = True) -> list[Track]:
    """A :class:`Track` per call of ``subjects`` (calls, or evaluations whose call and marks are shown)."""
    if subjects is None:
        return []
    if not isinstance(subjects, list | tuple):
        subjects = [subjects]
    readable_hints = hints and can_view_inspection(user)
    out = []
    for subject in subjects:
        evaluation = None if isinstance(subject, Call) else subject
        call = subject if evaluation is None else getattr(evaluation, "call", None)
        if call is None:  # a live evaluation not linked to a call: an empty track keeps the order
            out.append(Track(call=None, audio="", duration=0.0))
            continue
        out.append(_track(user, call, evaluation, readable_hints))
    return out


def _track(user, call: Call, evaluation, readable_hints: bool) -> Track:
    recording = visible_recordings(user).filter(call=call).first()
    if recording is None:
        return Track(call=call, audio="", duration=0.0)
    inspection = CallInspection.objects.filter(call=call).only("audio", "rules").first()
    metrics = (inspection.audio if inspection else None) or {}
    lines = _transcript_lines(call)
    marks: list[dict] = []
    if visible_calls(user).filter(pk=call.pk).exists():
        marks += [
            {"kind": "comment", "at": c.at_seconds, "text": c.text, "by": c.author.name}
            for c in recording.comments.select_related("author")
        ]
    if evaluation is not None and hasattr(evaluation, "marks"):
        marks += [{"kind": "mark", "at": m.at_seconds, "text": m.text} for m in evaluation.marks.all()]
    if readable_hints and inspection is not None and inspectable_calls(user).filter(pk=call.pk).exists():
        marks += _hints(inspection)
    # the file's own length first; else the analysis', else the last thing said or marked, else the talk time
    ends = [line["end"] for line in lines[-1:]] + [_num(m["at"]) for m in marks] + [_num(call.talk_seconds)]
    duration = (
        _num(recording.duration_seconds)
        or _num(metrics.get("duration"))
        or max([e for e in ends if e] or [1.0])
    )
    agent = _bars(metrics.get("agent_speech"), duration)
    customer = _bars(metrics.get("customer_speech"), duration)
    if not agent and not customer and lines:  # no audio analysis yet: who speaks when, from the transcript
        agent = _bars([(x["start"], x["end"]) for x in lines if x["speaker"] == "agent"], duration)
        customer = _bars([(x["start"], x["end"]) for x in lines if x["speaker"] == "customer"], duration)
    for m in marks:
        m["at"] = min(float(m["at"]), duration)
        m["left"], m["clock"] = _pct(m["at"], duration), clock(m["at"])
    marks.sort(key=lambda m: (m["at"], m["kind"]))
    step = next((s for s in TICK_STEPS if duration / s <= MAX_TICKS), TICK_STEPS[-1])
    ticks = [{"left": _pct(t, duration), "clock": clock(t)} for t in range(0, int(duration) + 1, step)]
    return Track(
        call=call,
        audio=reverse("calls:audio", args=[call.pk]),
        duration=round(duration, 2),
        agent=agent,
        customer=customer,
        lines=lines,
        marks=marks,
        ticks=ticks,
    )
