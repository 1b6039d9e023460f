"""Workforce REST API, shared pieces: error schemas and the caller checks used by every sub-router."""

from django.core.exceptions import PermissionDenied
from ninja import Schema, Status

from hotline.apitypes import Id
from hotline.org.access import person_of
from hotline.org.models import Person

from .. import access


class Problem(Schema):
    detail: str


class ErrorsOut(Schema):
    detail: str
    errors: list[dict]


def _bad(detail: str) -> Status:
    return Status(400, {"detail": detail})


def _planner_center(request, center: Id | None):
    access.require_planner(request.user)
    return access.center_for(request.user, center)


def _me(request) -> Person:
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    return me
