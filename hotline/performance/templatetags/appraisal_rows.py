"""``{% appraisal_rows %}``: the rows of the appraisal table rendered in Python (issue 16: a center of
1,000 agents; the template engine took about a second for them). Same HTML as the loop it replaces:
numbers through Django's ``localize``, ``floatformat`` half up, every text escaped."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

_PLACEHOLDER = 987654321


def _floatformat(value, places: int) -> str:
    """``value|floatformat:places`` for the table's numbers (no grouping; "." in both languages)."""
    if value is None or value == "":
        return ""
    try:
        d = Decimal(repr(float(value)))
    except (TypeError, ValueError):
        return ""
    return f"{d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"


def _plain_text(value) -> str:
    return escape(str(localize(value)))


@register.simple_tag
def appraisal_rows(results, month):
    """``results``: (person, appraisal dict or None) pairs, as ``performance.services.appraisals_get``."""
    if not results:
        return mark_safe(f'<tr><td colspan="9">{escape(gettext("没有座席"))}</td></tr>')
    head, tail = reverse("performance:detail", args=[_PLACEHOLDER, f"{month:%Y-%m}"]).split(str(_PLACEHOLDER))
    head, tail = escape(head), escape(tail)
    out = []
    texts: dict = {}  # this rendering's localized numbers (points repeat across 1,000 rows)

    def _text(value) -> str:
        key = (type(value), value)
        try:
            return texts[key]
        except KeyError:
            texts[key] = t = _plain_text(value)
            return t
        except TypeError:  # unhashable
            return _plain_text(value)

    for p, a in results:
        team = escape(str(p.team)) if p.team_id else "—"
        cells = f'<tr><td>{_text(p.work_number)}</td><td><a href="{head}{int(p.pk)}{tail}">{escape(str(p.name))}</a></td><td>{team}</td>\n'  # fmt: skip
        if a:
            qa = a.get("qa_score")
            money = (a.get("money") or {}).get("total") if isinstance(a.get("money"), dict) else None
            cells += (
                f'<td class="num">{_text(a.get("attendance"))}</td><td class="num">{_text(a.get("evaluation"))}</td>'
                f'<td class="num">{_text(a.get("bonus"))}</td><td class="num"><b>{_text(a.get("total"))}</b></td>'
                f'<td class="num">{_floatformat(qa, 1) if qa is not None else "—"}</td>'
                f'<td class="num">{_floatformat(money, 0)}</td>'
            )
        else:
            cells += '<td colspan="6" class="muted">—</td>'
        out.append(cells + "</tr>\n")
    return mark_safe("".join(out))  # every value above is escaped
