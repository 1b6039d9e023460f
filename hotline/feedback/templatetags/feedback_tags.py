"""Navigation badge (unread inbox count) and the dashboard's overdue approvals."""

from django import template

from hotline.feedback import access, selectors

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
