"""The Django admin does not bypass versioning and audit: versioned settings are read-only there
(list and detail kept, no add/change/delete), with a pointer to the settings page."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from hotline.feedback.models import FeedbackSettings
from hotline.performance.models import RuleSetVersion
from hotline.quality.models import QualitySettings
from hotline.reports.models import KpiTarget
from hotline.workforce.models import DrillSettings

MODELS = [FeedbackSettings, QualitySettings, RuleSetVersion, KpiTarget, DrillSettings]


@pytest.fixture
def su(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return client


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_superuser_lists_versioned_settings_but_may_not_add_change_or_delete(su, model):
    model_admin = admin.site._registry[model]
    request = su.get("/").wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request) and not model_admin.has_delete_permission(request)
    r = su.get(_url(model, "changelist"))
    assert r.status_code == 200 and reverse(model_admin.settings_url_name) in r.content.decode()
    assert su.get(_url(model, "add")).status_code == 403


def test_a_feedback_settings_row_opens_read_only_and_cannot_be_posted_or_deleted(su):
    row = FeedbackSettings.objects.create(approval_days=4)
    r = su.get(_url(FeedbackSettings, "change", row.pk))
    assert r.status_code == 200 and 'name="_save"' not in r.content.decode()
    assert su.post(_url(FeedbackSettings, "change", row.pk), {"approval_days": 9}).status_code == 403
    assert su.post(_url(FeedbackSettings, "delete", row.pk), {"post": "yes"}).status_code == 403
    row.refresh_from_db()
    assert row.approval_days == 4
