"""Versions of the appraisal rules (§6) as data: a new version from the 1st of a month on.

The rules are global (``RuleSetVersion`` has no center), so only an administrator writes them.
The past is never rewritten: a new version may not start before the current month, nor on or before
an existing version (versions are appended; the one in force simply ends the day before). While the
table is empty the manual's defaults apply (``DEFAULT_RULE_SETS``, with the November 2026 switch);
the first saved version writes those defaults first, so months before it keep them.
Every change is audited with ``audit_record`` (before = the version in force on that date).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotline.core.appraisal import DEFAULT_RULE_SETS, QA_MODES, RuleSet, rules_for
from hotline.core.errors import InvalidInput
from hotline.org.services import audit_record

from . import selectors
from .models import RuleSetVersion


class RulesError(InvalidInput):
    """The new rule version was refused (message in the user's language)."""


EDITABLE = tuple(f.name for f in dataclasses.fields(RuleSet) if f.name not in ("effective_from", "money"))


def rule_params(r: RuleSet) -> dict:
    """The editable fields of a rule set (what ``RuleSetVersion.params`` holds)."""
    return {name: getattr(r, name) for name in EDITABLE}


def _seed_defaults() -> None:
    if RuleSetVersion.objects.exists():
        return
    rows = sorted(DEFAULT_RULE_SETS, key=lambda r: r.effective_from)
    for i, r in enumerate(rows):
        end = rows[i + 1].effective_from - dt.timedelta(days=1) if i + 1 < len(rows) else None
        RuleSetVersion.objects.create(
            effective_from=r.effective_from,
            effective_to=end,
            params=rule_params(r),
            note=_("考核手册默认规则"),
        )


@transaction.atomic
def rule_set_create(
    *, effective_from: dt.date, params: dict, note: str = "", actor=None, today: dt.date | None = None
) -> RuleSetVersion:
    """A new rule version from ``effective_from`` (the 1st of a month) on; ``params`` are RuleSet
    fields (missing ones are taken from the version in force on that date)."""
    today = today or timezone.localdate()
    if effective_from.day != 1:
        raise RulesError(_("考核规则按月生效：生效日期须为某月1日"))
    if effective_from < today.replace(day=1):
        raise RulesError(_("生效日期不能早于本月：已结束月份的规则不能改写"))
    unknown = set(params) - set(EDITABLE)
    if unknown:
        raise RulesError(_("未知的规则参数：%(names)s") % {"names": ", ".join(sorted(unknown))})
    if params.get("qa_mode", QA_MODES[-1]) not in QA_MODES:
        raise RulesError(_("质检扣分方式无效"))
    list(RuleSetVersion.objects.select_for_update().all())  # serialise concurrent edits
    if RuleSetVersion.objects.filter(effective_from__gte=effective_from).exists() or (
        not RuleSetVersion.objects.exists()
        and any(r.effective_from >= effective_from for r in DEFAULT_RULE_SETS)
    ):
        raise RulesError(_("该月或之后已有规则版本：新版本须晚于现有的所有版本"))
    _seed_defaults()
    current = rules_for(effective_from, selectors.rule_sets())
    merged = {**rule_params(current), **params}
    try:
        RuleSet(effective_from=effective_from, **merged)
    except (TypeError, ValueError) as exc:
        raise RulesError(str(exc)) from exc
    ending = RuleSetVersion.objects.filter(
        effective_from__lt=effective_from, effective_to__isnull=True
    ).first()
    if ending is not None:  # the version in force ends the day before (hotline.org.policies)
        ending.effective_to = effective_from - dt.timedelta(days=1)
        ending.save(update_fields=["effective_to"])
        audit_record(actor=actor, action="performance.rules.end", obj=ending, before=None,
                     after={"effective_to": ending.effective_to.isoformat()})  # fmt: skip
    row = RuleSetVersion.objects.create(effective_from=effective_from, params=merged, note=note.strip()[:200])
    audit_record(
        actor=actor, action="performance.rules.create", obj=row,
        before={"effective_from": current.effective_from.isoformat(), **rule_params(current)},
        after={"effective_from": effective_from.isoformat(), **merged},
    )  # fmt: skip
    return row


def rule_history() -> list[dict]:
    """Every version, newest first, with its last day (None: open-ended) and its parameters."""
    rows = list(RuleSetVersion.objects.order_by("effective_from"))
    if rows:
        items = [
            (r.effective_from, r.note, {**rule_params(DEFAULT_RULE_SETS[0]), **(r.params or {})})
            for r in rows
        ]
        stored = True
    else:
        items = [(r.effective_from, _("考核手册默认规则"), rule_params(r)) for r in DEFAULT_RULE_SETS]
        stored = False
    out = []
    for i, (start, note, params) in enumerate(items):
        end = items[i + 1][0] - dt.timedelta(days=1) if i + 1 < len(items) else None
        out.append(
            {"effective_from": start, "effective_to": end, "note": note, "params": params, "stored": stored}
        )
    return out[::-1]


def rule_set_append(*, center=None, effective_from: dt.date, actor=None, params: dict | None = None,
                    note: str = "") -> RuleSetVersion:  # fmt: skip
    """``rule_set_create`` as a policy kind's service (``/api/policies/appraisal_rules``): the rules are
    global, so a center scope is refused."""
    if center is not None:
        raise RulesError(_("考核规则是全局的：不能按中心设置"))
    return rule_set_create(effective_from=effective_from, params=dict(params or {}), note=note, actor=actor)
