"""Navigation badge (unread inbox count) and the dashboard's overdue approvals."""

from django import template

from hotline.feedback import access, selectors
from hotline.org import formats as org_formats

register = template.Library()


@register.simple_tag
def unread_count(person):
    return selectors.unread_count(person)


@register.simple_tag(takes_context=True)
def overdue_approvals(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not access.sees_overdue(user):
        return []
    return list(selectors.overdue_analyses(access.visible_analyses(user))[:20])


@register.filter
def period_name(code):
    """``{{ a.period|period_name }}``: "2026-11-H1" → "2026年11月上半月" in the reader's language."""
    return org_formats.period_name(str(code or ""))


@register.filter
def as_percent(value):
    """``{{ rate|as_percent }}``: a rate (0.2) as the reader reads it ("20%"); "—" when unknown."""
    try:
        return org_formats.percent(None if value is None or value == "" else float(value))
    except (TypeError, ValueError):
        return "—"
