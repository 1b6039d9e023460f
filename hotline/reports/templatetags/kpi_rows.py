"""``{% kpi_rows %}``: the rows of a KPI table rendered in Python (issue 16: the dashboard by agent
shows 1,000 rows; the template engine took about a second for them). Same HTML as the template it
replaces (``reports/_kpi_cells.html`` per row): widthratio and floatformat of Django's own filters."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _percent(value) -> str:
    return f"{round(float(value) * 100)}%"  # {% widthratio value 1 100 %}%


def _rate(value, n=None) -> str:
    if value is None:
        return "—"
    if n is None:
        return _percent(value)
    return f'{_percent(value)} <span class="muted">n={int(n)}</span>'


def _fixed(value, places: int) -> str:
    """``value|floatformat:places|default:"—"`` for the non-negative numbers of a KpiRow (half up,
    no grouping — the decimal point is "." in both languages), without the filter's per-call cost."""
    if value is None:
        return "—"
    if places == 0 and float(value).is_integer():
        return f"{int(value)}"
    return f"{Decimal(repr(float(value))).quantize(_QUANTA[places], rounding=ROUND_HALF_UP):f}"


_QUANTA = {0: Decimal(1), 1: Decimal("0.1")}


def kpi_cells(r) -> str:
    cells = (
        str(int(r.offered)), str(int(r.answered)), str(int(r.abandoned)), _rate(r.abandonment_rate),
        _rate(r.service_level), _fixed(r.asa, 1), _fixed(r.aht, 0), _rate(r.fcr, r.fcr_n),
        _rate(r.satisfaction, r.satisfaction_n),
    )  # fmt: skip
    return "".join(f'<td class="num">{c}</td>' for c in cells)  # numbers and format_html only


@register.simple_tag
def kpi_rows(rows, by, date_from, date_to, period, centers, center):
    """The ``<tr>`` s of the dashboard's group table: a link that narrows to the group (not for
    agents), the KPI cells; a row of calls without an agent is named so."""
    if not rows:
        return format_html('<tr><td colspan="10">{}</td></tr>', gettext("无数据"))
    base = f"?date_from={date_from:%Y-%m-%d}&date_to={date_to:%Y-%m-%d}&by={by}&period={period}&group="
    tail = f"&center={center.pk}" if centers else ""
    unassigned = format_html('<span class="muted">{}</span>', gettext("未分配座席（放弃电话等）"))
    out = []
    for r in rows:
        if by != "agent" and r.group:
            first = format_html('<a href="{}{}{}">{}</a>', base, quote(r.group, safe="/"), tail, r.group)
        elif r.group:
            first = conditional_escape(r.group)
        else:
            first = unassigned
        out.append(f"<tr><td>{first}</td>{kpi_cells(r)}</tr>\n")
    return mark_safe("".join(out))  # every value above is escaped
