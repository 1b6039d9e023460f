"""``{% score_rows %}`` and ``{% agent_options %}`` write what the template loops they replaced wrote
(issue 16: the scores page of 1,000 agents)."""

import datetime as dt

from django.template import Context, Template

from hotline.core.scoring import monthly_score
from hotline.quality.selectors import AgentMonth, SessionBrief
from hotline.quality.templatetags.score_rows import agent_options, score_rows

ROWS = Template(
    """{% for r in rows %}<tr data-agent="{{ r.agent.work_number }}"><td><a href="?month={{ month_label }}&agent={{ r.agent.pk }}">{{ r.agent.name }}</a>（{{ r.agent.work_number }}）</td><td>{{ r.agent.team.name|default:"—" }}</td>
{% include "quality/_score_cells.html" %}
<td>{% for s in r.sessions %}<a href="{% url 'quality:session' s.pk %}" title="{{ s.get_kind_display }} {{ s.date|date:'m-d' }}">{{ s.get_kind_display }} {{ s.score|floatformat:1 }}</a>{% if not forloop.last %} · {% endif %}{% endfor %}</td></tr>{% endfor %}"""
)
OPTIONS = Template(
    """{% for a in agents %}<option value="{{ a.pk }}"{% if a == chosen %} selected{% endif %}>{{ a.name }}（{{ a.work_number }}）</option>{% endfor %}"""
)


class Shown(SessionBrief):
    """What the old loop read of a session (``get_kind_display``)."""

    def get_kind_display(self):
        from hotline.quality.models import Kind

        return Kind(self.kind).label


def test_the_tags_write_the_loops_html(personas):
    personas.peer.name = "李<四>&"
    personas.peer.team = None
    personas.peer.team_id = None
    rows = [
        AgentMonth(personas.agent, "2026-11", monthly_score([88.25, 90.05], [70.0]),
                   (Shown(1, "recording", dt.date(2026, 11, 5), 88.25, "2026-11-H1"),
                    Shown(2, "live", dt.date(2026, 11, 6), 70.0, "2026-11-H1"))),
        AgentMonth(personas.peer, "2026-11", monthly_score([], [], remainder="none"), ()),
        AgentMonth(personas.stranger, "2026-11", monthly_score([91.0], [], remainder="inspection",
                                                               remainder_value=77.77), ()),
    ]  # fmt: skip
    expected = ROWS.render(Context({"rows": rows, "month_label": "2026-11"}))
    assert score_rows(rows, "2026-11") == expected
    agents = [personas.agent, personas.peer]
    assert agent_options(agents, personas.peer) == OPTIONS.render(
        Context({"agents": agents, "chosen": personas.peer})
    )
