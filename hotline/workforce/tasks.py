"""Celery tasks (thin): load by id, call a service. Eager (in-process) unless a broker is set."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import hotline.celery  # noqa: F401  (the configured app — eager without a broker — becomes current)
from hotline.jobs.registry import register
from hotline.org.models import Role


def _roster_job(job, ctx) -> dict:
    """The ``workforce.roster`` job: solve a draft roster (CP-SAT, its own time limit)."""
    ctx.message("roster")
    return {"roster": job.params["roster"], "state": solve_roster_task.run(job.params["roster"])}


def _intraday_job(job, ctx) -> dict:
    """The ``workforce.intraday`` job: today's intraday rows and alerts of a center (§5), kept as the
    job's result (alert count and the intervals alerted) for the page and for escalation."""
    import datetime as dt

    from hotline.org.models import Center

    from .selectors import intraday
    from .services.contingency import ALERT_SCENARIO, alert_message, plan_for_alert
    from .services.intraday import settings_for

    center = Center.objects.get(pk=job.params["center"])
    day = dt.date.fromisoformat(job.params["day"])
    # the thresholds and (in ``intraday``) the escalation levels in force on that day
    rows, alerts = intraday(center, day, settings=settings_for(center, day))
    plans = {k: plan_for_alert(center, k) for k in ALERT_SCENARIO}
    # The message is a key + params (rendered when read) naming the contingency plan that answers it.
    return {"rows": len(rows), "alerts": [{"kind": a.kind, "start": a.start.isoformat(),
                                           "severity": round(a.severity, 3),
                                           "plan": plans[a.kind].pk if plans.get(a.kind) else None,
                                           "message": alert_message(center, a, plans)} for a in alerts]}  # fmt: skip


def _forecast_job(job, ctx) -> dict:
    """The ``workforce.forecast`` job (issue 16 item 4): a forecast run of a skill (a statsforecast fit
    and its backtest take seconds); the result names the run and the page that shows it. A refusal of
    the inputs (``PlanningError``) fails the job at once: it would fail the same way again."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from . import services
    from .models import Skill

    p = job.params
    ctx.progress(0, 1)
    actor = get_user_model().objects.filter(pk=job.created_by_id).first() if job.created_by_id else None
    run = services.forecast_run(
        skill=Skill.objects.get(pk=p["skill"]), first_day=dt.date.fromisoformat(p["first_day"]),
        horizon=int(p["horizon"]), method=p["method"], actor=actor,
    )  # fmt: skip
    return {"run": run.pk, "next": f"{reverse('workforce:forecast')}?run={run.pk}"}


def forecast_start(*, skill, first_day, horizon: int, method: str, actor):
    """Queue a forecast run (the production path of the forecast page); the running one of the same
    inputs is returned instead of a second."""
    from django.urls import reverse

    from hotline.jobs.services import job_start

    job, _started = job_start(
        kind="workforce.forecast", scope=f"skill={skill.pk}:{first_day}:{horizon}:{method}",
        params={"skill": skill.pk, "first_day": str(first_day), "horizon": int(horizon), "method": method,
                "back": reverse("workforce:forecast")},
        center=skill.center, actor=actor,
    )  # fmt: skip
    return job


register("workforce.forecast", run=_forecast_job, label=_("需求预测"), roles=(Role.MANAGER, Role.PLANNER))
register("workforce.roster", run=_roster_job, label=_("排班求解"), roles=(Role.MANAGER, Role.PLANNER))
register("workforce.intraday", run=_intraday_job, label=_("日内监控刷新"), roles=(Role.MANAGER, Role.PLANNER))


@shared_task
def intraday_refresh() -> int:
    """Celery beat, every five minutes: refresh today's intraday view of every center (one job per
    center and day at a time; a refresh still running is not started twice)."""
    from hotline.jobs.services import job_start
    from hotline.org.models import Center

    n = 0
    for center in Center.objects.all():
        day = timezone.localdate()
        job, started = job_start(kind="workforce.intraday", scope=f"center={center.pk}:{day}",
                                 params={"center": center.pk, "day": str(day)}, center=center)  # fmt: skip
        n += started
    return n


@shared_task
def solve_roster_task(roster_id: int) -> str:
    from .models import Roster
    from .services.roster import roster_solve

    roster = Roster.objects.get(pk=roster_id)
    return roster_solve(roster=roster).state
