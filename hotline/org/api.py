import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from hotline.apitypes import Id, LimitOffset

from .access import absence_editable_people, can_manage_absences, visible_people
from .models import Absence
from .selectors import absences_for
from .services import AbsenceError, absence_add, absence_delete

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    work_number: str
    name: str
    role: str
    center: str
    company: str | None
    team: str | None
    active: bool

    @staticmethod
    def resolve_center(obj):
        return obj.center.name

    @staticmethod
    def resolve_company(obj):
        return obj.company.name if obj.company_id else None

    @staticmethod
    def resolve_team(obj):
        return obj.team.name if obj.team_id else None


@router.get("", response=list[PersonOut])
@paginate(LimitOffset)
def list_people(request, role: str = ""):
    qs = visible_people(request.user).select_related("center", "company", "team")
    return qs.filter(role=role) if role else qs


@router.get("/{person_id}", response=PersonOut)
def get_person(request, person_id: Id):
    return get_object_or_404(
        visible_people(request.user).select_related("center", "company", "team"), pk=person_id
    )


# --- absences (leave, §3.4): /api/absences ---------------------------------------------------------
# Keepers (manager, team leader, planner, admin) list, create and delete the leave of the people they
# see; anyone else lists only their own (read-only, 403 on writes). Someone else's absence: 404.

absence_router = Router(tags=["absences"])


class AbsenceOut(Schema):
    id: int
    person: str
    name: str
    first_day: datetime.date
    last_day: datetime.date
    kind: str
    half: str
    note: str

    @staticmethod
    def resolve_person(obj):
        return obj.person.work_number

    @staticmethod
    def resolve_name(obj):
        return obj.person.name


class AbsenceIn(Schema):
    person: str  # work number
    first_day: datetime.date
    last_day: datetime.date | None = None
    kind: str = "annual"
    half: str = ""
    note: str = ""


@absence_router.get("", response=list[AbsenceOut])
@paginate(LimitOffset)
def list_absences(request, since: datetime.date | None = None, person: str = ""):
    qs = absences_for(request.user, since=since)
    return qs.filter(person__work_number=person) if person else qs


@absence_router.post("", response={201: AbsenceOut})
def create_absence(request, data: AbsenceIn):
    if not can_manage_absences(request.user):
        raise PermissionDenied
    who = get_object_or_404(absence_editable_people(request.user), work_number=data.person)
    try:
        absence = absence_add(
            person=who, first_day=data.first_day, last_day=data.last_day, kind=data.kind, half=data.half,
            note=data.note, actor=request.user,
        )  # fmt: skip
    except AbsenceError:
        raise  # a HotlineError: answered 400 in the reader's language
    return Status(201, absence)


@absence_router.delete("/{absence_id}", response={204: None})
def delete_absence(request, absence_id: Id):
    if not can_manage_absences(request.user):
        raise PermissionDenied
    absence = get_object_or_404(
        Absence.objects.filter(person__in=absence_editable_people(request.user)), pk=absence_id
    )
    absence_delete(absence=absence, actor=request.user)
    return Status(204, None)
