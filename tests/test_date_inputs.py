"""Every date input is rendered as an ISO date, whatever the language (issue 13.3).

zh-hans' DATE_INPUT_FORMATS start with ``%Y/%m/%d``: Django's DateInput rendered ``2026/12/03``, which an
``<input type=date>`` rejects (the field showed empty). The product uses one widget (hotline.org.widgets).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

PAGES = [
    ("/reports/targets/", "manager"),
    ("/quality/settings/", "manager"),
    ("/feedback/settings/", "manager"),
    ("/workforce/forecast/", "planner"),
    ("/workforce/rosters/", "planner"),
    ("/org/absences/", "manager"),
    ("/calls/", "manager"),
    ("/inspection/risk/", "manager"),
]
DATE_INPUT = re.compile(r"<input[^>]*type=\"date\"[^>]*>")


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize(("url", "who"), PAGES)
def test_date_inputs_carry_iso_values(personas, login, url, who, lang):
    with time_machine.travel(dt.datetime(2026, 12, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        client = login(getattr(personas, who))
        client.cookies["django_language"] = lang
        resp = client.get(url)
        assert resp.status_code == 200
        html = resp.content.decode()
    inputs = DATE_INPUT.findall(html)
    assert inputs, url
    values = [m for i in inputs for m in re.findall(r'value="([^"]*)"', i)]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values), (url, values)
    if url in ("/reports/targets/", "/quality/settings/", "/feedback/settings/", "/workforce/forecast/",
               "/workforce/rosters/"):  # fmt: skip
        assert values, (url, inputs)  # the default date is there, not an empty field


def test_no_form_uses_djangos_localized_date_widgets_directly():
    root = Path(__file__).resolve().parents[1] / "hotline"
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "tests" not in p.parts and p.name != "widgets.py"
        and re.search(r"forms\.(DateInput|DateTimeInput)\(", p.read_text(encoding="utf-8"))
    ]  # fmt: skip
    assert offenders == [], "use hotline.org.widgets.DateInput / DateTimeInput (ISO values)"
