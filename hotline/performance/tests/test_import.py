"""Imports of appraisal inputs and surveys: encodings, idempotence, row errors, locked months."""

import datetime as dt

import pytest
from openpyxl import Workbook

from hotline.calls.tests.helpers import make_call
from hotline.core.tabular import TableError
from hotline.performance.imports import HrImportFailed, hr_import
from hotline.performance.models import AppraisalSignoff, Attendance, Exam, Incident, SurveyResponse, WorkMonth


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_attendance_imports_from_gb18030_with_chinese_headers_and_words(personas, tmp_path):
    p = write(
        tmp_path, "att.csv", "工号,日期,类型,天数\n8001,2026-10-09,迟到,\n8001,2026/10/12,病假,2\n", "gb18030"
    )
    r = hr_import(kind="attendance", path=p)
    assert (r.created, r.updated, r.unchanged) == (2, 0, 0)
    sick = Attendance.objects.get(kind="sick")
    assert sick.agent == personas.agent and sick.days == 2 and sick.date == dt.date(2026, 10, 12)


def test_importing_the_same_file_twice_changes_nothing_and_a_change_updates(personas, tmp_path):
    p = write(tmp_path, "att.csv", "\ufeffagent,date,kind,days\n8001,2026-10-09,sick,1\n")
    hr_import(kind="attendance", path=p)
    r = hr_import(kind="attendance", path=p)
    assert (r.created, r.unchanged) == (0, 1)
    p = write(tmp_path, "att.csv", "agent,date,kind,days\n8001,2026-10-09,sick,2\n")
    assert hr_import(kind="attendance", path=p).updated == 1
    assert Attendance.objects.get().days == 2


def test_a_bad_row_imports_nothing_and_names_file_row_and_column(personas, tmp_path):
    p = write(
        tmp_path,
        "att.csv",
        "agent,date,kind\n8001,2026-10-09,late\n9999,2026-10-09,late\n8001,yesterday,late\n8002,2026-10-01,nap\n",
    )
    with pytest.raises(HrImportFailed) as exc:
        hr_import(kind="attendance", path=p)
    where = [(e.file, e.row, e.column) for e in exc.value.errors]
    assert where == [("att.csv", 3, "agent"), ("att.csv", 4, "date"), ("att.csv", 5, "kind")]
    assert Attendance.objects.count() == 0


def test_keep_good_rows_imports_the_others(personas, tmp_path):
    p = write(tmp_path, "att.csv", "agent,date,kind\n8001,2026-10-09,late\n9999,2026-10-09,late\n")
    r = hr_import(kind="attendance", path=p, keep_good_rows=True)
    assert r.created == 1 and len(r.errors) == 1


def test_a_missing_column_is_refused(personas, tmp_path):
    p = write(tmp_path, "ex.csv", "agent,date\n8001,2026-10-09\n")
    with pytest.raises(TableError) as exc:
        hr_import(kind="exams", path=p)
    assert exc.value.errors[0].column == "score"


def test_exam_scores_out_of_range_are_refused(personas, tmp_path):
    p = write(tmp_path, "ex.csv", "agent,date,score,pass_mark\n8001,2026-10-09,120,\n8002,2026-10-09,85,80\n")
    with pytest.raises(HrImportFailed) as exc:
        hr_import(kind="exams", path=p)
    assert exc.value.errors[0].column == "score"
    p = write(tmp_path, "ex.csv", "agent,date,score,pass_mark\n8002,2026-10-09,85,80\n")
    hr_import(kind="exams", path=p)
    assert Exam.objects.get().pass_mark == 80


def test_accuracy_months_from_xlsx(personas, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["工号", "月份", "准确率", "超时案件数", "平均在手时间"])
    ws.append(["8001", "2026-10", "96.5%", 3, 6.2])
    ws.append([8002, dt.datetime(2026, 10, 1), 99, None, None])
    wb.save(tmp_path / "acc.xlsx")
    r = hr_import(kind="accuracy", path=tmp_path / "acc.xlsx")
    assert r.created == 2
    w = WorkMonth.objects.get(agent=personas.agent)
    assert (w.month, w.accuracy, w.cases_over_limit, w.mean_handling_minutes) == (
        dt.date(2026, 10, 1),
        96.5,
        3,
        6.2,
    )


def test_commendation_points_above_five_and_violation_points_above_ten_are_refused(personas, tmp_path):
    p = write(tmp_path, "c.csv", "agent,date,points,note\n8001,2026-10-09,6,x\n")
    with pytest.raises(HrImportFailed):
        hr_import(kind="commendations", path=p)
    p = write(tmp_path, "v.csv", "agent,date,points,kind,note\n8001,2026-10-09,10,uniform,未着制服\n")
    hr_import(kind="violations", path=p)
    assert Incident.objects.get().type == "violation"


def test_surveys_link_to_calls_or_agents(personas, tmp_path):
    make_call(personas.agent, "C1", with_audio=False)
    p = write(
        tmp_path,
        "s.csv",
        "call_id,agent,date,satisfied,suggestion\nC1,,2026-10-08,满意,\n,8002,2026-10-09,不满意,希望缩短等待时间\n",
    )
    assert hr_import(kind="surveys", path=p).created == 2
    s = SurveyResponse.objects.get(call_ref="C1")
    assert s.agent == personas.agent and s.satisfied and s.center == personas.center
    assert SurveyResponse.objects.get(agent=personas.peer).suggestion == "希望缩短等待时间"


def test_a_survey_for_an_unknown_call_is_refused(personas, tmp_path):
    p = write(tmp_path, "s.csv", "call_id,date,satisfied\nNOPE,2026-10-08,1\n")
    with pytest.raises(HrImportFailed) as exc:
        hr_import(kind="surveys", path=p)
    assert exc.value.errors[0].column == "call_id"


def test_rows_of_a_signed_off_month_are_refused(personas, tmp_path):
    AppraisalSignoff.objects.create(center=personas.center, month=dt.date(2026, 10, 1), locked=True)
    p = write(tmp_path, "att.csv", "agent,date,kind\n8001,2026-10-09,late\n8001,2026-11-02,late\n")
    with pytest.raises(HrImportFailed) as exc:
        hr_import(kind="attendance", path=p)
    assert [e.row for e in exc.value.errors] == [2]
