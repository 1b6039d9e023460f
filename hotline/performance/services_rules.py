"""Versions of the appraisal rules (§6) as data: a new version from the 1st of a month on, for one
center or for every center (the global scope).

A center's own version in force wins over the global one (``policy_in_force``); a center's manager
writes the center's versions, an administrator any scope. The past is never rewritten: a new version
may not start before the current month, nor on or before an existing version of the same scope
(versions are appended; the one in force in that scope ends the day before). While no global version
is stored the manual's defaults apply (``DEFAULT_RULE_SETS``, with the November 2026 switch); the first
saved version (of any scope) writes those defaults first as global versions, so the switch is a
version like any other. Every change is audited with ``audit_record`` (before = the rules in force
for the scope on that date).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotline.core.appraisal import DEFAULT_RULE_SETS, QA_MODES, RuleSet
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
    if RuleSetVersion.objects.filter(center__isnull=True).exists():
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
    *,
    effective_from: dt.date,
    params: dict,
    note: str = "",
    actor=None,
    today: dt.date | None = None,
    center=None,
) -> RuleSetVersion:
    """A new rule version of ``center`` (None: global) from ``effective_from`` (the 1st of a month) on;
    ``params`` are RuleSet fields (missing ones are taken from the rules in force for the scope then)."""
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
    scope = RuleSetVersion.objects.filter(center=center)
    no_globals = not RuleSetVersion.objects.filter(center__isnull=True).exists()
    if scope.filter(effective_from__gte=effective_from).exists() or (
        center is None and no_globals and any(r.effective_from >= effective_from for r in DEFAULT_RULE_SETS)
    ):
        raise RulesError(_("该月或之后已有规则版本：新版本须晚于现有的所有版本"))
    _seed_defaults()
    current = selectors.rules_in_force(center, effective_from)
    merged = {**rule_params(current), **params}
    try:
        RuleSet(effective_from=effective_from, **merged)
    except (TypeError, ValueError) as exc:
        raise RulesError(str(exc)) from exc
    ending = scope.filter(effective_from__lt=effective_from, effective_to__isnull=True).first()
    if ending is not None:  # the version in force ends the day before (hotline.org.policies)
        ending.effective_to = effective_from - dt.timedelta(days=1)
        ending.save(update_fields=["effective_to"])
        audit_record(actor=actor, action="performance.rules.end", obj=ending, before=None,
                     after={"effective_to": ending.effective_to.isoformat()})  # fmt: skip
    row = RuleSetVersion.objects.create(
        center=center, effective_from=effective_from, params=merged, note=note.strip()[:200]
    )
    audit_record(
        actor=actor, action="performance.rules.create", obj=row,
        before={"effective_from": current.effective_from.isoformat(), **rule_params(current)},
        after={"center": getattr(center, "code", None), "effective_from": effective_from.isoformat(), **merged},
    )  # fmt: skip
    return row


def _scope_items(center) -> tuple[list, bool]:
    rows = list(RuleSetVersion.objects.filter(center=center).order_by("effective_from"))
    if rows:
        items = [(r.effective_from, r.note, rule_params(selectors.rule_set_of(r))) for r in rows]
        return items, True
    if center is not None:
        return [], False
    return [(r.effective_from, _("考核手册默认规则"), rule_params(r)) for r in DEFAULT_RULE_SETS], False


def rule_history(center=None) -> list[dict]:
    """Every version of the scope, newest first, with its last day (None: open-ended) and parameters.
    For a center: its own versions and the global ones, each marked with its scope (``own``); a global
    version is listed while no own version has started (the center's own wins from its first day)."""
    items, stored = _scope_items(None)
    out = []
    for i, (start, note, params) in enumerate(items):
        end = items[i + 1][0] - dt.timedelta(days=1) if i + 1 < len(items) else None
        out.append({"effective_from": start, "effective_to": end, "note": note, "params": params,
                    "stored": stored, "own": False})  # fmt: skip
    if center is not None:
        own, _stored = _scope_items(center)
        if own:
            first_own = own[0][0]
            out = [h for h in out if h["effective_from"] < first_own]
            if out and (out[-1]["effective_to"] is None or out[-1]["effective_to"] >= first_own):
                out[-1]["effective_to"] = first_own - dt.timedelta(days=1)
            for i, (start, note, params) in enumerate(own):
                end = own[i + 1][0] - dt.timedelta(days=1) if i + 1 < len(own) else None
                out.append({"effective_from": start, "effective_to": end, "note": note, "params": params,
                            "stored": True, "own": True})  # fmt: skip
    return out[::-1]


def rule_set_append(*, center=None, effective_from: dt.date, actor=None, params: dict | None = None,
                    note: str = "") -> RuleSetVersion:  # fmt: skip
    """``rule_set_create`` as a policy kind's service (``/api/policies/appraisal_rules``), for a center
    or (None) every center."""
    return rule_set_create(
        center=center, effective_from=effective_from, params=dict(params or {}), note=note, actor=actor
    )
