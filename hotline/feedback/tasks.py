"""Celery tasks of the feedback loop: thin wrappers that load by id and call a service."""

from __future__ import annotations

from celery import shared_task

import hotline.celery  # noqa: F401  (the configured app — eager without a broker — becomes current)


@shared_task
def deliver_webhook(delivery_id: int, now=None, post=None) -> str:
    """One attempt; with a real broker the retry is scheduled with the back-off as countdown.

    Eagerly (no broker, the default) a failed delivery waits for :func:`retry_due_webhooks` (beat,
    the webhook page's button, or ``hotline feedback-webhooks``), never retried in a busy loop.
    """
    from . import services
    from .models import WebhookDelivery

    d = WebhookDelivery.objects.select_related("message__recipient__center").get(pk=delivery_id)
    d = services.webhook_attempt(delivery=d, now=now, post=post)
    if d.status == WebhookDelivery.Status.PENDING and d.next_attempt_at is not None and not services.eager():
        deliver_webhook.apply_async((d.pk,), eta=d.next_attempt_at)
    return d.status


@shared_task
def retry_due_webhooks(now=None) -> int:
    from . import services

    n = 0
    for d in services.webhook_due(now):
        services.webhook_attempt(delivery=d, now=now)
        n += 1
    return n
