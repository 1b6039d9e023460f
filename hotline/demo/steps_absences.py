"""Demo step "absences" (§3.4): leave that the monitoring plans respect.

One QA monitor (the second, 8202) takes two days of annual leave on the next working days of the
current half-month, so its plan shows the other monitors taking over those days; in every center a few
agents take leave: one a short sick leave on two working days before ``ctx.today`` within the demo
days (the current half-month's, else the last finished one's), two others annual leave / training
in the current half-month (their sessions move to days they are present, or show as overdue).
Runs before "quality" so the plans are generated with it. Draws only from ``ctx.random("absences")``.
"""

from __future__ import annotations

import datetime as dt

from .build import DemoStep, register_step

MONITOR = "8202"


def _workdays(period) -> list[dt.date]:
    from hotline.quality.services import period_working_days

    return period_working_days(period)[0]


def build_absences(ctx) -> None:
    from hotline.core.periods import Period
    from hotline.org.models import Person
    from hotline.org.services import absence_add

    rng = ctx.random("absences")
    today = ctx.today
    current = _workdays(Period.of(today))
    ahead = [d for d in current if d >= today]
    ahead = ahead if len(ahead) >= 2 else current[-2:]  # late in the half-month: its last two
    last_demo = []
    if ctx.days:  # the latest half-month with two working days already past (and with calls)
        end = min(ctx.days[-1], today - dt.timedelta(days=1))
        for period in (Period.of(end), Period.of(end).previous()):
            last_demo = [d for d in _workdays(period) if ctx.days[0] <= d <= end]
            if len(last_demo) >= 2:
                break
    n_monitors = n_agents = 0
    monitor = Person.objects.filter(work_number=MONITOR).first()
    if monitor is not None and len(ahead) >= 2:
        absence_add(person=monitor, first_day=ahead[0], last_day=ahead[1], kind="annual", note="年休假")
        n_monitors += 1
    for code in sorted(ctx.centers):
        agents = list(Person.objects.filter(work_number__in=ctx.agents.get(code, [])).order_by("work_number"))
        if len(agents) < 3:
            continue
        sick, annual, training = rng.sample(agents, 3)
        if len(last_demo) >= 2:
            i = rng.randrange(len(last_demo) - 1)
            absence_add(
                person=sick, first_day=last_demo[i], last_day=last_demo[i + 1], kind="sick", note="感冒"
            )
            n_agents += 1
        if ahead:
            i = rng.randrange(len(ahead))
            last = ahead[min(i + 2, len(ahead) - 1)]
            absence_add(person=annual, first_day=ahead[i], last_day=last, kind="annual")
            absence_add(person=training, first_day=ahead[-1], kind="training", note="新业务培训")
            n_agents += 2
    ctx.counts["absences (QA monitors / agents)"] = f"{n_monitors} / {n_agents}"


def clear_absences(ctx) -> None:
    from hotline.org.models import Absence

    Absence.objects.filter(person__center__code__in=list(ctx.centers)).delete()


register_step(DemoStep("absences", build_absences, clear_absences), before="quality")
