"""The QA monitor's "today" page: today's slots and the overdue ones, start a session; roles."""

from __future__ import annotations

from django.utils import timezone

from hotline.quality.models import Kind, Session


def test_today_lists_the_monitors_slots_of_today_and_the_overdue(personas, plan, login):
    slot = plan.slots.get(agent=personas.agent, kind=Kind.RECORDING)
    slot.date = timezone.localdate()
    slot.save()
    page = login(personas.monitor).get("/quality/today/").content.decode()
    today_part = page.split("今天")[-1]
    assert "张三" in today_part
    assert "逾期" in page and "李四" in page  # the rest of the finished period is overdue


def test_starting_a_recording_slot_opens_its_session(personas, plan, login):
    import time_machine

    from .helpers import HELD

    slot = plan.slots.get(agent=personas.agent, kind=Kind.RECORDING)
    with time_machine.travel(HELD, tick=False):  # the half-month is over (§3.1)
        resp = login(personas.monitor).post(f"/quality/slots/{slot.pk}/start/")
    session = Session.objects.get(agent=personas.agent, kind=Kind.RECORDING)
    assert resp.status_code == 302 and resp["Location"] == f"/quality/sessions/{session.pk}/"
    assert session.picks.count() == 5


def test_only_qa_monitors_have_a_today_page(personas, login):
    assert login(personas.agent).get("/quality/today/").status_code == 403
    assert login(personas.manager).get("/quality/today/").status_code == 403


def test_another_monitor_cannot_start_my_slot(personas, plan, login):
    from hotline.org.models import Role
    from hotline.org.tests.factories import PersonFactory

    other = PersonFactory(center=personas.center, role=Role.QA_MONITOR, name="李质检", work_number="8299")
    slot = plan.slots.get(agent=personas.agent, kind=Kind.LIVE)
    assert login(other).post(f"/quality/slots/{slot.pk}/start/").status_code == 403
