"""The monthly operations analysis report (§7): page, commentary, PDF with the CJK font, XLSX."""

import io
import re
import zlib

from django.urls import reverse
from openpyxl import load_workbook

from hotline.org.models import AuditEntry
from hotline.reports.models import MonthlyReport

from .helpers import month_of_calls


def url(personas, name="reports:monthly"):
    return reverse(name, args=[personas.center.pk, "2026-10"])


def test_the_report_shows_every_section(personas, login):
    month_of_calls(personas)
    r = login(personas.manager).get(url(personas))
    assert r.status_code == 200
    rep = r.context["r"]
    assert rep.month_row.offered == 40
    assert rep.sat_n == 2 and rep.sat_share == 0.5 and rep.sat_source == "surveys"
    assert [(c.name, round(c.fcr, 3), c.meets) for c in rep.companies] == [("长沙有限公司", 0.667, True)]
    html = r.content.decode()
    assert "希望缩短排队等待时间" in html and "<svg" in html and "本月暂无质检月度得分" in html


def test_the_manager_saves_commentary_and_it_is_audited(personas, login):
    c = login(personas.manager)
    assert c.post(url(personas), {"commentary": "本月放弃率偏高，增加早班人手。"}).status_code == 302
    assert MonthlyReport.objects.get().commentary == "本月放弃率偏高，增加早班人手。"
    assert AuditEntry.objects.filter(action="report.commentary").exists()
    assert "增加早班人手" in c.get(url(personas)).content.decode()


def test_a_planner_reads_but_cannot_write_commentary(personas, login):
    c = login(personas.planner)
    assert c.get(url(personas)).status_code == 200
    assert c.post(url(personas), {"commentary": "x"}).status_code == 403


def test_agents_team_leaders_and_other_centers_are_refused(personas, login):
    for who in (personas.agent, personas.leader, personas.monitor, personas.outsider):
        assert login(who).get(url(personas)).status_code == 403
        assert login(who).get(url(personas, "reports:monthly_pdf")).status_code == 403


def test_the_pdf_starts_with_pdf_and_embeds_the_cjk_font(personas, login):
    month_of_calls(personas, day_count=3)
    MonthlyReport.objects.create(center=personas.center, month="2026-10-01", commentary="点评")
    r = login(personas.manager).get(url(personas, "reports:monthly_pdf"))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert b"Noto-Sans-CJK-SC" in inflated(r.content)


def inflated(pdf: bytes) -> bytes:
    """The PDF with every Flate stream decompressed (font names sit in compressed object streams)."""
    out = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    return b"".join(out)


def test_the_xlsx_opens_with_openpyxl(personas, login):
    month_of_calls(personas, day_count=3)
    r = login(personas.manager).get(url(personas, "reports:monthly_xlsx"))
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[:2] == ["概要", "每日"]
    assert list(wb["每日"].iter_rows(values_only=True))[1][0] == "2026-10-01"
    assert any(row[2] == "希望缩短排队等待时间" for row in wb["客户建议"].iter_rows(values_only=True))


def test_the_qa_summary_reads_the_quality_apps_monthly_scores(personas, login, monkeypatch):
    from types import SimpleNamespace

    from hotline.quality import selectors as quality

    scores = {"8001": 90.0, "8002": 70.0, "8003": None}
    monkeypatch.setattr(
        quality, "monthly_scores",
        lambda agents, y, m: [SimpleNamespace(agent=a, result=SimpleNamespace(score=scores[a.work_number])) for a in agents],
    )  # fmt: skip
    rep = login(personas.manager).get(url(personas)).context["r"]
    assert (rep.qa_n, rep.qa_mean) == (2, 80.0)
    assert rep.qa_low[0] == ("李四（8002）", 70.0)
