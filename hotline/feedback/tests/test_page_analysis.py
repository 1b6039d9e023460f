"""Pages: the analysis table workflow, its XLSX/PDF, the record table, training — wrong roles refused."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from hotline.feedback.models import Analysis, Message, TrainingEntry
from hotline.quality.models import Kind

from .helpers import NON_CRITICAL, submitted_session

A = NON_CRITICAL[0]


@pytest.fixture
def area(personas):
    submitted_session(personas.agent, personas.monitor, failed=[A])
    submitted_session(personas.peer, personas.monitor, failed=[[A], [A], [], [], []])
    submitted_session(personas.agent, personas.monitor, kind=Kind.LIVE)
    return personas


def _create(c):
    r = c.post(reverse("feedback:analyses"), {"scope": "half", "period": "2026-11-H1"})
    assert r.status_code == 302
    return Analysis.objects.get()


def test_monitor_submits_manager_approves_agents_get_their_results(area, login):
    a = _create(login(area.monitor))
    c = login(area.monitor)
    assert "失分项目排列图" in c.get(reverse("feedback:analysis", args=[a.pk])).content.decode()
    assert c.post(reverse("feedback:analysis", args=[a.pk]), {"action": "approve"}).status_code == 403
    c.post(reverse("feedback:analysis", args=[a.pk]), {"action": "submit"})
    c = login(area.manager)
    c.post(reverse("feedback:analysis", args=[a.pk]), {"action": "approve"})
    a.refresh_from_db()
    assert a.status == Analysis.Status.APPROVED
    assert Message.objects.filter(kind="result").count() == 2 and TrainingEntry.objects.count() == 1
    assert login(area.trainer).get(reverse("feedback:training")).status_code == 200


def test_wrong_roles_are_refused(area, login):
    a = _create(login(area.monitor))
    assert login(area.agent).get(reverse("feedback:analysis", args=[a.pk])).status_code == 404
    assert login(area.agent).get(reverse("feedback:analyses")).status_code == 403
    assert login(area.outsider).get(reverse("feedback:analysis_pdf", args=[a.pk])).status_code == 404
    assert login(area.planner).get(reverse("feedback:training")).status_code == 403
    assert login(area.agent).get(reverse("feedback:library")).status_code == 403
    assert login(area.agent).post(reverse("feedback:analyses"), {"period": "2026-11-H1"}).status_code == 403


def test_the_xlsx_holds_the_agents_the_pareto_and_the_records(area, login):
    from openpyxl import load_workbook

    a = _create(login(area.monitor))
    r = login(area.manager).get(reverse("feedback:analysis_xlsx", args=[a.pk]))
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["监听分析表", "失分排列", "总结", "电话监控记录表"]
    assert wb["失分排列"]["B2"].value == 7
    assert wb["电话监控记录表"].max_row == 15
    r = login(area.monitor).get(reverse("feedback:records_xlsx", args=[a.pk]))
    assert load_workbook(io.BytesIO(r.content)).active.max_row == 15


def test_the_pdfs_are_pdfs_and_the_record_page_lists_each_call(area, login):
    a = _create(login(area.monitor))
    c = login(area.monitor)
    assert c.get(reverse("feedback:analysis_pdf", args=[a.pk])).content[:5] == b"%PDF-"
    assert c.get(reverse("feedback:records_pdf", args=[a.pk])).content[:5] == b"%PDF-"
    page = c.get(reverse("feedback:records", args=[a.pk])).content.decode()
    assert page.count("问候规范") == 14


def test_overdue_approvals_show_on_the_managers_home_page_only(area, login):
    import datetime as dt

    from django.utils import timezone

    from hotline.feedback.services.analysis import analysis_transition

    a = _create(login(area.monitor))
    analysis_transition(
        analysis=a, action="submit", by=area.monitor, now=timezone.now() - dt.timedelta(days=4)
    )
    assert 'id="overdue-approvals"' in login(area.manager).get("/").content.decode()
    assert 'id="overdue-approvals"' in login(area.admin).get("/").content.decode()
    assert 'id="overdue-approvals"' not in login(area.agent).get("/").content.decode()
