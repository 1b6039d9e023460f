"""Every write to the organisation goes through here (transactional, audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hotline.core.errors import InvalidInput
from hotline.core.people import PersonRow, read_people
from hotline.core.pinyin import syllables
from hotline.core.tabular import RowError, read_rows

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


def people_import(
    *, path: str | Path, keep_good_rows: bool = False, actor=None, default_password: str | None = None
):
    """Create or update people (idempotent on work number) with their center, company and team.

    A login is created for each new person (username = work number); it has no usable password
    unless ``default_password`` is given, so an administrator sets passwords deliberately.
    """
    table = read_rows(path)
    rows, errors = read_people(table, keep_good_rows=keep_good_rows)
    result = PeopleImportResult(errors=errors)
    with transaction.atomic():
        for r in rows:
            outcome = _person_upsert(r, default_password=default_password)
            setattr(result, outcome, getattr(result, outcome) + 1)
        if result.created or result.updated:
            AuditEntry.objects.create(
                actor=actor if actor is not None and actor.is_authenticated else None,
                action="people.import",
                object_type="file",
                object_id=Path(path).name,
                after={"created": result.created, "updated": result.updated},
            )
    return result


def _person_upsert(r: PersonRow, *, default_password: str | None) -> str:
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
    if person is None:
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=r.work_number)
        if default_password:
            user.set_password(default_password)
        else:
            user.set_unusable_password()
        # The administrator role sees everything (§1), the Django admin included.
        user.is_staff = user.is_superuser = r.role == "admin"
        user.save()
        Person.objects.create(work_number=r.work_number, user=user, **values)
        return "created"
    changed = any(getattr(person, k) != v for k, v in values.items())
    if not changed:
        return "unchanged"
    for k, v in values.items():
        setattr(person, k, v)
    person.save()
    return "updated"


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
