"""Template filters for labels in the reader's language (``hotline.org.formats``), for every app."""

from django import template

from hotline.org import formats

register = template.Library()


@register.filter
def period_label(code):
    """``{{ s.period|period_label }}``: "2026-11-H1" → "2026年11月上半月" / "November 2026, days 1–15"."""
    return formats.period_name(str(code or ""))
