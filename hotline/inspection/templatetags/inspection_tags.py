"""``{% inspection_hints call as hints %}``: automatic-inspection suggestions for the evaluation
form (§8), only for users who may see inspection results (never agents); empty otherwise."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def inspection_hints(context, call) -> list[dict]:
    from hotline.core.scoring import DEFAULT_FORM

    from ..access import can_view_inspection, inspectable_calls
    from ..selectors import suggestions_for_call

    request = context.get("request")
    if call is None or request is None or not can_view_inspection(request.user):
        return []
    if not inspectable_calls(request.user).filter(pk=call.pk).exists():
        return []
    texts = {i.key: i.text for s in DEFAULT_FORM.sections for i in s.items}
    return [
        {"key": k, "text": texts.get(k, k), "answer": v["answer"], "evidence": v["evidence"]}
        for k, v in sorted(suggestions_for_call(call).items())
    ]
