"""Every write to the organisation goes through here (transactional, audited)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from hotline.core.people import PersonRow, read_people
from hotline.core.pinyin import syllables
from hotline.core.tabular import RowError, read_rows

from .models import AuditEntry, Center, Company, Person, Team


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
