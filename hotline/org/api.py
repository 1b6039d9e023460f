from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from .access import visible_people

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
@paginate(LimitOffsetPagination)
def list_people(request, role: str = ""):
    qs = visible_people(request.user).select_related("center", "company", "team")
    return qs.filter(role=role) if role else qs


@router.get("/{person_id}", response=PersonOut)
def get_person(request, person_id: int):
    return get_object_or_404(
        visible_people(request.user).select_related("center", "company", "team"), pk=person_id
    )
