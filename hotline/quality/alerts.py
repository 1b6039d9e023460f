"""The major-error (致命错误) alert of §3.6: who receives it and what it says.

Shared by the live form's alert button (``services_live``) and the submit of an evaluation
(``services``), so both reach the same people: the agent and the team leader(s) of their team.
The rows are the quality app's :class:`~hotline.quality.models.Alert` (the inbox shows them).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from hotline.core.scoring import Form
from hotline.org.models import Person, Role

from .models import Alert, Evaluation


def team_leaders_of(agent: Person) -> list[Person]:
    """The active team leaders of the agent's team (none when the agent has no team)."""
    if not agent.team_id:
        return []
    return list(
        Person.objects.filter(team_id=agent.team_id, role=Role.TEAM_LEADER, active=True).exclude(pk=agent.pk)
    )


def major_error_alerts(ev: Evaluation, form: Form, item_keys: Iterable[str]) -> list[Alert]:
    """Create the alert rows for ``item_keys`` failed in ``ev``: one to the agent, one to each team
    leader. The text is written in the site's language (an alert is stored as text)."""
    session = ev.session
    agent = session.agent
    names = "、".join(form.item(k).text for k in item_keys)
    with translation.override(settings.LANGUAGE_CODE):
        when = f"{session.date:%Y-%m-%d}"
        to_agent = gettext("致命错误：%(items)s（%(kind)s %(date)s 第 %(n)s 通）") % {
            "items": names, "kind": session.get_kind_display(), "date": when, "n": ev.order,
        }  # fmt: skip
        to_leader = gettext("座席 %(agent)s 致命错误：%(items)s（%(kind)s %(date)s 第 %(n)s 通）") % {
            "agent": str(agent), "items": names, "kind": session.get_kind_display(), "date": when, "n": ev.order,
        }  # fmt: skip
    rows = [Alert.objects.create(agent=agent, text=to_agent, evaluation=ev)]
    rows += [
        Alert.objects.create(agent=leader, text=to_leader, evaluation=ev) for leader in team_leaders_of(agent)
    ]
    return rows
