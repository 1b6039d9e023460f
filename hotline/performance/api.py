import datetime as dt
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from hotline.apitypes import Id
from hotline.core.appraisal import rules_for
from hotline.core.errors import InvalidInput, gettext_noop
from hotline.core.params import parse_month
from hotline.core.tabular import TableError

from . import selectors, services
from .access import appraisable_people, can_edit_rules, can_import, can_view_rules
from .imports import KINDS
from .services_rules import RulesError, rule_history, rule_params, rule_set_create

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
    month = parse_month(text, field="month")  # unreadable → InvalidInput (400, in the reader's language)
    if month is None:
        raise InvalidInput(gettext_noop("请给出月份（YYYY-MM）。"), field="month")
    return month


@router.get("/appraisals/{person_pk}/{month}", response=dict)
def get_appraisal(request, person_pk: Id, month: str):
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


# --- appraisal rule versions (§6): same rules as /performance/rules/ --------------------------------


class RuleVersionOut(Schema):
    effective_from: dt.date
    effective_to: dt.date | None
    note: str
    params: dict
    stored: bool


class RulesOut(Schema):
    can_edit: bool
    in_force: dict
    history: list[RuleVersionOut]


class RuleVersionIn(Schema):
    effective_from: dt.date
    params: dict = {}
    note: str = ""


def _rules_out(user) -> dict:
    today = timezone.localdate()
    return {
        "can_edit": can_edit_rules(user),
        "in_force": rule_params(rules_for(today, selectors.rule_sets())),
        "history": [{**h, "note": str(h["note"])} for h in rule_history()],
    }


@router.get("/rules", response=RulesOut)
def get_rules(request):
    """The appraisal rules in force today and every version, newest first (managers, administrators)."""
    if not can_view_rules(request.user):
        raise PermissionDenied
    return _rules_out(request.user)


@router.post("/rules", response={201: RulesOut})
def create_rules(request, payload: RuleVersionIn):
    """A new rule version from the 1st of a month on (administrators: the rules are global); ``params``
    not given are kept from the version in force. Refused versions answer 400 with the reason."""
    if not can_edit_rules(request.user):
        raise PermissionDenied
    try:
        rule_set_create(
            effective_from=payload.effective_from,
            params=payload.params,
            note=payload.note,
            actor=request.user,
        )
    except RulesError:
        raise  # a HotlineError: answered 400 in the reader's language
    return 201, _rules_out(request.user)
