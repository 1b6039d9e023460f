"""Survey definitions and the results import (§7): GBK / UTF-8-BOM CSV and XLSX from Chinese Windows,
row-level errors in the reader's language, all or nothing, idempotent; hostile files."""

import datetime as dt

import pytest
from django.utils import translation
from openpyxl import Workbook

from hotline.core.errors import InvalidInput
from hotline.org.models import AuditEntry
from hotline.reports.models import SurveyAnswer, SurveyReply
from hotline.reports.services_national import SurveyImportFailed, survey_define, survey_results_import

HEADER = "编号,日期,中心,总体满意度,服务态度,q3,建议主题,建议\n"


@pytest.fixture
def survey(personas):
    return survey_define(
        name="回访问卷", items_text="q1 总体满意度\nq2，服务态度\nq3 语音导航", actor=personas.admin.user
    )


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def _run(survey, path, personas, allowed=None):
    return survey_results_import(
        survey=survey,
        path=path,
        allowed=allowed or [personas.center, personas.other_center],
        actor=personas.admin.user,
    )


def test_a_gbk_file_from_excel_imports_and_a_second_run_changes_nothing(survey, personas, tmp_path):
    p = tmp_path / "结果.csv"
    p.write_bytes(
        (
            HEADER + "A1,2026/10/3,廊坊中心,5,4,,语音导航,语音菜单太长\nA2,2026-10-04,huangdao,2,满意,否,,\n"
        ).encode("gbk")
    )
    r = _run(survey, p, personas)
    assert (r.created, r.updated, r.unchanged) == (2, 0, 0)
    a1 = SurveyReply.objects.get(key="A1")
    assert a1.date == dt.date(2026, 10, 3) and a1.center == personas.center and a1.theme == "语音导航"
    assert sorted(SurveyAnswer.objects.filter(reply=a1).values_list("item__code", "score", "satisfied")) == [
        ("q1", 5, True),
        ("q2", 4, True),
    ]  # blank q3 = not asked
    assert sorted(SurveyAnswer.objects.filter(reply__key="A2").values_list("item__code", "satisfied")) == [
        ("q1", False),
        ("q2", True),
        ("q3", False),
    ]
    r = _run(survey, p, personas)
    assert (r.created, r.updated, r.unchanged) == (0, 0, 2)
    assert SurveyReply.objects.count() == 2 and SurveyAnswer.objects.count() == 5
    assert AuditEntry.objects.filter(action="report.survey.import").count() == 1


def test_utf8_bom_and_xlsx_are_read_and_a_changed_answer_updates(survey, personas, tmp_path):
    p = tmp_path / "r.csv"
    p.write_bytes(("\ufeff" + HEADER + "A1,2026-10-03,廊坊中心,5,4,3,,\n").encode("utf-8"))
    _run(survey, p, personas)
    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "日期", "中心", "q1", "q2"])
    ws.append(["A1", dt.datetime(2026, 10, 3), "廊坊中心", 1.0, 4])
    x = tmp_path / "r.xlsx"
    wb.save(x)
    r = _run(survey, x, personas)
    assert r.updated == 1
    assert sorted(SurveyAnswer.objects.values_list("item__code", "score")) == [("q1", 1), ("q2", 4)]


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("A1,2026-02-30,廊坊中心,5,4,,,", "date", "不是日期"),
        ("A1,2026-10-03,火星中心,5,4,,,", "center", "没有这个中心"),
        ("A1,2026-10-03,廊坊中心,7,4,,,", "总体满意度", "超出评分范围"),
        ("A1,2026-10-03,廊坊中心,4.5,4,,,", "总体满意度", "不是评分"),
        ("A1,2026-10-03,廊坊中心,=cmd|' /C calc'!A0,4,,,", "总体满意度", "不是评分"),
        (",2026-10-03,廊坊中心,5,4,,,", "id", "缺少编号"),
        ("A1,2026-10-03,廊坊中心,,,,,", "", "没有任何回答"),
    ],
)
def test_a_bad_row_is_named_in_chinese_and_nothing_is_written(survey, personas, tmp_path, row, column, words):
    p = tmp_path / "r.csv"
    p.write_text(HEADER + "B0,2026-10-02,廊坊中心,5,5,5,,\n" + row + "\n", encoding="utf-8")
    with pytest.raises(SurveyImportFailed) as exc:
        _run(survey, p, personas)
    (e,) = exc.value.errors
    assert e.row == 3 and e.column == column and words in e.reason
    assert SurveyReply.objects.count() == 0  # the good row B0 was not written either


def test_a_duplicate_respondent_and_an_unknown_column_are_refused(survey, personas, tmp_path):
    p = tmp_path / "r.csv"
    p.write_text(HEADER + "A1,2026-10-03,廊坊中心,5,4,,,\nA1,2026-10-04,廊坊中心,5,4,,,\n", encoding="utf-8")
    with pytest.raises(SurveyImportFailed) as exc:
        _run(survey, p, personas)
    assert "重复" in exc.value.errors[0].reason
    p.write_text("编号,日期,中心,总体满意程度\nA1,2026-10-03,廊坊中心,5\n", encoding="utf-8")
    with pytest.raises(SurveyImportFailed) as exc:
        _run(survey, p, personas)
    assert exc.value.errors[0].column == "总体满意程度" and exc.value.errors[0].row == 1


def test_a_manager_cannot_import_another_centers_rows(survey, personas, tmp_path):
    p = tmp_path / "r.csv"
    p.write_text(HEADER + "A1,2026-10-03,黄岛中心,5,4,,,\n", encoding="utf-8")
    with pytest.raises(SurveyImportFailed) as exc:
        _run(survey, p, personas, allowed=[personas.center])
    assert "无权" in exc.value.errors[0].reason


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xfe\x00\x00garbage\x81\x82",
        b"PK\x03\x04 not really a zip",
        "编号,日期\n".encode() + b"x" * 200_000 + b"\n",
    ],
)
def test_hostile_files_are_refused_cleanly(survey, personas, tmp_path, data):
    p = tmp_path / ("r.xlsx" if data.startswith(b"PK") else "r.csv")
    p.write_bytes(data)
    with pytest.raises(SurveyImportFailed) as exc:
        _run(survey, p, personas)
    assert all(
        "文件" in e.reason or "列" in e.reason for e in exc.value.errors
    )  # in Chinese, not tabular's English
    assert SurveyReply.objects.count() == 0


def test_a_survey_definition_refuses_bad_items(personas):
    for text in ("", "就一个词", "q1 a\nq1 b", "id 编号"):
        with pytest.raises(InvalidInput):
            survey_define(name="x", items_text=text, actor=None)
    with pytest.raises(InvalidInput):
        survey_define(name="x", items_text="q1 a", scale_max=5, satisfied_from=6, actor=None)
