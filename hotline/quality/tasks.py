"""Celery tasks (thin): plan generation as a background job (§3.4, §10)."""

from celery import shared_task

import hotline.celery  # noqa: F401  (the configured app — eager without a broker — becomes current)


@shared_task
def plan_generate_task(center_id: int, period: str, user_id: int | None = None):
    """Generate a center's plan of a period; returns the slot count and the warnings."""
    from django.contrib.auth import get_user_model

    from hotline.org.models import Center

    from .services import plan_generate

    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    plan = plan_generate(center=Center.objects.get(pk=center_id), period=period, actor=actor)
    return {"plan": plan.pk, "slots": plan.slots.count(), "warnings": plan.warning_texts()}
