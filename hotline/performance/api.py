import datetime as dt
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from hotline.apitypes import Id
from hotline.core.errors import InvalidInput, gettext_noop
from hotline.core.params import parse_month
from hotline.core.tabular import TableError

from . import selectors, services
from .access import appraisable_people, can_edit_rules_of, can_import, can_view_rules
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
    own: bool = False


class RulesOut(Schema):
    can_edit: bool
    in_force: dict
    history: list[RuleVersionOut]


class RuleVersionIn(Schema):
    effective_from: dt.date
    params: dict = {}
    note: str = ""


def _rules_scope(request, center: int | None):
    """A manager's scope is their center; an administrator's the center asked for, else the global one."""
    from django.http import Http404

    from hotline.org.access import is_admin, person_of
    from hotline.org.models import Center

    if is_admin(request.user):
        if center is None:
            return None
        found = Center.objects.filter(pk=center).first()
        if found is None:
            raise Http404
        return found
    me = person_of(request.user)
    if center is not None and center != me.center_id:
        raise Http404
    return me.center


def _rules_out(user, scope) -> dict:
    today = timezone.localdate()
    return {
        "can_edit": can_edit_rules_of(user, scope),
        "in_force": rule_params(selectors.rules_in_force(scope, today)),
        "history": [{**h, "note": str(h["note"])} for h in rule_history(scope)],
    }


@router.get("/rules", response=RulesOut)
def get_rules(request, center: int | None = None):
    """The appraisal rules in force today and every version, newest first: a manager's center (its own
    versions over the global ones); an administrator's ``center`` or the global rules."""
    if not can_view_rules(request.user):
        raise PermissionDenied
    return _rules_out(request.user, _rules_scope(request, center))


@router.post("/rules", response={201: RulesOut})
def create_rules(request, payload: RuleVersionIn, center: int | None = None):
    """A new rule version from the 1st of a month on, for the scope (a manager: their center; an
    administrator: ``center`` or the global rules); ``params`` not given are kept from the rules in
    force. Refused versions answer 400 with the reason."""
    if not can_view_rules(request.user):
        raise PermissionDenied
    scope = _rules_scope(request, center)
    if not can_edit_rules_of(request.user, scope):
        raise PermissionDenied
    try:
        rule_set_create(
            center=scope,
            effective_from=payload.effective_from,
            params=payload.params,
            note=payload.note,
            actor=request.user,
        )
    except RulesError:
        raise  # a HotlineError: answered 400 in the reader's language
    return 201, _rules_out(request.user, scope)
