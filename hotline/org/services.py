"""Every write to the organisation goes through here (transactional, audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hotline.core.errors import InvalidInput, gettext_noop
from hotline.core.people import PersonRow, read_people
from hotline.core.pinyin import pinyin_key_text, syllables
from hotline.core.tabular import RowError, TableError, read_rows

from .models import Absence, AuditEntry, Center, Company, Person, Team


def audit_record(*, actor, action: str, obj, before=None, after=None, reason: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=before,
        after=after,
        reason=reason,
    )


def center_get_or_create(*, name: str) -> Center:
    center = Center.objects.filter(name=name).first()
    if center:
        return center
    code = slugify("-".join(syllables(name))) or f"center-{Center.objects.count() + 1}"
    base, i = code, 1
    while Center.objects.filter(code=code).exists():
        i += 1
        code = f"{base}-{i}"
    return Center.objects.create(name=name, code=code)


@dataclass
class PeopleImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def _text_errors(
    file: str, row: int, column: str, value: str, limit: int, kind: str | None, override: str = ""
) -> list[RowError]:
    """NUL (PostgreSQL refuses it) or longer than the column — or than the pinyin sort key (400)."""
    if "\x00" in value:
        return [RowError(file, row, column, gettext_noop("含有空字符（NUL）"))]
    if len(value) > limit or (kind and len(pinyin_key_text(value, override, kind)) > 400):
        return [RowError(file, row, column, gettext_noop("过长"))]
    return []


def _people_checks(file: str, rows: list[PersonRow]) -> tuple[list[PersonRow], list[RowError]]:
    """Database-side checks of parsed people rows → the rows to write and the refused ones' errors.

    A new person's login is named after the work number: an existing account of that name that is
    not this person's (the superuser ``admin``, another person's login) is never taken over.
    """
    User = get_user_model()
    numbers = [r.work_number for r in rows if "\x00" not in r.work_number]  # NUL: a row error below
    people = set(Person.objects.filter(work_number__in=numbers).values_list("work_number", flat=True))
    taken = set(
        User.objects.filter(username__in=[n for n in numbers if n not in people]).values_list(
            "username", flat=True
        )
    )
    good, errors = [], []
    for r in rows:
        errs = []
        for column, value, limit, kind in (
            ("work_number", r.work_number, 40, None), ("name", r.name, 100, "person"),
            ("company", r.company, 100, "place"), ("team", r.team, 100, "place"),
            ("center", r.center, 100, "place"), ("pinyin", r.pinyin, 200, None),
        ):  # fmt: skip
            override = r.pinyin if column == "name" and "\x00" not in r.pinyin else ""
            errs += _text_errors(file, r.row, column, value, limit, kind, override)
        if not errs and r.work_number in taken:
            errs.append(
                RowError(file, r.row, "work_number", gettext_noop("该工号与一个已有的登录账号同名，不能导入"))
            )
        if errs:
            errors += errs
        else:
            good.append(r)
    return good, errors


def people_import(
    *, path: str | Path, keep_good_rows: bool = False, actor=None, default_password: str | None = None
):
    """Create or update people (idempotent on work number) with their center, company and team.

    A login is created for each new person (username = work number); it has no usable password
    unless ``default_password`` is given, so an administrator sets passwords deliberately. A login
    follows the person's role: administrator ⇒ Django admin rights, any other role ⇒ none (a
    re-import of an administrator as an agent drops them, on the audit trail). Refused rows: see
    ``_people_checks``; a refused file writes nothing.
    """
    table = read_rows(path)
    rows, errors = read_people(table, keep_good_rows=keep_good_rows)
    rows, db_errors = _people_checks(table.name, rows)
    errors = sorted([*errors, *db_errors], key=lambda e: (e.row, e.column))
    if db_errors and not keep_good_rows:
        raise TableError(errors)
    result = PeopleImportResult(errors=errors)
    with transaction.atomic():
        for r in rows:
            outcome = _person_upsert(r, default_password=default_password, actor=actor)
            setattr(result, outcome, getattr(result, outcome) + 1)
        if result.created or result.updated:
            AuditEntry.objects.create(
                actor=actor if actor is not None and actor.is_authenticated else None,
                action="people.import",
                object_type="file",
                object_id=Path(path).name[:80],
                after={"created": result.created, "updated": result.updated},
            )
    return result


def _person_upsert(r: PersonRow, *, default_password: str | None, actor=None) -> str:
    center = center_get_or_create(name=r.center)
    company = Company.objects.get_or_create(center=center, name=r.company)[0] if r.company else None
    team = Team.objects.get_or_create(center=center, name=r.team)[0] if r.team else None
    person = Person.objects.filter(work_number=r.work_number).first()
    values = {
        "name": r.name,
        "center": center,
        "company": company,
        "team": team,
        "role": r.role,
        "pinyin": r.pinyin,
    }
    privileged = r.role == "admin"  # The administrator role sees everything (§1), the Django admin included.
    if person is None:
        User = get_user_model()
        user = User(username=r.work_number)  # _people_checks refused a name already taken
        if default_password:
            user.set_password(default_password)
        else:
            user.set_unusable_password()
        user.is_staff = user.is_superuser = privileged
        user.save()
        Person.objects.create(work_number=r.work_number, user=user, **values)
        return "created"
    user_changed = _sync_privileges(person, privileged, actor)
    changed = any(getattr(person, k) != v for k, v in values.items())
    if not changed:
        return "updated" if user_changed else "unchanged"
    for k, v in values.items():
        setattr(person, k, v)
    person.save()
    return "updated"


def _sync_privileges(person: Person, privileged: bool, actor) -> bool:
    """The login's admin rights follow the imported role (kept only for administrators); audited."""
    user = person.user
    if user is None or (user.is_staff == privileged and user.is_superuser == privileged):
        return False
    before = {"is_staff": user.is_staff, "is_superuser": user.is_superuser}
    user.is_staff = user.is_superuser = privileged
    user.save(update_fields=["is_staff", "is_superuser"])
    audit_record(
        actor=actor, action="people.import.privileges", obj=person, before=before,
        after={"is_staff": privileged, "is_superuser": privileged},
    )  # fmt: skip
    return True


# --- absences (leave, §3.4) ----------------------------------------------------------------------


class AbsenceError(InvalidInput):
    """The absence was refused (days out of order, overlap with another absence of the person)."""


def _absence_dict(a: Absence) -> dict:
    return {
        "person": a.person.work_number, "first_day": a.first_day.isoformat(), "last_day": a.last_day.isoformat(),
        "kind": a.kind, "half": a.half, "note": a.note,
    }  # fmt: skip


@transaction.atomic
def absence_add(
    *,
    person: Person,
    first_day: dt.date,
    last_day: dt.date | None = None,
    kind: str = Absence.Kind.ANNUAL,
    half: str = "",
    note: str = "",
    actor=None,
) -> Absence:
    """Record ``person``'s absence, ``first_day`` to ``last_day`` inclusive (one day when omitted).

    Refused: last day before the first, an unknown kind, a half day spanning several days, and an
    overlap with another absence of the same person (two half days of one date overlap only when
    they are the same half or one of them is a whole day).
    """
    last_day = last_day or first_day
    if last_day < first_day:
        raise AbsenceError(_("结束日期早于开始日期"))
    if kind not in Absence.Kind.values:
        raise AbsenceError(_("未知的缺勤类型"))
    if half not in Absence.Half.values:
        raise AbsenceError(_("半天只能是上午或下午"))
    if half and last_day != first_day:
        raise AbsenceError(_("半天缺勤只能是一天"))
    Person.objects.select_for_update(of=("self",)).filter(
        pk=person.pk
    ).first()  # serialise adds for one person
    clashes = Absence.objects.filter(person=person, first_day__lte=last_day, last_day__gte=first_day)
    for other in clashes:
        if half and other.half and other.half != half:
            continue  # morning and afternoon of the same day
        raise AbsenceError(
            _("与已有缺勤重叠：%(first)s – %(last)s")
            % {"first": other.first_day.isoformat(), "last": other.last_day.isoformat()}
        )
    absence = Absence.objects.create(
        person=person, first_day=first_day, last_day=last_day, kind=kind, half=half, note=note.strip()[:200],
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    audit_record(actor=actor, action="org.absence_add", obj=absence, after=_absence_dict(absence))
    return absence


@transaction.atomic
def absence_delete(*, absence: Absence, actor=None) -> None:
    before = _absence_dict(absence)
    audit_record(actor=actor, action="org.absence_delete", obj=absence, before=before)
    absence.delete()
