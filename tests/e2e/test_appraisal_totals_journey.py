"""The half-year totals in the browser (§6, the appraisal manual: 半年、年总分作为奖励或处罚的依据): the manager
goes from the appraisal table to the half-year totals, reads the ranking with its tie and first place,
switches to the whole year, and downloads the XLSX — in Chinese."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hotline.performance.models import Incident
from tests.e2e.conftest import click_nav

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-12-07T10:00"),
]


def test_a_manager_reads_the_half_year_ranking_and_downloads_it(personas, sign_in):
    # −5 in July (张三), −5 in August (李四), −2 in September (王五): 王五 first, 李四 and 张三 tie for second
    for person, day, points in ((personas.agent, dt.date(2026, 7, 3), 5), (personas.peer, dt.date(2026, 8, 3), 5),
                                (personas.stranger, dt.date(2026, 9, 3), 2)):  # fmt: skip
        Incident.objects.create(key=f"v{person.pk}", agent=person, type="violation", date=day, points=points)
    page = sign_in(personas.manager)
    click_nav(page, "绩效考核")
    page.wait_for_selector("text=半年与全年总分")
    page.click("text=半年与全年总分")
    page.select_option("select[name=half]", "2")
    with page.expect_navigation():
        page.click("form.filters button")
    assert "王五（8003）" in page.inner_text("#first-place")
    ranks = [
        (r.locator("td").nth(0).inner_text(), r.locator("td").nth(2).inner_text())
        for r in page.locator("#totals tbody tr").all()
    ]
    assert ranks[:3] == [("1", "王五"), ("2", "李四"), ("2", "张三")]  # a tie keeps one rank, pinyin order
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "appraisal-totals.png"), full_page=True)
    with page.expect_download() as caught:
        page.click("text=导出 XLSX")
    ws = load_workbook(io.BytesIO(open(caught.value.path(), "rb").read())).active
    assert ws["B2"].value == "王五" and [ws.cell(row=i, column=1).value for i in (4, 5, 6)] == [1, 2, 2]
