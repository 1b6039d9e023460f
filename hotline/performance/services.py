"""Every write of the appraisal (§6): compute and keep a month's results, sign off, re-open, import."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from hotline.core.appraisal import appraise
from hotline.core.errors import Conflict
from hotline.org.models import Center, Person
from hotline.org.services import audit_record

from . import selectors
from .imports import HrImportFailed, HrImportResult, hr_import  # noqa: F401  (re-exported: the write API)
from .models import AppraisalResult, AppraisalSignoff


class MonthLocked(Conflict):
    """The month is signed off: results and inputs stay as they are until it is re-opened."""

    code = "month_locked"


def _result_values(a) -> dict:
    """The stored fields of an appraisal; ``detail`` as JSON reads it back (lists, not tuples), so an
    unchanged result compares equal to the kept one and is not written again (issue 16: the table of
    1,000 agents rewrote every row on each view)."""
    return {
        "attendance": a.attendance, "evaluation": a.evaluation, "bonus": a.bonus, "total": a.total,
        "money": a.money.total if a.money else None, "detail": json.loads(json.dumps(a.as_dict())),
    }  # fmt: skip


def appraisals_get(
    *, agents: Iterable[Person], month: dt.date, persist: bool = True
) -> list[tuple[Person, dict]]:
    """(agent, appraisal as a dict) for each agent: the kept result when the agent's center has signed
    the month off, else computed now from the month's inputs (and kept unless ``persist`` is False)."""
    first = month.replace(day=1)
    people = list(agents)
    locked = set(
        AppraisalSignoff.objects.filter(month=first, locked=True).values_list("center_id", flat=True)
    )
    kept = {r.agent_id: r for r in AppraisalResult.objects.filter(agent__in=people, month=first)}
    open_people = [p for p in people if p.center_id not in locked]
    inputs = selectors.appraisal_inputs(open_people, first)
    rules = selectors.rule_sets()
    out = []
    new, changed = [], []
    for p in people:
        if p.center_id in locked:
            r = kept.get(p.pk)
            out.append((p, r.detail if r else None))
            continue
        values = _result_values(appraise(inputs[p.pk], rules, money=True))
        if persist:
            r = kept.get(p.pk)
            if r is None:
                new.append(AppraisalResult(agent=p, month=first, **values))
            elif any(getattr(r, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(r, k, v)
                changed.append(r)
        out.append((p, values["detail"]))
    if new or changed:
        with transaction.atomic():
            AppraisalResult.objects.bulk_create(
                new, batch_size=500, ignore_conflicts=True
            )  # a parallel view kept it
            AppraisalResult.objects.bulk_update(changed, list(_RESULT_FIELDS), batch_size=500)
    return out


_RESULT_FIELDS = ("attendance", "evaluation", "bonus", "total", "money", "detail")


def appraisal_signoff(*, center: Center, month: dt.date, actor) -> AppraisalSignoff:
    """Compute and keep the month's results for the center's agents, then lock the month (audited)."""
    from hotline.org.models import Role

    first = month.replace(day=1)
    with transaction.atomic():
        so = (
            AppraisalSignoff.objects.select_for_update(of=("self",))
            .filter(center=center, month=first)
            .first()
        )
        if so is not None and so.locked:
            raise MonthLocked(f"{first:%Y-%m} is already signed off")
        agents = Person.objects.filter(center=center, role=Role.AGENT, active=True)
        results = appraisals_get(agents=agents, month=first)
        if so is None:
            so = AppraisalSignoff(center=center, month=first)
        so.locked, so.signed_by, so.signed_at = True, actor, timezone.now()
        so.save()
        audit_record(
            actor=actor, action="appraisal.signoff", obj=so, before={"locked": False},
            after={"locked": True, "month": f"{first:%Y-%m}", "agents": len(results),
                   "totals": {p.work_number: (d or {}).get("total") for p, d in results}},
        )  # fmt: skip
    return so


def appraisal_reopen(*, center: Center, month: dt.date, actor, reason: str) -> AppraisalSignoff:
    """Unlock a signed-off month; a reason is required and kept in the audit trail."""
    if not reason.strip():
        raise ValueError("a reason is required to re-open a signed-off month")
    first = month.replace(day=1)
    with transaction.atomic():
        so = (
            AppraisalSignoff.objects.select_for_update(of=("self",))
            .filter(center=center, month=first, locked=True)
            .first()
        )
        if so is None:
            raise ValueError(f"{first:%Y-%m} is not signed off")
        so.locked = False
        so.save()
        audit_record(
            actor=actor, action="appraisal.reopen", obj=so, before={"locked": True}, after={"locked": False},
            reason=reason.strip(),
        )  # fmt: skip
    return so
