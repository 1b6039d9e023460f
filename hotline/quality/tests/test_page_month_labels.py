"""Issue 13.6: the score trends are labelled with months in the reader's language ("2026年7月" / "July 2026")."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize(("lang", "first", "last"), [("zh-hans", "2026年2月", "2026年7月"),
                                                     ("en", "February 2026", "July 2026")])  # fmt: skip
def test_trend_months_in_the_readers_language(personas, login, lang, first, last):
    client = login(personas.manager)
    client.cookies["django_language"] = lang
    r = client.get("/quality/scores/", {"month": "2026-07"})
    for key in ("agent_trend", "team_trend"):
        traces = json.loads(r.context[key])
        assert traces and all(t["x"][0] == first and t["x"][-1] == last for t in traces)
    assert 'type: "category"' in r.content.decode()  # Plotly must not re-read the labels as English dates
