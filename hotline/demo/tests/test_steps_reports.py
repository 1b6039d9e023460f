"""The "reports" demo step: targets, appraisal inputs, surveys, appraisal and commentary, fast."""

import datetime as dt

from hotline.demo.build import build_demo
from hotline.performance.models import AppraisalResult, Attendance, Exam, SurveyResponse, WorkMonth
from hotline.reports.models import KpiTarget, MonthlyReport

SMALL = {
    "period": (dt.date(2026, 9, 28), dt.date(2026, 10, 6)),
    "agents_per_company": 2,
    "audio": False,
    "quiet": True,
    "steps": ["org", "calls", "reports"],
}


def test_the_demo_step_loads_the_last_month_appraisal_and_report(db):
    build_demo(seed=3, **SMALL)
    month = dt.date(2026, 9, 1)  # the last full month of the demo days (09-28 … 10-06)
    agents = WorkMonth.objects.filter(month=month).count()
    assert agents > 0 and Exam.objects.count() == agents
    assert AppraisalResult.objects.filter(month=month).count() == agents
    assert Attendance.objects.exists() and SurveyResponse.objects.exclude(suggestion="").exists()
    assert MonthlyReport.objects.filter(month=month).count() == 2
    assert KpiTarget.objects.filter(kpi="fcr", value=0.4).count() == 2


def test_rebuilding_the_demo_clears_and_recreates_the_step(db):
    build_demo(seed=3, **SMALL)
    n = AppraisalResult.objects.count()
    build_demo(seed=3, force=True, **SMALL)
    assert AppraisalResult.objects.count() == n
