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
from hotline.org.models import Center, Person, Role
from hotline.org.policies import next_free_day, policy_append
from hotline.org.services import audit_record

from . import services_intraday
from .models import EscalationLevel, IntradaySettings, RosterAssignment, RosterRule, ShiftType

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


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


def _level_snapshot(lv: EscalationLevel) -> dict:
    return {
        "level": lv.level, "min_severity": lv.min_severity, "role": lv.role,
        "person": lv.person.work_number if lv.person_id else None, "within_minutes": lv.within_minutes,
    }  # fmt: skip


def escalation_level_set(
    *, center: Center, level: int, within_minutes: int, min_severity: float = 0.0, role: str = "",
    person: Person | None = None, actor=None,
) -> EscalationLevel:  # fmt: skip
    """Create or change level ``level`` of the center: who (a role and/or a person of the center)
    must be told within ``within_minutes`` of an alert at least ``min_severity`` (fraction)."""
    if level < 1:
        raise SettingsError(gettext("级别从 1 开始"))
    if within_minutes < 1:
        raise SettingsError(gettext("时限至少 1 分钟"))
    if not (0 <= min_severity <= 10):
        raise SettingsError(gettext("起报程度应在 0 与 10 之间"))
    if role and role not in Role.values:
        raise SettingsError(gettext("未知角色"))
    if not role and person is None:
        raise SettingsError(gettext("请指定角色或负责人"))
    if person is not None and person.center_id != center.pk:
        raise SettingsError(gettext("负责人不属于该中心"))
    with transaction.atomic():
        old = EscalationLevel.objects.filter(center=center, level=level).select_related("person").first()
        before = _level_snapshot(old) if old else None
        obj = services_intraday.escalation_level_save(
            center=center, level=level, within_minutes=within_minutes, min_severity=min_severity, role=role,
            person=person,
        )  # fmt: skip
        audit_record(
            actor=actor, action="escalation_level.update" if before else "escalation_level.create", obj=obj,
            before=before, after=_level_snapshot(obj),
        )  # fmt: skip
    return obj


def escalation_level_delete(*, level: EscalationLevel, actor=None) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="escalation_level.delete", obj=level, before=_level_snapshot(level))
        level.delete()


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
