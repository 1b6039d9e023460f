"""Automatic-inspection suggestions for the evaluation form (§8), only for users who may see
inspection results (never agents); empty otherwise.

- ``{% inspection_hints call as hints %}``: the list of suggestions of a call (the summary card);
- ``{% inspection_item_hint call item_key as hint %}``: the suggestion for one scorecard item,
  shown beside it on the form (``None`` when there is none). Hints are computed once per call and
  request.
"""

from __future__ import annotations

from django import template

register = template.Library()


def _clock(seconds) -> str:
    s = int(float(seconds))
    return f"{s // 60:02d}:{s % 60:02d}"


def item_hints(rules: list[dict]) -> dict[str, dict]:
    """``{item_key: {"answer", "evidence", "at"}}`` from a CallInspection's rule results: "no" if a
    linked rule failed (its evidence: the sentence heard or the rule's note, and where), "yes" if
    every applicable linked rule passed; items whose rules were all N.A. are left out."""
    by_item: dict[str, list[dict]] = {}
    for r in rules:
        if r.get("item") and r.get("status") != "na":
            by_item.setdefault(r["item"], []).append(r)
    out = {}
    for item, rs in by_item.items():
        failed = [r for r in rs if r["status"] == "fail"]
        parts, at = [], None
        for r in failed or rs:
            ev = (r.get("evidence") or [None])[0]
            text = (ev or {}).get("text") or r.get("note") or ""
            parts.append(f"{r.get('title', r['key'])}：{text}" if text else r.get("title", r["key"]))
            if at is None and ev and ev.get("start") is not None:
                at = _clock(ev["start"])
        out[item] = {"answer": "no" if failed else "yes", "evidence": "；".join(parts), "at": at}
    return out


def _hints_by_item(context, call) -> dict[str, dict]:
    from ..access import can_view_inspection, inspectable_calls
    from ..models import CallInspection

    request = context.get("request")
    if call is None or request is None or not can_view_inspection(request.user):
        return {}
    cache = request.__dict__.setdefault("_inspection_hints", {})
    if call.pk not in cache:
        found = None
        if inspectable_calls(request.user).filter(pk=call.pk).exists():
            found = CallInspection.objects.filter(call=call).only("rules").first()
        cache[call.pk] = item_hints(found.rules) if found else {}
    return cache[call.pk]


@register.simple_tag(takes_context=True)
def inspection_hints(context, call) -> list[dict]:
    from hotline.core.scoring import DEFAULT_FORM

    texts = {i.key: i.text for s in DEFAULT_FORM.sections for i in s.items}
    return [
        {"key": k, "text": texts.get(k, k), **v} for k, v in sorted(_hints_by_item(context, call).items())
    ]


@register.simple_tag(takes_context=True)
def inspection_item_hint(context, call, key):
    return _hints_by_item(context, call).get(key)


@register.simple_tag(takes_context=True)
def risk_offers(context, session) -> list:
    """The extra high-risk calls offered to a recording session (§8), for users who may see
    inspection results and that session's agent; empty for everyone else (agents)."""
    from ..access import can_view_inspection, inspectable_calls
    from ..models import RiskOffer

    request = context.get("request")
    if session is None or request is None or not can_view_inspection(request.user):
        return []
    return list(
        RiskOffer.objects.filter(session=session, call__in=inspectable_calls(request.user).values("pk"))
        .select_related("call")
        .order_by("order")
    )
