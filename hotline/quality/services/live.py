"""Writes of the live form while the call is being scored (§3.6): the major-error alert button.

The monitor hears a major error (致命错误) and presses the button on the live form: the agent and
their team leader get the alert at once, before the session is submitted. Pressing twice (a
double click, a second tab) sends nothing new; failing another critical item later sends that item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotline.core.errors import Conflict
from hotline.core.scoring import critical_failed_so_far
from hotline.org.models import Person
from hotline.org.services import audit_record

from ..alerts import major_error_alerts
from ..models import Evaluation, Kind
from ..services import QualityError, _to_answers


@dataclass(frozen=True)
class LiveAlert:
    """What the button did: ``items`` alerted now (empty when nothing new), the names reached."""

    items: tuple[str, ...]
    recipients: tuple[str, ...]
    at: dt.datetime
    already: bool


@transaction.atomic
def major_error_alert_send(*, evaluation: Evaluation, by: Person | None = None, actor=None) -> LiveAlert:
    """Alert the agent and their team leader(s) of the critical items failed so far in ``evaluation``.

    Refused for a recording session or a submitted one (the submit alerts then), and when no
    critical item is failed yet. Idempotent: items already alerted are not sent again.
    """
    ev = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("session", "session__agent", "form")
        .get(pk=evaluation.pk)
    )
    if ev.session.kind != Kind.LIVE:
        raise QualityError(gettext("只有实时监听可以即时提醒"))
    if ev.session.submitted:
        raise Conflict(gettext("本次监听已提交，提交时已发送提醒"))
    form = ev.form.core()
    failed = critical_failed_so_far(form, _to_answers(form, ev.answers, ev.comments))
    if not failed:
        raise QualityError(gettext("请先在评分表中标出未通过的致命项"), field="answers")
    new = tuple(k for k in failed if k not in (ev.alerted_items or []))
    if not new:
        return LiveAlert((), (), ev.alerted_at, already=True)
    rows = major_error_alerts(ev, form, new)
    ev.alerted_items = list(ev.alerted_items or []) + list(new)
    ev.alerted_at = timezone.now()
    ev.save(update_fields=["alerted_items", "alerted_at"])
    names = tuple(p.name for p in rows)
    audit_record(
        actor=actor, action="quality.live_alert", obj=ev,
        after={"items": list(new), "recipients": [p.pk for p in rows], "by": by.pk if by else None},
    )  # fmt: skip
    return LiveAlert(new, names, ev.alerted_at, already=False)
