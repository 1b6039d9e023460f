"""A center's rule pack of automatic inspection, versioned (§8; issue 14 item 7).

The pack lives on the policy mechanism (kind ``rule_pack``, :class:`~hotline.inspection.models.RulePack`):
a call is judged by the pack in force on its date; a new pack is a new version from a day on, never an
edit of the past. An empty pack (no version yet, or ``rules == []``) is the default pack.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.utils.translation import gettext

from hotline.core.errors import InvalidInput
from hotline.core.inspection import rules as rules_core
from hotline.core.inspection.rulepack import RAW_RULES
from hotline.org.models import Center
from hotline.org.policies import next_free_day, policy_append, policy_in_force

from .models import RulePack

MAX_RULES = 200


class RulePackError(InvalidInput):
    """The pack was refused (message in the reader's language)."""


def rule_pack_for(center: Center | None, day: dt.date) -> RulePack:
    """The version in force for ``center`` on ``day`` (an unsaved row when none was set)."""
    return policy_in_force("rule_pack", center, day)


def rule_pack_raw(pack: RulePack) -> list[dict]:
    """The pack's rules as editable data: the stored list, or a copy of the default pack."""
    return copy.deepcopy(pack.rules) if pack.rules else copy.deepcopy(RAW_RULES)


_COMPILED: dict[tuple, tuple] = {}


def rules_in_force(center: Center | None, day: dt.date) -> tuple[rules_core.Rule, ...]:
    """The compiled rules a call of ``center`` on ``day`` is judged by (disabled rules left out)."""
    pack = rule_pack_for(center, day)
    if not pack.rules:
        return rules_core.DEFAULT_RULES
    key = (pack.pk, pack.effective_from)
    if key not in _COMPILED:
        if len(_COMPILED) > 64:
            _COMPILED.clear()
        _COMPILED[key] = rules_core.compile_rules(
            [r for r in pack.rules if r.get("enabled", True) is not False]
        )
    return _COMPILED[key]


def rule_pack_save(*, center: Center, rules: list[dict], note: str = "", effective_from: dt.date | None = None,
                   actor=None, today: dt.date | None = None) -> RulePack:  # fmt: skip
    """Append a version of ``center``'s pack from ``effective_from`` (default: the first free day);
    the rules are checked by the engine first; audited."""
    if not isinstance(rules, list) or not rules:
        raise RulePackError(gettext("规则包至少要有一条规则"))
    if len(rules) > MAX_RULES:
        raise RulePackError(gettext("规则包最多 %(n)d 条规则") % {"n": MAX_RULES})
    try:
        rules_core.compile_rules(rules)
    except rules_core.RuleError as exc:
        raise RulePackError(gettext("规则有误：%(reason)s") % {"reason": exc}) from None
    today = today or center.today()
    return policy_append(
        "rule_pack", center=center, today=today, actor=actor, error=RulePackError,
        effective_from=effective_from or next_free_day("rule_pack", center, today),
        values={"rules": rules, "note": (note or "")[:200]},
    )  # fmt: skip
