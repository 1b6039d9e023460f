"""Number formats of the report pages: rates as percentages, changes with their sign, "—" for none."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from hotline.org.formats import percent

register = template.Library()


def _num(value):
    """A missing template variable ("") or anything not a number reads as unknown."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


@register.filter
def pct(value):
    """0.0512 → "5.1%"; None → "—"."""
    return percent(_num(value))


@register.filter
def change_pct(value):
    """A relative change (0.125) as "+12.5%"; None → "—"."""
    value = _num(value)
    if value is None:
        return "—"
    return f"{value * 100:+.1f}%"


@register.filter
def change_points(value):
    """A difference of rates (0.012) as "+1.2 个百分点" / "+1.2 pt"; None → "—"."""
    value = _num(value)
    if value is None:
        return "—"
    return _("%(v)s 个百分点") % {"v": f"{value * 100:+.1f}"}


@register.filter
def secs(value):
    """Seconds to one decimal; None → "—"."""
    value = _num(value)
    return "—" if value is None else f"{value:.1f}"


@register.filter
def meets(value):
    """True → ✓ 达标, False → ✗ 未达标, None → —."""
    if value is None:
        return "—"
    return _("✓ 达标") if value else _("✗ 未达标")


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key, "")
