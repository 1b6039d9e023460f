"""Leave (§3.4): the absence services (validated, audited) and the absent_days selector."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.org.models import Absence, AuditEntry
from hotline.org.selectors import absent_days
from hotline.org.services import AbsenceError, absence_add, absence_delete
from hotline.workforce.selectors_plan import rest_days
from hotline.workforce.tests.helpers import make_shifts, published_roster

D = dt.date


def test_an_absence_is_recorded_and_audited(personas):
    a = absence_add(person=personas.agent, first_day=D(2026, 11, 2), last_day=D(2026, 11, 4), kind="sick",
                    note=" 感冒 ", actor=personas.leader.user)  # fmt: skip
    assert a.days == 3 and a.note == "感冒" and a.created_by == personas.leader.user
    entry = AuditEntry.objects.get(action="org.absence_add")
    assert entry.actor == personas.leader.user
    assert entry.after["person"] == "8001" and entry.after["last_day"] == "2026-11-04"


def test_one_day_is_meant_when_the_last_day_is_omitted(personas):
    a = absence_add(person=personas.agent, first_day=D(2026, 11, 2))
    assert a.last_day == D(2026, 11, 2)


def test_a_last_day_before_the_first_is_refused(personas):
    with pytest.raises(AbsenceError):
        absence_add(person=personas.agent, first_day=D(2026, 11, 4), last_day=D(2026, 11, 2))
    assert not Absence.objects.exists()


@pytest.mark.parametrize(
    ("first", "last"),
    [(D(2026, 11, 1), D(2026, 11, 2)), (D(2026, 11, 5), D(2026, 11, 9)), (D(2026, 11, 3), None)],
)
def test_an_overlap_with_another_absence_of_the_same_person_is_refused(personas, first, last):
    absence_add(person=personas.agent, first_day=D(2026, 11, 2), last_day=D(2026, 11, 5))
    with pytest.raises(AbsenceError):
        absence_add(person=personas.agent, first_day=first, last_day=last)


def test_adjacent_absences_and_other_peoples_are_not_overlaps(personas):
    absence_add(person=personas.agent, first_day=D(2026, 11, 2), last_day=D(2026, 11, 5))
    absence_add(person=personas.agent, first_day=D(2026, 11, 6), last_day=D(2026, 11, 6))
    absence_add(person=personas.peer, first_day=D(2026, 11, 2), last_day=D(2026, 11, 5))
    assert Absence.objects.count() == 3


def test_a_morning_and_an_afternoon_of_one_day_may_both_be_taken_but_not_twice(personas):
    absence_add(person=personas.agent, first_day=D(2026, 11, 2), half="am")
    absence_add(person=personas.agent, first_day=D(2026, 11, 2), half="pm")
    with pytest.raises(AbsenceError):
        absence_add(person=personas.agent, first_day=D(2026, 11, 2), half="am")


def test_a_half_day_over_several_days_or_an_unknown_kind_is_refused(personas):
    with pytest.raises(AbsenceError):
        absence_add(person=personas.agent, first_day=D(2026, 11, 2), last_day=D(2026, 11, 3), half="am")
    with pytest.raises(AbsenceError):
        absence_add(person=personas.agent, first_day=D(2026, 11, 2), kind="holiday")


def test_deleting_an_absence_keeps_its_content_in_the_audit_trail(personas):
    a = absence_add(person=personas.agent, first_day=D(2026, 11, 2), kind="personal")
    absence_delete(absence=a, actor=personas.manager.user)
    assert not Absence.objects.exists()
    entry = AuditEntry.objects.get(action="org.absence_delete")
    assert entry.before["kind"] == "personal" and entry.actor == personas.manager.user


def test_absent_days_are_clipped_to_the_window_and_only_for_the_people_asked(personas):
    absence_add(person=personas.agent, first_day=D(2026, 10, 30), last_day=D(2026, 11, 2))
    absence_add(person=personas.agent, first_day=D(2026, 11, 15), last_day=D(2026, 11, 20))
    absence_add(person=personas.peer, first_day=D(2026, 11, 3))
    absence_add(person=personas.stranger, first_day=D(2026, 11, 3))
    got = absent_days([personas.agent, personas.peer.pk], D(2026, 11, 1), D(2026, 11, 15))
    assert got == {
        personas.agent.pk: {D(2026, 11, 1), D(2026, 11, 2), D(2026, 11, 15)},
        personas.peer.pk: {D(2026, 11, 3)},
    }


def test_rest_days_come_only_from_published_rosters_and_rest_shifts(personas):
    shifts = make_shifts(personas.center)
    published_roster(personas.center, personas.team_a, D(2026, 11, 1), {personas.agent: "早休中休晚"}, shifts)
    published_roster(
        personas.center, personas.team_a, D(2026, 11, 1), {personas.peer: "休休"}, shifts, status="draft"
    )
    published_roster(
        personas.center, personas.team_a, D(2026, 11, 1), {personas.peer: "休早"}, shifts, status="archived"
    )
    got = rest_days([personas.agent, personas.peer], D(2026, 11, 1), D(2026, 11, 3))
    assert got == {personas.agent.pk: {D(2026, 11, 2)}}
