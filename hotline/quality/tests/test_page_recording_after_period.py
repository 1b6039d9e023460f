"""Pages follow §3.1: a half-month's recording sessions are held in the first working days after it
and count for it — the plan calendar, the XLSX export and the QA monitor's "today" page."""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from openpyxl import load_workbook

from hotline.calls.tests.helpers import SH
from hotline.quality import services
from hotline.quality.models import Kind, Session

from .helpers import PERIOD, TODAY, period_calls

URL = "/quality/plan/"
AFTER = [dt.date(2026, 11, d) for d in (16, 17, 18, 19, 20)]


def test_the_calendar_of_a_half_month_ends_with_its_recording_days(personas, plan, login):
    page = login(personas.manager).get(URL, {"center": "langfang", "period": PERIOD}).content.decode()
    assert "qa-window" in page and "2026-11-H1 结束后" in page
    tail = page.split('class="qa-window"')[1]
    assert "11-16" in tail and "11-20" in tail and "张三" in tail  # the recording slots are there
    assert set(plan.slots.filter(kind=Kind.RECORDING).values_list("date", flat=True)) <= set(AFTER)


def test_the_next_half_months_calendar_shows_those_recordings_in_its_afternoons(personas, plan, login):
    services.plan_generate(center=personas.center, period="2026-11-H2", today=dt.date(2026, 11, 16))
    page = login(personas.manager).get(URL, {"center": "langfang", "period": "2026-11-H2"}).content.decode()
    assert "qa-prev" in page and "（2026-11-H1）" in page


def test_the_xlsx_lists_the_half_month_each_slot_counts_for(personas, plan, login):
    resp = login(personas.planner).get("/quality/plan/export/", {"center": "langfang", "period": PERIOD})
    sheet = load_workbook(io.BytesIO(resp.content))["明细"]
    head = [c.value for c in sheet[1]]
    col = head.index("所属半月")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {r[col] for r in rows} == {PERIOD}
    assert {r[0] for r in rows if r[head.index("类型")] == "录音监听"} <= {d.isoformat() for d in AFTER}
    calendar = [
        r[0] for r in load_workbook(io.BytesIO(resp.content))["日历"].iter_rows(min_row=2, values_only=True)
    ]
    assert "2026-11-20" in calendar


def test_today_shows_the_recording_of_the_finished_half_month_and_the_next_half_months_live(personas, login):
    period_calls(personas.agent, 8)
    with time_machine.travel(dt.datetime(2026, 11, 16, 9, tzinfo=SH), tick=False):
        services.plan_generate(center=personas.center, period=PERIOD, today=dt.date(2026, 11, 2))
        nxt = services.plan_generate(center=personas.center, period="2026-11-H2", today=dt.date(2026, 11, 16))
        page = login(personas.monitor).get("/quality/today/").content.decode()
        assert "qa-counts-for" in page and "2026-11-H1" in page and "2026-11-H2" in page
        assert "半月结束后开始" not in page
        early = nxt.slots.get(agent=personas.agent, kind=Kind.RECORDING)
        early.date = dt.date(2026, 11, 18)  # moved by hand into its own half-month
        early.save()
        page = login(personas.monitor).get("/quality/today/").content.decode()
    assert "半月结束后开始" in page  # it cannot start before 2026-11-H2 is over


def test_a_recording_session_cannot_start_before_its_half_month_is_over(personas, login):
    period_calls(personas.agent, 8, first=dt.date(2026, 11, 16))
    services.plan_generate(center=personas.center, period="2026-11-H2", today=TODAY)
    slot = services.PlanSlot.objects.get(plan__period="2026-11-H2", agent=personas.agent, kind=Kind.RECORDING)
    with time_machine.travel(dt.datetime(2026, 11, 27, 14, tzinfo=SH), tick=False):
        resp = login(personas.monitor).post(f"/quality/slots/{slot.pk}/start/", follow=True)
    assert resp.status_code == 200 and "尚未结束" in resp.content.decode()
    assert not Session.objects.filter(agent=personas.agent, kind=Kind.RECORDING).exists()
    with time_machine.travel(dt.datetime(2026, 12, 1, 14, tzinfo=SH), tick=False):
        resp = login(personas.monitor).post(f"/quality/slots/{slot.pk}/start/")
    session = Session.objects.get(agent=personas.agent, kind=Kind.RECORDING)
    assert resp.status_code == 302 and session.period == "2026-11-H2" and session.sample["eligible"]


def test_the_session_and_the_agent_see_what_was_sampled_and_why_each_call(personas, rec_session, login):
    from .helpers import good_data

    page = login(personas.monitor).get(f"/quality/sessions/{rec_session.pk}/").content.decode()
    assert "抽样范围：2026-11-H1 全部录音中合格的 8 通" in page
    assert "当日合格 1 通，平均" in page  # H1: the date's average the pick was closest to
    services.session_submit(
        session=rec_session, data={e.pk: good_data() for e in rec_session.evaluations.all()}
    )
    mine = login(personas.agent).get("/quality/mine/").content.decode()
    assert "抽样范围：2026-11-H1" in mine and "选取原因" in mine and "平均" in mine
