"""Issue 13.6 on the reports pages: month labels in the reader's language, rate targets as percentages."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.reports.models import KpiTarget

from .helpers import month_of_calls


@pytest.mark.parametrize(("lang", "label"), [("zh-hans", "2026年10月"), ("en", "October 2026")])
def test_month_trend_labels_are_in_the_readers_language(personas, login, lang, label):
    month_of_calls(personas, day_count=3)
    client = login(personas.manager)
    client.cookies["django_language"] = lang
    r = client.get("/reports/", {"date_from": "2026-10-01", "date_to": "2026-10-31", "period": "month"})
    assert r.context["chart"]["labels"] == [label]


def test_day_labels_stay_iso_dates(personas, login):
    month_of_calls(personas, day_count=2)
    r = login(personas.manager).get(
        "/reports/", {"date_from": "2026-10-01", "date_to": "2026-10-31", "period": "day"}
    )
    assert all(len(x) == 10 and x[4] == "-" for x in r.context["chart"]["labels"])


def test_rate_targets_show_as_percentages_and_durations_in_seconds(personas, login):
    KpiTarget.objects.create(kpi="abandonment_rate", center=personas.center, value=0.05,
                             effective_from=dt.date(2026, 1, 1))  # fmt: skip
    KpiTarget.objects.create(
        kpi="service_level", center=personas.center, value=0.8, effective_from=dt.date(2026, 1, 1)
    )
    KpiTarget.objects.create(kpi="aht", center=personas.center, value=300, effective_from=dt.date(2026, 1, 1))
    page = login(personas.manager).get("/reports/targets/?center=langfang").content.decode()
    in_force = page.split('id="in-force"')[1].split("</table>")[0]
    history = page.split('id="history"')[1].split("</table>")[0]
    for table in (in_force, history):
        assert "5%" in table and "80%" in table and "300 秒" in table
        assert ">0.05<" not in table and ">0.8<" not in table


def test_charts_load_the_chinese_date_locale_after_plotly(personas, login):
    html = login(personas.manager).get("/reports/").content.decode()
    assert html.index("vendor/plotly/plotly.min.js") < html.index("hotline/plotly-locale.js")
