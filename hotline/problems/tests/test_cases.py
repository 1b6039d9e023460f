"""Difficult-call cases (疑难反馈单) and problem owners (§9, issue 15): filed by the agent, owned by the
team leader, handed over with a reason, answered, closed; every step audited; wrong roles and the other
center refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hotline.calls.tests.helpers import SH, make_call
from hotline.org.models import AuditEntry
from hotline.problems.models import CaseEvent, DifficultCase, ProblemOwner
from hotline.problems.services_cases import (
    CaseError,
    case_answer,
    case_close,
    case_create,
    case_handover,
    default_owner,
    is_overdue,
    owner_set,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-10-08T15:00")]
T0 = dt.datetime(2026, 10, 8, 14, 0, tzinfo=SH)
LIST, NEW = reverse("problems:cases"), reverse("problems:case_new")


def _case(p, **kw):
    args = {"reporter": p.agent, "received_at": T0, "customer_contact": "13912345678",
            "content": "客户问积分为什么没到账，系统查不到", "answer_by": T0 + dt.timedelta(hours=24)}  # fmt: skip
    return case_create(**{**args, **kw})


def test_a_case_goes_to_the_agents_team_leader_and_its_steps_are_kept(personas):
    case = _case(personas)
    assert case.owner == personas.leader and case.status == "open"
    case = case_handover(
        case=case, to=personas.manager, by=personas.leader, note="涉及系统故障，需要经理协调"
    )
    assert case.owner == personas.manager and case.status == "handling"
    case = case_answer(case=case, by=personas.manager, resolution="已回电：积分系统延迟，明日到账")
    case = case_close(case=case, by=personas.agent)
    assert case.status == "closed"
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["created", "handover", "answered", "closed"]
    actions = set(
        AuditEntry.objects.filter(object_type="problems.difficultcase").values_list("action", flat=True)
    )
    assert actions == {
        "problems.case.create",
        "problems.case.handover",
        "problems.case.answer",
        "problems.case.close",
    }


def test_without_a_team_leader_the_named_owner_then_a_manager_takes_it(personas):
    personas.leader.active = False
    personas.leader.save()
    assert default_owner(personas.agent) == personas.manager
    owner_set(center=personas.center, level="team", scope=str(personas.team_a.pk), person=personas.monitor)
    assert default_owner(personas.agent) == personas.monitor


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"customer_contact": "  "}, "customer_contact"),
        ({"content": ""}, "content"),
        ({"answer_by": T0 - dt.timedelta(minutes=1)}, "answer_by"),
        ({"answer_by": T0 + dt.timedelta(days=31)}, "answer_by"),
        ({"received_at": T0 + dt.timedelta(days=2), "answer_by": T0 + dt.timedelta(days=3)}, "received_at"),
    ],
)
def test_bad_forms_are_refused_naming_the_field(personas, kw, field):
    with pytest.raises(CaseError) as e:
        _case(personas, **kw)
    assert e.value.field == field and not DifficultCase.objects.exists()


def test_handover_only_to_a_handler_of_the_same_center_with_a_reason(personas):
    case = _case(personas)
    for to, note in (
        (personas.outsider, "x"),
        (personas.peer, "x"),
        (personas.planner, "x"),
        (personas.manager, " "),
    ):
        with pytest.raises(CaseError):
            case_handover(case=case, to=to, by=personas.leader, note=note)
    assert DifficultCase.objects.get().owner == personas.leader


def test_overdue_when_past_the_promised_time_and_not_answered(personas):
    case = _case(personas, answer_by=T0 + dt.timedelta(minutes=30))
    assert is_overdue(case)
    assert not is_overdue(case_answer(case=case, by=personas.leader, resolution="已回电"))


def test_the_agent_files_a_case_from_a_call_in_the_browser_form(personas, login):
    call = make_call(personas.agent, "DC1", start=T0)
    c = login(personas.agent)
    page = c.get(f"{NEW}?call={call.pk}").content.decode()
    assert "13812345678" in page and "2026-10-08T14:00" in page
    r = c.post(f"{NEW}?call={call.pk}", {
        "received_at": "2026-10-08T14:00", "customer_contact": "13812345678", "content": "要求退订后补偿",
        "answer_by": "2026-10-09T14:00", "complaint": "on", "call": call.pk})  # fmt: skip
    case = DifficultCase.objects.get()
    assert r.status_code == 302 and case.call == call and case.complaint and case.owner == personas.leader
    assert "赵组长" in c.get(r["Location"]).content.decode()


def test_the_form_shows_refusals_in_chinese_and_keeps_what_was_typed(personas, login):
    r = login(personas.agent).post(NEW, {"received_at": "2026-10-08T14:00", "customer_contact": "139",
                                         "content": "内容保留", "answer_by": "2026-10-08T13:00"})  # fmt: skip
    page = r.content.decode()
    assert r.status_code == 200 and "承诺答复时间须晚于来话时间" in page and "内容保留" in page
    assert login(personas.agent).post(NEW, {"received_at": "yesterday"}).status_code == 200
    assert not DifficultCase.objects.exists()


def test_the_leaders_todo_list_and_the_owner_actions_in_the_browser(personas, login):
    case = _case(personas)
    c = login(personas.leader)
    page = c.get(LIST).content.decode()
    assert f"#{case.pk}" in page and "待我处理 (1)" in page
    url = reverse("problems:case_action", args=[case.pk])
    r = c.post(url, {"action": "handover", "to": personas.manager.pk, "note": "需要经理协调"})
    assert r.status_code == 302 and DifficultCase.objects.get().owner == personas.manager
    # no longer the owner: the leader may read (their team's case) but not act
    assert c.get(reverse("problems:case", args=[case.pk])).status_code == 200
    assert c.post(url, {"action": "answer", "resolution": "x"}).status_code == 403
    m = login(personas.manager)
    m.post(url, {"action": "answer", "resolution": "已回电说明"})
    assert DifficultCase.objects.get().status == "answered"
    assert m.post(url, {"action": "explode"}).status_code == 400


def test_who_sees_a_case(personas, login):
    case = _case(personas)
    detail = reverse("problems:case", args=[case.pk])
    for who in ("agent", "leader", "manager", "admin"):
        assert login(getattr(personas, who)).get(detail).status_code == 200, who
    for who in ("peer", "stranger", "monitor", "trainer", "outsider", "other_agent"):
        assert login(getattr(personas, who)).get(detail).status_code == 404, who
    assert login(personas.planner).get(LIST).status_code == 403
    assert login(personas.planner).get(NEW).status_code == 403
    assert login(personas.manager).get(NEW).status_code == 403  # managers handle, agents file
    url = reverse("problems:case_action", args=[case.pk])
    assert login(personas.outsider).post(url, {"action": "answer", "resolution": "x"}).status_code == 404
    assert login(personas.agent).post(url, {"action": "answer", "resolution": "x"}).status_code == 403


def test_an_agent_cannot_file_against_another_centers_call(personas, login):
    call = make_call(personas.other_agent, "DCX", start=T0)
    assert login(personas.agent).get(f"{NEW}?call={call.pk}").status_code == 404
    assert login(personas.agent).get(f"{NEW}?call=abc").status_code == 400


def test_owners_page_managers_name_owners_and_others_read(personas, login):
    url = reverse("problems:owners")
    m = login(personas.manager)
    page = m.get(url).content.decode()
    assert "一组" in page and "廊坊中心" in page
    r = m.post(url, {"level": "team", "scope": str(personas.team_a.pk), "person": personas.monitor.pk})
    assert r.status_code == 302 and ProblemOwner.objects.get().person == personas.monitor
    assert AuditEntry.objects.filter(action="problems.owner.set").exists()
    # not a unit of this center, a person of the other center, a reader
    assert m.post(url, {"level": "team", "scope": "999999", "person": personas.monitor.pk}).status_code == 403
    m.post(url, {"level": "team", "scope": str(personas.team_a.pk), "person": personas.outsider.pk})
    assert ProblemOwner.objects.get().person == personas.monitor
    assert login(personas.leader).get(url).status_code == 200
    assert login(personas.leader).post(url, {"level": "team", "scope": str(personas.team_a.pk),
                                             "person": personas.leader.pk}).status_code == 403  # fmt: skip
    assert login(personas.outsider).get(f"{url}?center={personas.center.pk}").status_code == 403
    assert login(personas.agent).get(url).status_code == 403
    assert login(personas.planner).get(url).status_code == 403
