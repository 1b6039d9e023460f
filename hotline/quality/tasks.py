"""Celery tasks (thin): plan generation as a background job (§3.4, §10)."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

import hotline.celery  # noqa: F401  (the configured app — eager without a broker — becomes current)
from hotline.jobs.registry import register
from hotline.org.models import Role


def _plan_job(job, ctx) -> dict:
    """The ``quality.plan`` job: generate a center's plan of a period (§3.4)."""
    ctx.message("plan")
    p = job.params
    return plan_generate_task.run(p["center"], p["period"], job.created_by_id)


register("quality.plan", run=_plan_job, label=_("监听计划"), roles=(Role.MANAGER, Role.QA_MONITOR))


@shared_task
def plan_generate_task(center_id: int, period: str, user_id: int | None = None):
    """Generate a center's plan of a period; returns the slot count and the warnings."""
    from django.contrib.auth import get_user_model

    from hotline.core.periods import Period
    from hotline.org.models import Center

    from .services import plan_generate

    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    plan = plan_generate(
        center=Center.objects.get(pk=center_id), period=Period.parse(str(period)), actor=actor
    )
    return {"plan": plan.pk, "slots": plan.slots.count(), "warnings": plan.warning_texts()}
