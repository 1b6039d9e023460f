"""Workforce writes, part 4 (§5 settings): shift types, next-day rules, escalation levels and the
intraday alert thresholds of a center. Every change is audited (``audit_record``).

Times are local wall-clock times of the center; breaks are ``[["12:00", "14:00"], …]`` inside the
shift; thresholds are fractions (0.5 = 50%); escalation time limits are minutes.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils.translation import gettext

from hotline.core.errors import InvalidInput
from hotline.core.params import parse_float, parse_id, parse_int
from hotline.org.models import Center, Person, Role
from hotline.org.policies import next_free_day, policy_append, policy_history
from hotline.org.services import audit_record

from ..models import EscalationLevel, IntradaySettings, RosterAssignment, RosterRule, ShiftType

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_LEVEL, MAX_MINUTES = 99, 7 * 24 * 60  # escalation: levels 1…99, a time limit of at most a week


class SettingsError(InvalidInput):
    """A setting that cannot be saved; the message is shown to the user."""


def _hhmm(t: dt.time | None) -> str | None:
    return None if t is None else t.strftime("%H:%M")


def _minutes(text: str) -> int:
    h, m = (int(x) for x in str(text).split(":"))
    if not (0 <= h <= 24 and 0 <= m < 60):
        raise ValueError(text)
    return h * 60 + m


def parse_breaks(text: str) -> list[list[str]]:
    """``"12:00-14:00, 18:00-18:30"`` → ``[["12:00", "14:00"], ["18:00", "18:30"]]``."""
    out = []
    for part in re.split(r"[,，;；\s]+", text or ""):
        if not part:
            continue
        a, sep, b = part.replace("–", "-").replace("~", "-").partition("-")
        try:
            if not sep:
                raise ValueError(part)
            out.append(
                [
                    f"{_minutes(a) // 60:02d}:{_minutes(a) % 60:02d}",
                    f"{_minutes(b) // 60:02d}:{_minutes(b) % 60:02d}",
                ]
            )
        except ValueError:
            raise SettingsError(
                gettext("休息时间格式应为 12:00-14:00，而不是「%(part)s」") % {"part": part}
            ) from None
    return out


def format_breaks(breaks) -> str:
    return ", ".join(f"{a}-{b}" for a, b in breaks or [])


def _shift_snapshot(s: ShiftType) -> dict:
    return {
        "name": s.name, "short": s.short, "start": _hhmm(s.start), "end": _hhmm(s.end), "breaks": s.breaks,
        "night": s.night, "is_rest": s.is_rest, "colour": s.colour, "order": s.order,
    }  # fmt: skip


def shift_type_save(
    *, center: Center, name: str, short: str, start: dt.time | None = None, end: dt.time | None = None,
    breaks: list | None = None, night: bool = False, is_rest: bool = False, colour: str = "#e3f2fd",
    order: int = 0, shift: ShiftType | None = None, actor=None,
) -> ShiftType:  # fmt: skip
    """Create (``shift`` None) or change a shift type. A working shift needs a start and an end
    (an end before the start runs past midnight); breaks must lie inside the shift; a rest shift
    has no times. The short name (one character on the roster grid) is unique in the center."""
    name, short = (name or "").strip(), (short or "").strip()
    breaks = [list(b) for b in breaks or []]
    if not name or not short:
        raise SettingsError(gettext("请填写班次名称和简称"))
    if shift is not None and shift.center_id != center.pk:
        raise SettingsError(gettext("班次不属于该中心"))
    if not COLOUR.match(colour or ""):
        raise SettingsError(gettext("颜色应为 #RRGGBB"))
    if is_rest:
        start = end = None
        breaks, night = [], False
    elif start is None or end is None:
        raise SettingsError(gettext("工作班次须填写上班和下班时间"))
    else:
        s0 = start.hour * 60 + start.minute
        s1 = end.hour * 60 + end.minute
        if s1 <= s0:
            s1 += 1440  # overnight
        if s1 == s0:
            raise SettingsError(gettext("上班与下班时间不能相同"))
        for a, b in breaks:
            b0, b1 = _minutes(a), _minutes(b)
            if b0 < s0:
                b0, b1 = b0 + 1440, b1 + 1440
            if b1 <= b0:
                b1 += 1440
            if not (s0 <= b0 < b1 <= s1):
                raise SettingsError(gettext("休息 %(start)s-%(end)s 不在班次时间内") % {"start": a, "end": b})
    same = ShiftType.objects.filter(center=center, short=short)
    if shift is not None:
        same = same.exclude(pk=shift.pk)
    if same.exists():
        raise SettingsError(gettext("简称「%(short)s」已被其它班次使用") % {"short": short})
    if (
        is_rest
        and ShiftType.objects.filter(center=center, is_rest=True)
        .exclude(pk=getattr(shift, "pk", None))
        .exists()
    ):
        raise SettingsError(gettext("本中心已有休息班次"))
    with transaction.atomic():
        before = _shift_snapshot(shift) if shift is not None else None
        obj = shift or ShiftType(center=center)
        obj.name, obj.short, obj.start, obj.end = name, short, start, end
        obj.breaks, obj.night, obj.is_rest, obj.colour, obj.order = breaks, night, is_rest, colour, order
        obj.save()
        audit_record(
            actor=actor, action="shift_type.update" if before else "shift_type.create", obj=obj, before=before,
            after=_shift_snapshot(obj),
        )  # fmt: skip
    return obj


def shift_type_delete(*, shift: ShiftType, actor=None) -> None:
    """Delete a shift type no roster uses (rostered shifts keep their type)."""
    if RosterAssignment.objects.filter(shift=shift).exists():
        raise SettingsError(gettext("该班次已用于排班，不能删除"))
    with transaction.atomic():
        audit_record(actor=actor, action="shift_type.delete", obj=shift, before=_shift_snapshot(shift))
        shift.delete()


def rules_of(center: Center) -> dict[int, list[int]]:
    """{shift id: [allowed next shift ids]} for the shifts that have a rule (others: any)."""
    return {
        r.shift_id: sorted(a.pk for a in r.allowed_next.all())
        for r in RosterRule.objects.filter(center=center).prefetch_related("allowed_next")
    }


def _rules_text(center: Center) -> dict[str, list[str]]:
    return {
        r.shift.short: sorted(a.short for a in r.allowed_next.all())
        for r in RosterRule.objects.filter(center=center)
        .select_related("shift")
        .prefetch_related("allowed_next")
    }


def roster_rules_save(*, center: Center, rules: dict[ShiftType, list[ShiftType] | None], actor=None) -> dict:
    """Set the next-day rule of each given shift: a list of shifts that may follow it, or None for
    "any shift may follow" (the rule is removed). Shifts not given keep their rule."""
    for s, allowed in rules.items():
        if s.center_id != center.pk or any(a.center_id != center.pk for a in allowed or ()):
            raise SettingsError(gettext("班次不属于该中心"))
        if allowed is not None and not allowed:
            raise SettingsError(gettext("「%(shift)s」之后至少要允许一个班次") % {"shift": s.name})
    with transaction.atomic():
        before = _rules_text(center)
        for s, allowed in rules.items():
            RosterRule.objects.filter(center=center, shift=s).delete()
            if allowed is not None:
                rule = RosterRule.objects.create(center=center, shift=s)
                rule.allowed_next.set(allowed)
        after = _rules_text(center)
        audit_record(actor=actor, action="roster_rules.update", obj=center, before=before, after=after)
    return after


def escalation_level_set(
    *, center: Center | None, level: int, within_minutes: int, min_severity: float = 0.0, role: str = "",
    person: Person | None = None, person_id: int | None = None, effective_from: dt.date | None = None,
    actor=None, today: dt.date | None = None,
) -> EscalationLevel:  # fmt: skip
    """A new version of level ``level`` of the center from ``effective_from`` (default: the first free
    day of that level, today when possible): who (a role and/or a person of the center, given as
    ``person`` or its id ``person_id``) must be told within ``within_minutes`` of an alert at least
    ``min_severity`` (fraction). Appended through ``hotline.org.policies`` (kind ``escalation``, audited
    ``escalation_level.create`` / ``.end``); a day already past is refused, so a past alert keeps the
    levels of its day."""
    if center is None:
        raise SettingsError(gettext("上报级别须按中心设置"))
    level = parse_int(level, field="level", max=MAX_LEVEL)
    within_minutes = parse_int(within_minutes, field="within_minutes", max=MAX_MINUTES)
    min_severity = parse_float(min_severity, field="min_severity", default=0.0)
    if level is None or level < 1:
        raise SettingsError(gettext("级别从 1 开始"))
    if within_minutes is None or within_minutes < 1:
        raise SettingsError(gettext("时限至少 1 分钟"))
    if not (0 <= min_severity <= 10):
        raise SettingsError(gettext("起报程度应在 0 与 10 之间"))
    role = role or ""
    if role and role not in Role.values:
        raise SettingsError(gettext("未知角色"))
    if person is None and person_id is not None:
        person = Person.objects.filter(pk=parse_id(person_id, field="person_id")).first()
        if person is None:
            raise SettingsError(gettext("负责人不属于该中心"))
    if not role and person is None:
        raise SettingsError(gettext("请指定角色或负责人"))
    if person is not None and person.center_id != center.pk:
        raise SettingsError(gettext("负责人不属于该中心"))
    values = {
        "within_minutes": within_minutes, "min_severity": min_severity, "role": role,
        "person_id": person.pk if person is not None else None, "removed": False,
    }  # fmt: skip
    return _escalation_append(center, level, values, effective_from, actor, today)


def escalation_level_remove(
    *, center: Center | None, level: int, effective_from: dt.date | None = None, actor=None,
    today: dt.date | None = None,
) -> EscalationLevel:  # fmt: skip
    """Withdraw level ``level`` of the center from ``effective_from`` (default: the first free day of
    that level): a version with ``removed`` set (its other values those of the latest version, so the
    history shows what was withdrawn); nothing is deleted, and days before keep the level."""
    if center is None:
        raise SettingsError(gettext("上报级别须按中心设置"))
    level = parse_int(level, field="level", max=MAX_LEVEL)
    latest = policy_history("escalation", center, level=level)[:1]
    if not latest or latest[0].removed:
        raise SettingsError(gettext("该级别未设置或已删除"))
    lv = latest[0]
    values = {
        "within_minutes": lv.within_minutes, "min_severity": lv.min_severity, "role": lv.role,
        "person_id": lv.person_id, "removed": True,
    }  # fmt: skip
    return _escalation_append(center, level, values, effective_from, actor, today)


def escalation_policy_append(
    *, center: Center | None, level: int, effective_from: dt.date | None = None, actor=None,
    removed: bool = False, **values,
) -> EscalationLevel:  # fmt: skip
    """``/api/policies/escalation``'s write: ``removed`` true withdraws the level, else
    :func:`escalation_level_set` with the values given."""
    if removed not in (True, False):
        raise SettingsError(gettext("「已删除」须为 true 或 false"))
    if removed:
        return escalation_level_remove(center=center, level=level, effective_from=effective_from, actor=actor)
    return escalation_level_set(
        center=center, level=level, effective_from=effective_from, actor=actor, **values
    )


def _escalation_append(center, level, values, effective_from, actor, today) -> EscalationLevel:
    today = today or center.today()
    return policy_append(
        "escalation", center=center, values=values, key={"level": level}, today=today, actor=actor,
        effective_from=effective_from or next_free_day("escalation", center, today, level=level),
        error=SettingsError,
    )  # fmt: skip


def intraday_thresholds_save(
    *,
    center: Center,
    volume_over: float,
    staff_under: float,
    effective_from: dt.date | None = None,
    actor=None,
    today: dt.date | None = None,
) -> IntradaySettings:
    """A new version of the §5 alert thresholds from ``effective_from`` (default: the first free day,
    today when possible): volume above forecast by ``volume_over`` (0 < x ≤ 10), staffed below
    scheduled by ``staff_under`` (0 < x < 1). Past days keep the thresholds they were judged by."""
    if not (0 < volume_over <= 10 and 0 < staff_under < 1):
        raise SettingsError(gettext("阈值超出范围"))
    today = today or center.today()
    return policy_append(
        "intraday", center=center, values={"volume_over": volume_over, "staff_under": staff_under},
        effective_from=effective_from or next_free_day("intraday", center, today), today=today, actor=actor,
        error=SettingsError,
    )  # fmt: skip
