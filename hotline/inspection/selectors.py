"""Reads of automatic inspection (§8): suggestions for the evaluation form, the call timeline."""

from __future__ import annotations

from hotline.core.inspection.rules import Evidence, RuleResult, suggestions

from .models import CallInspection


def _result(d: dict) -> RuleResult:
    ev = tuple(
        Evidence(e.get("text", ""), e.get("start"), e.get("end"), e.get("speaker", ""))
        for e in d.get("evidence", [])
    )
    return RuleResult(d["key"], d.get("title", d["key"]), d.get("item", ""), d["status"], float(d.get("weight", 1)), ev,
                      d.get("note", ""))  # fmt: skip


def suggestions_for_call(call) -> dict[str, dict]:
    """``{item_key: {"answer": "yes"|"no", "evidence": str}}`` from the call's latest inspection
    (empty when it was not inspected). Suggestions only: the evaluator confirms or overrides them.
    The caller checks access (agents never see inspection results)."""
    found = CallInspection.objects.filter(call=call).only("rules").first()
    if found is None:
        return {}
    return suggestions([_result(d) for d in found.rules])


WIDTH = 1000  # SVG user units of the timeline


def timeline(inspection: CallInspection, duration: float | None = None) -> dict:
    """Rectangles (x, w in SVG units) for the per-call timeline: speech per party, silence,
    overtalk, hold, and rule-hit markers."""
    a = inspection.audio or {}
    dur = float(a.get("duration") or duration or 0.0)
    rules = inspection.rules or []
    if dur <= 0:
        ends = [e.get("end") or 0 for r in rules for e in r.get("evidence", [])]
        dur = max([1.0, *ends])
    k = WIDTH / dur

    def bars(key):
        return [
            {"x": round(s * k, 1), "w": max(0.8, round((e - s) * k, 1)), "start": s, "end": e}
            for s, e in a.get(key, [])
        ]

    marks = []
    for r in rules:
        for e in r.get("evidence", []):
            if e.get("start") is not None and r["status"] != "na":
                marks.append({"x": round(e["start"] * k, 1), "status": r["status"], "title": r["title"],
                              "text": e.get("text", ""), "start": e["start"]})  # fmt: skip
    ticks = []
    step = next(s for s in (10, 30, 60, 120, 300, 600, 1800, 3600) if dur / s <= 12)
    t = 0
    while t <= dur:
        ticks.append({"x": round(t * k, 1), "label": f"{int(t // 60)}:{int(t % 60):02d}"})
        t += step
    return {
        "width": WIDTH, "duration": dur, "agent": bars("agent_speech"), "customer": bars("customer_speech"),
        "silence": bars("silences"), "overtalk": bars("overtalks"), "hold": bars("holds"), "marks": marks,
        "ticks": ticks,
    }  # fmt: skip
