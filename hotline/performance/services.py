"""Every write of the appraisal (§6): compute and keep a month's results, sign off, re-open, import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from hotline.core.appraisal import appraise
from hotline.core.appraisal_year import dismissal_flags, period_months, rank_totals
from hotline.core.errors import Conflict, InvalidInput
from hotline.org.models import Center, Person
from hotline.org.selectors import id_set
from hotline.org.services import audit_record

from . import selectors
from .imports import HrImportFailed, HrImportResult, hr_import  # noqa: F401  (re-exported: the write API)
from .models import AppraisalResult, AppraisalSignoff, OtherWorkEntry


class MonthLocked(Conflict):
    """The month is signed off: results and inputs stay as they are until it is re-opened."""

    code = "month_locked"


def _result_values(a) -> dict:
    """The stored fields of an appraisal; ``detail`` as JSON reads it back (lists, not tuples:
    ``Appraisal.as_json``), so an unchanged result compares equal to the kept one and is not written
    again (issue 16: the table of 1,000 agents rewrote every row on each view)."""
    return {
        "attendance": a.attendance, "evaluation": a.evaluation, "bonus": a.bonus, "total": a.total,
        "money": a.money.total if a.money else None, "detail": a.as_json(),
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
    kept = {  # plain values: only changed rows become instances (issue 16)
        r["agent_id"]: r
        for r in AppraisalResult.objects.filter(
            agent_id__in=id_set(p.pk for p in people), month=first
        ).values("pk", "agent_id", *_RESULT_FIELDS)
    }
    open_people = [p for p in people if p.center_id not in locked]
    inputs = selectors.appraisal_inputs(open_people, first)
    rules: dict[int, tuple] = {}
    out = []
    new, changed = [], []
    for p in people:
        if p.center_id in locked:
            r = kept.get(p.pk)
            out.append((p, r["detail"] if r else None))
            continue
        if p.center_id not in rules:
            rules[p.center_id] = (selectors.rules_in_force(p.center, first),)
        values = _result_values(appraise(inputs[p.pk], rules[p.center_id], money=True))
        if persist:
            r = kept.get(p.pk)
            if r is None:
                new.append(AppraisalResult(agent=p, month=first, **values))
            elif any(r[k] != v for k, v in values.items()):
                changed.append(AppraisalResult(pk=r["pk"], agent=p, month=first, **values))
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


class OtherWorkError(InvalidInput):
    """The "other work" entry was refused (message in the user's language)."""


def other_work_set(*, agent: Person, month: dt.date, points: int, amount: float | None, note: str, actor,
                   rules=None) -> OtherWorkEntry:  # fmt: skip
    """Enter (or change) an agent's "other work" of a month: ``points`` lost in the evaluation's fourth
    part (0…the part cap) and ``amount`` yuan granted (0…50; None: all). Refused on a signed-off month;
    audited (``appraisal.other_work``) with the entry before and after."""
    from django.utils.translation import gettext as _

    first = month.replace(day=1)
    r = rules or selectors.rules_in_force(agent.center, first)
    if not (0 <= points <= r.part_cap):
        raise OtherWorkError(_("扣分须在0到%(cap)s之间") % {"cap": r.part_cap})
    if amount is not None and not (0 <= amount <= r.money.other_work_bonus):
        raise OtherWorkError(_("核发金额须在0到%(cap)s元之间") % {"cap": r.money.other_work_bonus})
    with transaction.atomic():
        if selectors.is_locked(agent.center_id, first):
            raise MonthLocked(_("该月已签批锁定，重新开放后才能修改"))
        row = OtherWorkEntry.objects.select_for_update().filter(agent=agent, month=first).first()
        before = None if row is None else {"points": row.points, "amount": row.amount, "note": row.note}
        if row is None:
            row = OtherWorkEntry(agent=agent, month=first)
        row.points, row.amount, row.note, row.entered_by = points, amount, note.strip()[:300], actor
        row.save()
        audit_record(actor=actor, action="appraisal.other_work", obj=row, before=before,
                     after={"agent": agent.work_number, "month": f"{first:%Y-%m}", "points": points,
                            "amount": amount, "note": row.note})  # fmt: skip
    return row


def dismissal_flags_get(*, agents: Iterable[Person], month: dt.date) -> list[tuple[Person, tuple]]:
    """(agent, flags) for each agent with at least one dismissal condition of the manual met in the
    year up to ``month`` (under the rules of the agent's center for that month). Flags only."""
    first = month.replace(day=1)
    people = list(agents)
    facts = selectors.year_facts(people, first)
    rules: dict[int, object] = {}
    out = []
    for p in people:
        if p.center_id not in rules:
            rules[p.center_id] = selectors.rules_in_force(p.center, first)
        r = rules[p.center_id]
        year = facts.get(p.pk, [])
        if r.low_total_below > 0:  # the optional rule reads the month totals (kept or computed)
            totals = _totals_by_month(p, [_back(first, n) for n in range(r.low_total_months)])
            have = {f.month for f in year}
            year = [f if f.month not in totals else _with_total(f, totals[f.month]) for f in year]
            year += [_empty(m, t) for m, t in totals.items() if m not in have]
        flags = dismissal_flags(year, first, r)
        if flags:
            out.append((p, flags))
    return out


def _back(first: dt.date, n: int) -> dt.date:
    for _i in range(n):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


def _with_total(f, total):
    from dataclasses import replace

    return replace(f, total=total)


def _empty(m, total):
    from hotline.core.appraisal_year import MonthFacts

    return MonthFacts(month=m, total=total)


def _totals_by_month(p: Person, months) -> dict:
    out = {}
    for m in months:
        ((_p, d),) = appraisals_get(agents=[p], month=m, persist=False)
        if d:
            out[m] = d["total"]
    return out


def period_totals_get(*, agents: Iterable[Person], year: int, half: int | None, upto: dt.date | None = None):
    """Half-year (``half`` 1 or 2) or annual (None) totals: per agent the month totals (kept when
    signed off, else computed; months after ``upto`` left out), their sum and rank (ties share).
    Returns (rows, months) with rows sorted by rank then by name in pinyin order."""
    people = sorted(agents, key=lambda p: (p.sort_key, p.name))
    months = [m for m in period_months(year, half) if upto is None or m <= upto]
    per: dict[int, dict] = {p.pk: {} for p in people}
    for m in months:
        for p, d in appraisals_get(agents=people, month=m, persist=False):
            if d:
                per[p.pk][m] = d["total"]
    ranked = rank_totals([(str(p.pk), list(per[p.pk].values())) for p in people])
    by_pk = {p.pk: p for p in people}
    rows = [
        {"person": by_pk[int(r.key)], "total": r.total, "months": r.months, "rank": r.rank,
         "by_month": [per[int(r.key)].get(m) for m in months]}
        for r in ranked
    ]  # fmt: skip
    return rows, months
