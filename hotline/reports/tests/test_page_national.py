"""The national report page, its PDF and XLSX (§7, seed 003): every section, centers side by side,
who sees which center (a manager never sees another center's numbers), texts saved and audited."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hotline.org.models import AuditEntry, Role
from hotline.org.tests.factories import PersonFactory
from hotline.reports.models import NationalNote, Survey, SurveyAnswer, SurveyReply
from hotline.reports.services_national import survey_define

from .national_helpers import two_centers_of_calls

SECTIONS = (
    "一、呼入量与放弃率",
    "二、平均处理时间",
    "三、人工解决率",
    "四、客户满意度",
    "第二部分：呼叫中心建设进展",
)


def url(name="reports:national", month="2026-10"):
    return reverse(name, args=[month])


@pytest.fixture
def national(personas):
    two_centers_of_calls(personas)
    survey = survey_define(name="回访问卷", items_text="q1 总体满意度\nq2 服务态度", actor=None)
    items = {i.code: i for i in survey.items.all()}
    for k, center in enumerate((personas.center, personas.other_center)):
        for j in range(5):
            reply = SurveyReply.objects.create(survey=survey, center=center, key=f"{k}-{j}", date="2026-10-05",
                                               theme="语音导航" if j < 2 else "", suggestion=f"建议{k}{j}")  # fmt: skip
            SurveyAnswer.objects.create(reply=reply, item=items["q1"], score=5 if j else 2, satisfied=bool(j))
    NationalNote.objects.create(
        month="2026-10-01", section="progress", center=personas.other_center, text="黄岛机密进展"
    )
    NationalNote.objects.create(month="2026-10-01", section="aht", text="全国点评：两个中心都达标")
    return PersonFactory(center=personas.center, role=Role.NATIONAL, work_number="8800", name="全国")


def test_a_national_reader_sees_every_center_and_every_section(national, login):
    r = login(national).get(url())
    assert r.status_code == 200
    html = r.content.decode()
    for s in SECTIONS:
        assert s in html
    assert "廊坊中心" in html and "黄岛中心" in html and "黄岛机密进展" in html and "全国点评" in html
    rep = r.context["r"]
    assert [p.center.name for p in rep.centers] == ["黄岛中心", "廊坊中心"]  # pinyin: huang < lang
    assert [(i.item, i.n, i.share) for i in rep.centers[0].items] == [("q1", 5, 0.8), ("q2", 0, None)]
    assert rep.themes[0].group.theme == "语音导航" and rep.themes[0].group.count == 4


def test_a_manager_sees_only_their_center(national, personas, login):
    c = login(personas.manager)
    r = c.get(url())
    assert r.status_code == 200
    html = r.content.decode()
    assert [p.center.name for p in r.context["r"].centers] == ["廊坊中心"]
    assert "黄岛中心" not in html and "黄岛机密进展" not in html and "全国点评" not in html
    assert "建议1" not in html  # the other center's suggestions
    for name in ("reports:national", "reports:national_pdf", "reports:national_xlsx"):
        assert c.get(url(name), {"center": "huangdao"}).status_code == 403
    x = load_workbook(io.BytesIO(c.get(url("reports:national_xlsx")).content))
    assert "黄岛中心" not in str(
        [[v for v in row] for ws in x.worksheets for row in ws.iter_rows(values_only=True)]
    )


def test_wrong_roles_are_refused(national, personas, login):
    for who in (personas.agent, personas.leader, personas.monitor):
        c = login(who)
        for name in ("reports:national", "reports:national_pdf", "reports:national_xlsx"):
            assert c.get(url(name)).status_code == 403
        assert c.get(reverse("reports:national_surveys")).status_code == 403
        assert c.get(reverse("reports:national_index")).status_code == 403


def test_a_bad_month_is_a_400_not_a_500(national, login):
    assert login(national).get(url(month="2026-13")).status_code == 400


def test_texts_are_saved_audited_and_scoped(national, personas, login):
    c = login(national)
    assert c.post(url(), {"section": "fcr", "center": "", "text": "全国解决率点评"}).status_code == 302
    assert NationalNote.objects.get(section="fcr", center=None).text == "全国解决率点评"
    assert AuditEntry.objects.filter(action="report.national_note").count() == 1
    m = login(personas.manager)
    assert (
        m.post(url(), {"section": "progress", "center": personas.center.pk, "text": "廊坊进展"}).status_code
        == 302
    )
    assert NationalNote.objects.get(section="progress", center=personas.center).text == "廊坊进展"
    assert (
        m.post(url(), {"section": "progress", "center": personas.other_center.pk, "text": "x"}).status_code
        == 403
    )
    assert m.post(url(), {"section": "aht", "center": "", "text": "x"}).status_code == 403
    assert (
        login(personas.planner)
        .post(url(), {"section": "progress", "center": personas.center.pk, "text": "x"})
        .status_code
        == 403
    )
    c = login(national)  # one test client: log the national reader back in
    assert c.post(url(), {"section": "nonsense", "center": "", "text": "x"}).status_code == 400


def test_the_pdf_has_the_text_of_every_section(national, login):
    r = login(national).get(url("reports:national_pdf"))
    assert r.status_code == 200 and r.content[:5] == b"%PDF-"
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=r.content, capture_output=True, check=True
    ).stdout.decode()
    text = "".join(text.split())
    for s in (*SECTIONS, "全国呼叫中心运营分析报告", "廊坊中心", "黄岛中心", "黄岛机密进展", "语音导航"):
        assert "".join(s.split()) in text, s


def test_the_xlsx_has_charts_openpyxl_reads_back(national, login):
    r = login(national).get(url("reports:national_xlsx"))
    wb = load_workbook(io.BytesIO(r.content))
    charts = {ws.title: len(ws._charts) for ws in wb.worksheets}
    assert charts["呼入量与放弃率"] == 2 and charts["平均处理时间"] == 1
    assert charts["人工解决率"] == 1 and charts["客户满意度"] == 1
    head = [c.value for c in wb["概要"][2]]
    assert head[:2] == ["中心", "呼入量"]
    assert {row[0] for row in wb["概要"].iter_rows(min_row=3, values_only=True)} == {"黄岛中心", "廊坊中心"}


def test_the_survey_page_defines_and_imports_with_row_errors(national, personas, login, tmp_path):
    c = login(national)
    assert c.get(reverse("reports:national_surveys")).status_code == 200
    r = c.post(
        reverse("reports:national_surveys"), {"action": "define", "name": "新问卷", "items": "a1 态度"}
    )
    assert r.status_code == 302
    survey_pk = str(Survey.objects.get(name="新问卷").pk)
    bad = io.BytesIO("编号,日期,中心,态度\nZ1,2026-10-03,廊坊中心,9\n".encode("gbk"))
    bad.name = "bad.csv"
    r = c.post(reverse("reports:national_surveys"), {"action": "import", "survey": survey_pk, "file": bad})
    assert r.status_code == 400 and "超出评分范围" in r.content.decode()
    good = io.BytesIO("编号,日期,中心,态度\nZ1,2026-10-03,廊坊中心,5\n".encode("gbk"))
    good.name = "good.csv"
    assert (
        c.post(
            reverse("reports:national_surveys"), {"action": "import", "survey": survey_pk, "file": good}
        ).status_code
        == 302
    )
    m = login(personas.manager)
    r = m.post(
        reverse("reports:national_surveys"), {"action": "define", "name": "经理问卷", "items": "a1 态度"}
    )
    assert r.status_code == 403
    assert (
        m.post(reverse("reports:national_surveys"), {"action": "import", "survey": "999999"}).status_code
        == 404
    )


@pytest.mark.clock("2026-11-12T10:00")
def test_the_targets_page_sets_a_centers_kpi_settings_as_a_version(personas, login):
    from hotline.reports.models import KpiSettingsVersion

    c = login(personas.manager)
    url_t = reverse("reports:targets") + "?center=langfang"
    data = {"form": "kpi_settings", "center": "langfang", "answer_time": "15", "short_abandon": "3",
            "effective_from": "2026-11-13"}  # fmt: skip
    assert c.post(url_t, data).status_code == 302
    v = KpiSettingsVersion.objects.get(center=personas.center)
    assert (v.answer_time, v.short_abandon, str(v.effective_from)) == (15, 3, "2026-11-13")
    assert AuditEntry.objects.filter(action="reports.kpi_settings.create").exists()
    assert c.post(url_t, {**data, "answer_time": "-1", "effective_from": "2026-11-20"}).status_code == 200
    assert (
        c.post(url_t, {**data, "effective_from": "2026-11-01"}).status_code == 200
    )  # the past is not rewritten
    assert KpiSettingsVersion.objects.count() == 1
    assert login(personas.outsider).post(url_t, data).status_code == 403


def test_the_centers_monthly_report_measures_resolution_on_the_targets_calls(personas, login):
    import datetime as dt

    from hotline.calls.models import Call
    from hotline.reports.models import KpiTarget

    from .helpers import month_of_calls

    month_of_calls(personas)
    Call.objects.filter(call_id__endswith="-1").update(
        skill="咨询"
    )  # the unresolved ones are not repair calls
    c = login(personas.manager)
    monthly = reverse("reports:monthly", args=[personas.center.pk, "2026-10"])
    (line,) = c.get(monthly).context["r"].companies
    assert (round(line.fcr, 3), line.n) == (0.667, 30)
    KpiTarget.objects.create(kpi="fcr", center=personas.center, value=0.4, effective_from=dt.date(2026, 1, 1), skill_filter="维修")  # fmt: skip
    (line,) = c.get(monthly).context["r"].companies
    assert (line.fcr, line.n) == (1.0, 20)


def test_the_api_gives_the_same_json_scoped_like_the_page(national, personas, client):
    from hotline.org.models import ApiToken

    def get(who, month="2026-10"):
        key = ApiToken.objects.create(user=who.user).key
        return client.get("/api/reports/national", {"month": month}, HTTP_AUTHORIZATION=f"Bearer {key}")

    assert {c["center"] for c in get(national).json()["centers"]} == {"廊坊中心", "黄岛中心"}
    assert [c["center"] for c in get(personas.manager).json()["centers"]] == ["廊坊中心"]
    assert get(personas.agent).status_code == 403
    assert get(national, "2026-13").status_code == 400
