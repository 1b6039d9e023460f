"""Labels in the reader's language on the feedback pages (issue 13): periods and chart months written
for the reader ("2026年11月上半月", "November 2026"), never the stored code, and rates as percentages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from hotline.feedback.models import TrainingEntry
from hotline.org.formats import period_name

from .helpers import NON_CRITICAL, submitted_session

pytestmark = pytest.mark.clock("2026-11-20T10:00")


def test_period_names_in_both_languages():
    with translation.override("zh-hans"):
        assert period_name("2026-11-H1") == "2026年11月上半月"
        assert period_name("2026-11-H2") == "2026年11月下半月"
        assert period_name("2026-07") == "2026年7月"
        assert period_name("2026-13") == "2026-13" and period_name("其他") == "其他"
    with translation.override("en"):
        assert period_name("2026-07") == "July 2026"
        assert period_name("2026-11-H1").startswith("November 2026")


@pytest.fixture
def entry(personas):
    submitted_session(personas.agent, personas.monitor, failed=NON_CRITICAL[:1], day=dt.date(2026, 11, 5))
    e = TrainingEntry.objects.create(center=personas.center, period="2026-11-H1", item_key=NON_CRITICAL[0],
                                     topic="规范问候", failure_rate=0.25, due_date=dt.date(2026, 12, 1))  # fmt: skip
    e.agents.set([personas.agent])
    return e


@pytest.mark.parametrize(("lang", "label", "raw"), [("zh-hans", "2026年11月上半月", "2026-11-H1"),
                                                     ("en", "November 2026", "2026-11-H1")])  # fmt: skip
def test_the_training_pages_and_chart_name_the_periods(personas, login, entry, lang, label, raw):
    c = login(personas.trainer)
    c.cookies["django_language"] = lang
    listing = c.get(reverse("feedback:training")).content.decode()
    assert label in listing.split('id="training"')[1]
    page = c.get(reverse("feedback:training_entry", args=[entry.pk])).content.decode()
    chart = page.split("<svg")[1].split("</svg>")[0]
    assert label in chart and f">{raw}<" not in chart
    assert raw not in page.split('id="progress"')[1].split("</thead>")[0]


def test_consistency_chart_months_and_the_threshold_as_percent(personas, login):
    submitted_session(personas.agent, personas.monitor, failed=NON_CRITICAL[:1], day=dt.date(2026, 11, 5))
    c = login(personas.manager)
    page = c.get(reverse("feedback:consistency")).content.decode()
    assert "2026年11月" in page and ">2026-11<" not in page
    settings_page = c.get(reverse("feedback:settings")).content.decode()
    assert "20%" in settings_page.split('id="in-force"')[1] and ">0.2<" not in settings_page


def test_the_wrong_role_and_another_center_are_refused(personas, login, entry):
    assert login(personas.agent).get(reverse("feedback:training")).status_code == 403
    assert (
        login(personas.outsider).get(reverse("feedback:training_entry", args=[entry.pk])).status_code == 404
    )


def test_the_agents_quality_page_names_the_half_month(personas, login):
    submitted_session(personas.agent, personas.monitor, day=dt.date(2026, 11, 5))
    page = login(personas.agent).get(reverse("quality:mine")).content.decode()
    assert "2026年11月上半月" in page and ">2026-11-H1<" not in page


def test_the_analysis_trend_chart_names_the_half_months(personas, login):
    from hotline.feedback.services.analysis import analysis_create

    submitted_session(personas.agent, personas.monitor, failed=NON_CRITICAL[:1], day=dt.date(2026, 11, 5))
    a = analysis_create(center=personas.center, monitor=personas.monitor, scope="half", period="2026-11-H1")
    page = login(personas.monitor).get(reverse("feedback:analysis", args=[a.pk])).content.decode()
    assert "2026年11月上半月" in page.split("<svg")[1] and ">2026-11-H1<" not in page
