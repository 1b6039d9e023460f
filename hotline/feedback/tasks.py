"""Celery tasks of the feedback loop: thin wrappers that load by id and call a service."""

from __future__ import annotations

from celery import shared_task

import hotline.celery  # noqa: F401  (the configured app — eager without a broker — becomes current)


@shared_task
def deliver_webhook(delivery_id: int, now=None, post=None) -> str:
    """The first attempt of a delivery, in the worker (never in a web request).

    A failed attempt sets ``next_attempt_at`` (the back-off); :func:`retry_due_webhooks` — run every
    minute by Celery beat, or by ``hotline webhooks retry`` from a timer without a broker — takes it
    then. One path for retries, so no delivery is attempted twice at once.
    """
    from . import services
    from .models import WebhookDelivery

    d = WebhookDelivery.objects.select_related("message__recipient__center").get(pk=delivery_id)
    d = services.webhook_attempt(delivery=d, now=now, post=post)
    return d.status


@shared_task
def retry_due_webhooks(now=None) -> int:
    from . import services

    n = 0
    for d in services.webhook_due(now):
        services.webhook_attempt(delivery=d, now=now)
        n += 1
    return n
