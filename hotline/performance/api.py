import datetime as dt
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from hotline.core.tabular import TableError

from . import services
from .access import appraisable_people, can_import
from .imports import KINDS

router = Router(tags=["performance"])


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    errors: list[dict]


class ImportErrorOut(Schema):
    detail: str
    errors: list[dict]


def _month(text: str) -> dt.date:
    y, m = text.split("-")[:2]
    return dt.date(int(y), int(m), 1)


@router.get("/appraisals/{person_pk}/{month}", response=dict)
def get_appraisal(request, person_pk: int, month: str):
    """One agent's monthly appraisal (§6) with every line explained; same access as the page."""
    person = get_object_or_404(appraisable_people(request.user), pk=person_pk)
    ((_p, detail),) = services.appraisals_get(agents=[person], month=_month(month))
    return detail or {}


@router.post("/imports/{kind}", response={200: ImportOut, 400: ImportErrorOut})
def import_file(request, kind: str, file: File[UploadedFile], keep_good_rows: bool = False):
    """Import attendance, exams, accuracy, commendations, violations or surveys (CSV/XLSX)."""
    if not can_import(request.user):
        raise PermissionDenied
    if kind not in KINDS:
        return 400, {"detail": f"unknown kind (one of {', '.join(KINDS)})", "errors": []}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(file.name or f"{kind}.csv").name
        path.write_bytes(file.read())
        try:
            r = services.hr_import(kind=kind, path=path, actor=request.user, keep_good_rows=keep_good_rows)
        except services.HrImportFailed as exc:
            return 400, {
                "detail": "the file has bad rows; nothing was imported",
                "errors": [e.__dict__ for e in exc.errors],
            }
        except TableError as exc:
            return 400, {"detail": "the file cannot be read", "errors": [e.__dict__ for e in exc.errors]}
    return {
        "created": r.created,
        "updated": r.updated,
        "unchanged": r.unchanged,
        "errors": [e.__dict__ for e in r.errors],
    }
