"""``{% score_rows %}``: the agent rows of the scores page rendered in Python (issue 16: 1,000 agents
with four session links each took the template engine about ten seconds on the bench). Same HTML as
the template it replaces (``quality/_score_cells.html`` per row, then the session links): Django's
``floatformat:1`` (half up) and ``date:'m-d'``."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from hotline.quality.models import Kind

register = template.Library()

_PLACEHOLDER = 987654321


def fixed1(value) -> str:
    """``value|floatformat:1`` for a score (no grouping; the decimal point is "." in both languages)."""
    if value is None:
        return ""
    return f"{Decimal(repr(float(value))).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}"


def score_cells(result) -> str:
    """``quality/_score_cells.html`` for one MonthlyScore."""
    rec = fixed1(result.recording_mean) or "—"
    live = fixed1(result.live_mean) or "—"
    if result.incomplete:
        composite = format_html('<span class="bad qa-incomplete">{}</span>', gettext("不完整"))
    else:
        composite = f'<b class="qa-composite">{fixed1(result.score)}</b>'
    if result.remainder != "live":
        label = {
            "inspection": gettext("自动质检得分"),
            "satisfaction": gettext("客户满意度"),
        }.get(result.remainder) or gettext("仅录音监听（实时监听仅作参考）")
        value = f" {fixed1(result.remainder_value)}" if result.remainder_value is not None else ""
        composite += format_html('<br><span class="muted qa-remainder">{}{}</span>', label, value)
    return (
        f'<td class="num">{rec} <span class="muted">({int(result.recording_sessions)})</span></td>\n'
        f'<td class="num">{live} <span class="muted">({int(result.live_sessions)})</span></td>\n'
        f'<td class="num">{composite}</td>'
    )


@register.simple_tag
def score_rows(rows, month_label):
    """The ``<tr>`` s of the scores page's agent table (``rows``: AgentMonth with sessions). Values are
    escaped with ``html.escape`` — what Django's ``escape`` does — without ``format_html``'s per-call cost."""
    kinds = {k.value: escape(str(k.label)) for k in Kind}
    head, tail = (escape(x) for x in reverse("quality:session", args=[_PLACEHOLDER]).split(str(_PLACEHOLDER)))
    month = escape(str(month_label))
    out = []
    days: dict = {}  # session days repeat: formatted once per rendering
    for r in rows:
        a = r.agent
        team = escape(a.team.name) if a.team_id else "—"
        number, name = escape(str(a.work_number)), escape(str(a.name))
        links = []
        for s in r.sessions:
            kind = kinds.get(s.kind) or escape(str(s.kind))
            day = days.get(s.date)
            if day is None:
                day = days[s.date] = s.date.strftime("%m-%d") if s.date else ""
            links.append(
                f'<a href="{head}{int(s.pk)}{tail}" title="{kind} {day}">{kind} {fixed1(s.score)}</a>'
            )
        out.append(
            f'<tr data-agent="{number}"><td><a href="?month={month}&agent={int(a.pk)}">{name}</a>（{number}）</td>'
            f"<td>{team}</td>\n{score_cells(r.result)}\n\n<td>{' · '.join(links)}</td></tr>"
        )
    return mark_safe("".join(out))  # every value above is escaped


@register.simple_tag
def agent_options(agents, chosen):
    """The ``<option>`` s of the trend's agent choice."""
    chosen_pk = getattr(chosen, "pk", None)
    return mark_safe(
        "".join(
            f'<option value="{int(a.pk)}"{" selected" if a.pk == chosen_pk else ""}>'
            f"{escape(str(a.name))}（{escape(str(a.work_number))}）</option>"
            for a in agents
        )
    )  # every value is escaped
