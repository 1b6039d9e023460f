"""An agent files a difficult-call case (疑难反馈单) from a call in Chinese; the team leader finds it under
"待我处理" and answers it (§9, issue 15)."""

import datetime as dt
from pathlib import Path

import pytest

from hotline.calls.tests.helpers import SH, make_call
from hotline.problems.models import DifficultCase

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-10-08T15:00"),
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_an_agent_files_a_case_and_the_team_leader_answers_it(personas, sign_in, live_server):
    call = make_call(
        personas.agent, "CASE1", start=dt.datetime(2026, 10, 8, 14, 0, tzinfo=SH), with_audio=False
    )
    page = sign_in(personas.agent)
    page.goto(f"{live_server.url}/calls/{call.pk}/")
    page.click("text=填写疑难反馈单")
    page.fill("textarea[name=content]", "客户要求说明上月积分未到账的原因，系统查不到")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "case-form.png"))
    page.click("#case-form button")
    page.wait_for_selector("#case-events")
    assert "疑难反馈单已提交给 赵组长" in page.content()
    case = DifficultCase.objects.get()
    assert case.call == call and case.owner == personas.leader

    page = sign_in(personas.leader)
    page.goto(f"{live_server.url}/problems/cases/")
    assert "待我处理 (1)" in page.content()
    page.click(f"text=#{case.pk}")
    page.fill("#answer textarea[name=resolution]", "已回电：积分将于明日到账")
    with page.expect_navigation():  # the events list is on the page before the answer too
        page.click("#answer button")
    page.wait_for_selector("#case-events")
    page.screenshot(path=str(ARTIFACTS / "case-answered.png"), full_page=True)
    assert DifficultCase.objects.get().status == "answered"
