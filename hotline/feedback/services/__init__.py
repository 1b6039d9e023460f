"""Writes of the feedback loop: settings, the inbox, urgent pushes and the outgoing webhook (§3.7).

Analyses and training live in ``services_analysis``, disputes in ``services_disputes``, calibration
and certification in ``services_calibration``.

The webhook (optional, per center): every inbox message is also POSTed as JSON to the configured URL
with the header ``X-Hotline-Signature: sha256=<hex HMAC-SHA256 of the raw body with the shared
secret>``. A failed attempt is retried after 30 s, 60 s, 120 s, 240 s … (``BACKOFF_BASE`` × 2^(k−1));
after ``MAX_ATTEMPTS`` attempts the delivery is marked failed and shown on the webhook page.

Deliveries never run inside a web request: with a broker the Celery worker sends them (and beat's
sweep catches any whose task was lost); without one they wait, due at once, for the sweep
(``hotline webhooks retry`` from a timer, see deploy/). The destination is checked when the URL is
saved and again at every attempt (``webhook_urls``: no loopback/private addresses unless allowed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable

from django.conf import settings as dj_settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from hotline.core.errors import InvalidInput
from hotline.org.models import Center, Person, Role, Team
from hotline.org.policies import in_force
from hotline.org.services import audit_record
from hotline.org.texts import keyed

from ..models import FeedbackSettings, Message, WebhookDelivery
from ..webhook_urls import WebhookHostUnresolved, WebhookURLRefused, webhook_target

BACKOFF_BASE = 30.0  # seconds
SWEEP_GRACE = 120.0  # seconds: with a broker, the sweep takes a delivery only if its task has not run by then
MAX_ATTEMPTS = 6
SIGNATURE_HEADER = "X-Hotline-Signature"


class FeedbackError(InvalidInput):
    """A rule of the feedback loop refused the action (the message is shown to the user)."""


def settings_for(center: Center | None, day: dt.date | None = None) -> FeedbackSettings:
    """The settings version in force on ``day`` (today by default): the center's own, else the
    global one, else the defaults (unsaved)."""
    return in_force(FeedbackSettings, center, day or timezone.localdate())


# --- inbox ----------------------------------------------------------------------------------------


def message_send(
    *,
    recipients: Iterable[Person],
    kind: str,
    title: str = "",
    body: str = "",
    data: dict | None = None,
    sender: Person | None = None,
    analysis=None,
    key: str = "",
    params: dict | None = None,
    evaluation_id: int | None = None,
) -> list[Message]:
    """Put a message in each recipient's inbox — the one inbox, alerts included; webhook deliveries
    are queued after commit. A text the system writes is ``key`` + ``params`` (``feedback.texts``,
    ``quality.texts``: rendered in the reader's language when read); ``title``/``body`` are for text a
    person typed."""
    if key:
        stored = keyed(key, **(params or {}))
        key, params = stored["key"], stored["params"]
    rows = [
        Message.objects.create(
            recipient=r, kind=kind, key=key, params=params or {}, title=title[:200], body=body, data=data or {},
            sender=sender, analysis=analysis, evaluation_id=evaluation_id,
        )
        for r in recipients
    ]  # fmt: skip
    ids = [m.pk for m in rows]
    transaction.on_commit(lambda: webhook_enqueue(message_ids=ids))
    return rows


def alert_receive(sender, *, agent_id: int, key: str, params: dict, evaluation_id: int | None = None, **kw):
    """The receiver of quality's ``alert_raised``: the alert goes into the agent's inbox as a message
    of kind ``alert`` (so it is counted, listed and sent to the webhook like every other message)."""
    agent = Person.objects.filter(pk=agent_id).first()
    if agent is None:
        return []
    return message_send(
        recipients=[agent], kind=Message.Kind.ALERT, key=key, params=params, evaluation_id=evaluation_id
    )


@transaction.atomic
def urgent_push(
    *,
    sender: Person,
    title: str,
    body: str,
    agents: Iterable[Person] = (),
    team: Team | None = None,
    actor=None,
) -> list[Message]:
    """§3.7.5: an urgent or widespread error pushed at once to agents or to a whole team."""
    title = (title or "").strip()
    if not title:
        raise FeedbackError(gettext("标题不能为空"))
    recipients = {a.pk: a for a in agents}
    if team is not None:
        for a in Person.objects.filter(team=team, role=Role.AGENT, active=True):
            recipients[a.pk] = a
    if not recipients:
        raise FeedbackError(gettext("请选择座席员或班组"))
    rows = message_send(
        recipients=recipients.values(), kind=Message.Kind.URGENT, title=title, body=body, sender=sender
    )
    audit_record(
        actor=actor, action="feedback.urgent_push", obj=sender,
        after={"title": title, "recipients": sorted(recipients), "team": team.pk if team else None},
    )  # fmt: skip
    return rows


def message_read(*, message: Message) -> Message:
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


@transaction.atomic
def message_acknowledge(*, message: Message, actor=None) -> Message:
    """The agent confirms having read the result (§3.7.3); idempotent."""
    now = timezone.now()
    if message.acknowledged_at is None:
        message.acknowledged_at = now
        message.read_at = message.read_at or now
        message.save(update_fields=["acknowledged_at", "read_at"])
        audit_record(actor=actor, action="feedback.acknowledge", obj=message, after={"at": now.isoformat()})
    return message


def alert_acknowledge(*, alert: Message) -> Message:
    """An alert has nothing to confirm beyond having been read (kept for the callers of the old name)."""
    return message_read(message=alert)


# --- webhook ----------------------------------------------------------------------------------------


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload_of(message: Message) -> dict:
    """The webhook's JSON: the texts rendered in the product's language (the receiving system has no
    reader), plus the key and parameters for a receiver that renders them itself."""
    r = message.recipient
    with translation.override(dj_settings.LANGUAGE_CODE):
        title, body = message.heading(), message.text()
    return {
        "id": message.pk,
        "kind": message.kind,
        "title": title,
        "body": body,
        "key": message.key,
        "params": message.params or {},
        "recipient": {"work_number": r.work_number, "name": r.name, "phone": getattr(r, "phone", "") or ""},
        "created_at": message.created_at.isoformat(),
    }


def webhook_enqueue(*, message_ids: Iterable[int]) -> list[WebhookDelivery]:
    """Create a delivery per message whose center has a webhook URL, and start the Celery task."""
    from ..tasks import deliver_webhook

    out = []
    for m in Message.objects.filter(pk__in=list(message_ids)).select_related("recipient__center"):
        st = settings_for(m.recipient.center)
        if not st.webhook_url:
            continue
        d = WebhookDelivery.objects.create(
            message=m, url=st.webhook_url, payload=payload_of(m), next_attempt_at=_first_attempt_at()
        )
        out.append(d)
        if not eager():  # the worker sends it; never inside this (web) request
            deliver_webhook.delay(d.pk)
    return out


def _first_attempt_at() -> dt.datetime:
    """Due at once for the sweep when there is no worker; with one, a safety net for a lost task."""
    return timezone.now() + dt.timedelta(seconds=0 if eager() else SWEEP_GRACE)


def backoff_seconds(attempt: int) -> float:
    """Delay after the ``attempt``-th failed attempt (1-based): 30, 60, 120, 240, 480 s."""
    return BACKOFF_BASE * 2 ** (attempt - 1)


def _post(url: str, body: bytes, headers: dict, timeout: float = 10.0) -> int:
    from .. import webhook_urls

    return webhook_urls.post(url, body, headers, timeout=timeout)


def webhook_attempt(
    *,
    delivery: WebhookDelivery,
    now: dt.datetime | None = None,
    post: Callable[[str, bytes, dict], int] | None = None,
) -> WebhookDelivery:
    """One attempt: POST the signed JSON; on failure schedule the next attempt or give up.

    ``now`` and ``post`` are injectable (a fake clock and a fake sender in tests). Returns the row;
    ``next_attempt_at`` is set when a retry is due.
    """
    now = now or timezone.now()
    post = post or _post
    if delivery.status != WebhookDelivery.Status.PENDING:
        return delivery
    st = settings_for(delivery.message.recipient.center)
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "hotline-webhook/1"}
    if st.webhook_secret:
        headers[SIGNATURE_HEADER] = sign(body, st.webhook_secret)
    delivery.attempts += 1
    try:
        webhook_target(delivery.url)
    except WebhookHostUnresolved:
        pass  # a DNS failure may pass: the attempt below fails and backs off like any transport error
    except WebhookURLRefused as exc:  # the destination is not allowed (any more): no retry can help
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
        delivery.last_error = str(exc)[:2000]
        delivery.save()
        return delivery
    try:
        status = post(delivery.url, body, headers)
        ok = 200 <= int(status) < 300
        error = "" if ok else f"HTTP {status}"
    except Exception as exc:  # noqa: BLE001 - any transport error is a failed attempt
        ok, error = False, f"{type(exc).__name__}: {exc}"
    if ok:
        delivery.status = WebhookDelivery.Status.SENT
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.last_error = ""
    else:
        delivery.last_error = error[:2000]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = now + dt.timedelta(seconds=backoff_seconds(delivery.attempts))
    delivery.save()
    return delivery


def webhook_due(now: dt.datetime | None = None):
    """Pending deliveries whose retry time has come (run by the beat task or ``retry now``)."""
    now = now or timezone.now()
    return WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)


def webhook_retry(*, delivery: WebhookDelivery, actor=None) -> WebhookDelivery:
    """A manager re-queues a failed delivery (fresh attempt budget)."""
    from ..tasks import deliver_webhook

    delivery.status = WebhookDelivery.Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = _first_attempt_at()
    delivery.save()
    audit_record(actor=actor, action="feedback.webhook_retry", obj=delivery)
    if not eager():  # the worker sends it; without one the sweep does (never inside this request)
        deliver_webhook.delay(delivery.pk)
    return delivery


def eager() -> bool:
    return bool(getattr(dj_settings, "CELERY_TASK_ALWAYS_EAGER", True))
