"""``/feedback/settings/``: versioned feedback settings (approval and dispute windows, training
threshold, webhook …), edited by managers (their center) and administrators (global), audited; the
services read the version in force on the relevant date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hotline.feedback.models import FeedbackSettings
from hotline.feedback.services import settings_for
from hotline.feedback.services.policies import FeedbackSettingsError, feedback_settings_create
from hotline.org.models import AuditEntry

URL = reverse("feedback:settings")
TODAY = dt.date(2026, 11, 20)


def post_data(**over) -> dict:
    d = {
        "approval_days": 4, "dispute_working_days": 6, "certification_tolerance": 5, "training_threshold": 0.25,
        "training_min_agents": 2, "training_due_days": 14, "retaliation_n": 5, "retaliation_drop": 5,
        "webhook_url": "", "webhook_secret": "", "effective_from": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
    }  # fmt: skip
    d.update(over)
    return d


def test_a_manager_adds_a_version_for_their_center_and_it_is_audited(personas, login):
    client = login(personas.manager)
    r = client.post(URL, {**post_data(), "center": personas.center.code})
    assert r.status_code == 302
    row = FeedbackSettings.objects.get(center=personas.center)
    assert row.approval_days == 4 and row.effective_from == timezone.localdate() + dt.timedelta(days=1)
    assert AuditEntry.objects.filter(action="feedback.settings.create", object_id=str(row.pk)).exists()
    page = client.get(URL + f"?center={personas.center.code}")
    assert page.status_code == 200 and [s.pk for s in page.context["history"]] == [row.pk]


def test_a_manager_may_read_but_not_change_the_global_settings(personas, login):
    client = login(personas.manager)
    r = client.get(URL + "?center=*")
    assert r.status_code == 200 and not r.context["can_edit"]
    assert client.post(URL, {**post_data(), "center": "*"}).status_code == 403
    assert not FeedbackSettings.objects.exists()


def test_an_admin_adds_a_global_version(personas, login):
    r = login(personas.admin).post(URL, {**post_data(approval_days=2), "center": "*"})
    assert r.status_code == 302 and FeedbackSettings.objects.get(center=None).approval_days == 2


def test_another_centers_manager_is_refused_this_center(personas, login):
    r = login(personas.outsider).get(URL + f"?center={personas.center.code}")
    assert r.status_code == 403


@pytest.mark.parametrize("who", ["agent", "monitor", "trainer", "planner", "leader"])
def test_other_roles_are_refused(personas, login, who):
    client = login(getattr(personas, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {**post_data(), "center": personas.center.code}).status_code == 403


def test_a_new_version_ends_the_one_in_force_and_the_services_read_the_version_of_the_date(personas):
    c = personas.center
    first = feedback_settings_create(
        center=c, effective_from=TODAY, today=TODAY, approval_days=3, webhook_secret="s1"
    )
    second = feedback_settings_create(
        center=c, effective_from=dt.date(2026, 12, 1), today=TODAY, approval_days=5
    )
    first.refresh_from_db()
    assert first.effective_to == dt.date(2026, 11, 30)
    assert settings_for(c, dt.date(2026, 11, 30)).approval_days == 3
    assert settings_for(c, dt.date(2026, 12, 1)).approval_days == 5
    assert second.webhook_secret == "s1"  # left out: kept from the version in force
    assert settings_for(c, dt.date(2026, 11, 1)).pk is None  # before any version: the defaults


def test_the_past_is_never_rewritten(personas):
    c = personas.center
    feedback_settings_create(center=c, effective_from=TODAY, today=TODAY)
    with pytest.raises(FeedbackSettingsError):
        feedback_settings_create(
            center=c, effective_from=TODAY - dt.timedelta(days=1), today=TODAY - dt.timedelta(days=5)
        )
    with pytest.raises(FeedbackSettingsError):
        feedback_settings_create(
            center=c, effective_from=TODAY - dt.timedelta(days=1), today=TODAY + dt.timedelta(days=1)
        )
    with pytest.raises(FeedbackSettingsError):
        feedback_settings_create(
            center=c, effective_from=TODAY + dt.timedelta(days=3), today=TODAY, training_threshold=1.5
        )


def test_the_secret_never_reaches_the_audit_trail(personas):
    feedback_settings_create(center=None, effective_from=TODAY, today=TODAY, webhook_secret="top-secret")
    assert "top-secret" not in str(list(AuditEntry.objects.values_list("after", flat=True)))


def test_the_dispute_window_is_the_one_in_force_when_the_evaluation_was_published(personas, monkeypatch):
    from hotline.feedback.services import disputes as sd

    feedback_settings_create(
        center=personas.center, effective_from=TODAY, today=TODAY, dispute_working_days=5
    )
    feedback_settings_create(center=personas.center, effective_from=TODAY + dt.timedelta(days=10), today=TODAY,
                             dispute_working_days=1)  # fmt: skip
    published = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)  # a Monday, first version in force
    monkeypatch.setattr(sd, "published_at", lambda ev: published)

    class Ev:
        class session:
            class agent:
                center = personas.center

    assert sd.dispute_deadline(Ev) == dt.date(2026, 11, 30)  # five working days, not one
