"""Small helpers shared by the feedback API modules (``api``, ``api_analysis``, ``api_calibration``)."""

from django.core.exceptions import PermissionDenied
from ninja import Schema

from hotline.org.access import person_of
from hotline.org.models import Person

from ..services import FeedbackError


class Problem(Schema):
    detail: str


def me_of(request) -> Person:
    """The caller's active person; a user without one is refused (403)."""
    me = person_of(request.user)
    if me is None or not me.active:
        raise PermissionDenied
    return me


def refused(exc: FeedbackError) -> FeedbackError:
    """A rule of the workflow said no: the error itself (a ``HotlineError``), which the API's handler
    answers as 400 ``{"code", "detail", "field"}`` in the reader's language."""
    return exc


def wn(p: Person | None) -> str | None:
    return p.work_number if p is not None else None
