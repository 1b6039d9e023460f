"""One way to version a policy (issue 11): every versioned policy shares ``VersionedPolicy``, is in the
registry, and is appended — never edited — through ``policy_append``, so a past day keeps its rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from hotline.org.models import AuditEntry
from hotline.org.policies import (
    POLICY_KINDS,
    VersionedPolicy,
    VersionError,
    next_free_day,
    policy_append,
    policy_history,
    policy_in_force,
)

D = dt.date


def test_every_versioned_model_shares_the_base_and_is_registered():
    versioned = {m for m in apps.get_models() if issubclass(m, VersionedPolicy)}
    assert {k.model for k in POLICY_KINDS.values()} == versioned
    names = {m.__name__ for m in versioned}
    assert {"QualitySettings", "FeedbackSettings", "IntradaySettings", "RiskPolicy", "KpiTarget",
            "RuleSetVersion"} <= names  # fmt: skip
    # no model outside the base carries its own effective dates
    drifting = [
        m.__name__ for m in apps.get_models()
        if not issubclass(m, VersionedPolicy) and {"effective_from"} & {f.name for f in m._meta.fields}
    ]  # fmt: skip
    assert drifting == []


@pytest.mark.django_db
def test_append_ends_the_version_in_force_and_audits_both(personas):
    kw = {"center": personas.center, "today": D(2026, 11, 1), "actor": personas.planner.user}
    first = policy_append("intraday", values={"volume_over": 0.4, "staff_under": 0.2},
                          effective_from=D(2026, 11, 1), **kw)  # fmt: skip
    second = policy_append("intraday", values={"volume_over": 0.9, "staff_under": 0.3},
                           effective_from=D(2026, 11, 15), **kw)  # fmt: skip
    first.refresh_from_db()
    assert first.effective_to == D(2026, 11, 14) and second.effective_to is None
    assert policy_in_force("intraday", personas.center, D(2026, 11, 14)).volume_over == 0.4
    assert policy_in_force("intraday", personas.center, D(2026, 11, 15)).volume_over == 0.9
    assert policy_in_force("intraday", personas.center, D(2026, 10, 31)).pk is None  # the defaults
    assert policy_in_force("intraday", personas.other_center, D(2026, 11, 20)).volume_over == 0.5
    assert [v.pk for v in policy_history("intraday", personas.center)] == [second.pk, first.pk]
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "intraday_settings.create", "intraday_settings.end", "intraday_settings.create",
    ]  # fmt: skip


@pytest.mark.django_db
def test_the_past_is_never_rewritten(personas):
    kw = {"center": personas.center, "values": {"volume_over": 0.4, "staff_under": 0.2}}
    policy_append("intraday", effective_from=D(2026, 11, 10), today=D(2026, 11, 10), **kw)
    with pytest.raises(VersionError):  # before today
        policy_append("intraday", effective_from=D(2026, 11, 9), today=D(2026, 11, 10), **kw)
    with pytest.raises(VersionError):  # on or before an existing version
        policy_append("intraday", effective_from=D(2026, 11, 10), today=D(2026, 11, 10), **kw)
    assert next_free_day("intraday", personas.center, D(2026, 11, 10)) == D(2026, 11, 11)
    assert next_free_day("intraday", personas.other_center, D(2026, 11, 10)) == D(2026, 11, 10)


@pytest.mark.django_db
def test_a_global_version_applies_where_a_center_has_none_and_the_own_one_wins(personas):
    policy_append("risk", center=None, values={"enabled": True, "threshold": 70, "max_per_agent_per_period": 1},
                  effective_from=D(2026, 11, 1), today=D(2026, 11, 1))  # fmt: skip
    policy_append("risk", center=personas.center, today=D(2026, 11, 1), effective_from=D(2026, 11, 5),
                  values={"enabled": True, "threshold": 40, "max_per_agent_per_period": 2})  # fmt: skip
    assert policy_in_force("risk", personas.other_center, D(2026, 11, 6)).threshold == 70
    assert policy_in_force("risk", personas.center, D(2026, 11, 6)).threshold == 40
    assert policy_in_force("risk", personas.center, D(2026, 11, 2)).threshold == 70


@pytest.mark.django_db
def test_secrets_never_reach_the_audit_trail(personas):
    policy_append("feedback", center=personas.center, values={"webhook_secret": "s3cr3t"},
                  effective_from=D(2026, 11, 1), today=D(2026, 11, 1))  # fmt: skip
    entry = AuditEntry.objects.get(action="feedback.settings.create")
    assert entry.after["webhook_secret"] is True and "s3cr3t" not in str(entry.after)


def test_a_kind_refuses_fields_it_does_not_version():
    with pytest.raises(TypeError):
        policy_append("intraday", center=None, values={"center_id": 2}, effective_from=D(2026, 11, 1),
                      today=D(2026, 11, 1))  # fmt: skip
