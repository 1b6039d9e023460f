"""``{% appraisal_rows %}`` writes what the template loop it replaced wrote (issue 16)."""

import datetime as dt

from django.template import Context, Template

from hotline.performance.templatetags.appraisal_rows import appraisal_rows

LOOP = Template(
    """{% for p, a in results %}<tr><td>{{ p.work_number }}</td><td><a href="{% url 'performance:detail' p.pk month|date:'Y-m' %}">{{ p.name }}</a></td><td>{{ p.team|default:"—" }}</td>
{% if a %}<td class="num">{{ a.attendance }}</td><td class="num">{{ a.evaluation }}</td><td class="num">{{ a.bonus }}</td><td class="num"><b>{{ a.total }}</b></td><td class="num">{% if a.qa_score is not None %}{{ a.qa_score|floatformat:1 }}{% else %}—{% endif %}</td><td class="num">{{ a.money.total|floatformat:0 }}</td>{% else %}<td colspan="6" class="muted">—</td>{% endif %}</tr>
{% empty %}<tr><td colspan="9">没有座席</td></tr>{% endfor %}"""
)


def test_the_tag_writes_the_loops_html(personas):
    month = dt.date(2026, 11, 1)
    personas.peer.name = "李<四>&"
    results = [
        (personas.agent, {"attendance": 20, "evaluation": 79.5, "bonus": 0.25, "total": 99.75, "qa_score": 88.25,
                          "money": {"total": 400.5}}),
        (personas.peer, {"attendance": 18.0, "evaluation": 80, "bonus": 0, "total": 98, "qa_score": None,
                         "money": None}),
        (personas.stranger, None),
    ]  # fmt: skip
    expected = LOOP.render(Context({"results": results, "month": month}))
    assert appraisal_rows(results, month) == expected
    assert appraisal_rows([], month) == LOOP.render(Context({"results": [], "month": month})).strip()
