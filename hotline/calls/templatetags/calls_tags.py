"""Calls shown on other apps' pages without those apps importing calls (dependencies run one way)."""

from django import template

from hotline.calls.access import visible_calls

register = template.Library()


@register.simple_tag(takes_context=True)
def recent_calls_of(context, person, n: int = 20):
    """The latest ``n`` calls of ``person`` that the reader may see (``calls.access.visible_calls``)."""
    return visible_calls(context["request"].user).filter(agent=person).order_by("-started_at")[:n]
