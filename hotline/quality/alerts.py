"""Alerts of §3.6 into the one inbox: the major-error (致命错误) alert and who receives it.

An alert is stored as a text key and its parameters (``quality.texts``, rendered when read) and put
in the inbox of ``hotline.feedback`` through :data:`~hotline.quality.signals.alert_raised`, once the
transaction commits — quality sits below feedback. The live form's alert button (``services_live``)
and the submit of an evaluation (``services``) share :func:`major_error_alerts`, so both reach the
same people: the agent and the team leader(s) of their team.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from hotline.core.scoring import Form
from hotline.org.models import Person, Role
from hotline.org.texts import keyed

from . import texts as quality_texts
from .models import Evaluation
from .signals import alert_raised


def alert_send(*, agent_id: int, key: str, params: dict, evaluation_id: int | None = None) -> None:
    """Put an alert (a registered text key and its parameters, ``quality.texts``) in a person's inbox
    once the current transaction commits (at once outside one). The inbox lives in feedback, which
    receives :data:`~hotline.quality.signals.alert_raised` and fires the webhook like for any message."""
    stored = keyed(key, **params)

    def emit() -> None:
        alert_raised.send(
            sender=Evaluation, agent_id=agent_id, key=stored["key"], params=stored["params"],
            evaluation_id=evaluation_id,
        )  # fmt: skip

    transaction.on_commit(emit)


def team_leaders_of(agent: Person) -> list[Person]:
    """The active team leaders of the agent's team (none when the agent has no team)."""
    if not agent.team_id:
        return []
    return list(
        Person.objects.filter(team_id=agent.team_id, role=Role.TEAM_LEADER, active=True).exclude(pk=agent.pk)
    )


def major_error_alerts(ev: Evaluation, form: Form, item_keys: Iterable[str]) -> list[Person]:
    """Alert the agent and each team leader of ``item_keys`` failed in ``ev``; returns who was alerted."""
    session = ev.session
    agent = session.agent
    params = {
        "items": [{"zh": form.item(k).text, "en": form.item(k).text_en} for k in item_keys],
        "kind": session.kind, "date": session.date, "n": ev.order,
    }  # fmt: skip
    alert_send(agent_id=agent.pk, key=quality_texts.MAJOR_ERROR, params=params, evaluation_id=ev.pk)
    leaders = team_leaders_of(agent)
    for leader in leaders:
        alert_send(agent_id=leader.pk, key=quality_texts.MAJOR_ERROR_LEADER, evaluation_id=ev.pk,
                   params={**params, "agent": f"{agent.name}（{agent.work_number}）"})  # fmt: skip
    return [agent, *leaders]
