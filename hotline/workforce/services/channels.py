"""Workforce writes, part 4 (§5 "Every channel"): contact counts of chat, email and fax queues.

Calls are forecast from the call records (inbound by ``direction=in``, outbound by ``out``). Chat,
email and fax have no call record: their history is imported as counts per interval.

The file (CSV in UTF-8/GB18030, or XLSX; English or Chinese headers) has the columns
``time``/时间 (the interval's start, local to the center without an offset), ``skill``/技能 (the
queue) or ``channel``/渠道 (when the center has one queue of that channel), ``count``/数量 and
optionally ``handle_time``/处理时长 (mean seconds per contact). The import is all-or-nothing and in
one transaction; rows are keyed on queue + start, so importing the same file twice changes nothing
and a corrected file replaces the counts. Every refused row is named with its row and column, in
the reader's language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext

from hotline.core.calllog import parse_time
from hotline.core.tabular import RowError, TableError, read_rows
from hotline.org.models import AuditEntry, Center

from ..contact_columns import ALIASES, CHANNEL_WORDS
from ..models import Channel, ContactCount, ContactImport, Skill

IMPORTED_CHANNELS = (Channel.CHAT, Channel.EMAIL, Channel.FAX)
HANDLE_HISTORY_DAYS = 28


def row_error_text(e: RowError) -> str:
    """A row error in the reader's language (file, row, column, reason)."""
    if e.row and e.column:
        return gettext("%(file)s 第 %(row)d 行，%(column)s 列：%(reason)s") % {
            "file": e.file, "row": e.row, "column": e.column, "reason": e.reason,
        }  # fmt: skip
    if e.row:
        return gettext("%(file)s 第 %(row)d 行：%(reason)s") % {
            "file": e.file,
            "row": e.row,
            "reason": e.reason,
        }
    return gettext("%(file)s：%(reason)s") % {"file": e.file, "reason": e.reason}


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _number(v: object) -> float | None:
    s = _text(v)
    if not s:
        return None
    try:
        x = float(s)
    except ValueError:
        return math.nan
    return x if math.isfinite(x) else math.nan


@dataclasses.dataclass
class ContactImportResult:
    batch: ContactImport
    created: int
    updated: int
    unchanged: int


def contact_import(
    *, center: Center, path: str | Path, name: str | None = None, actor=None
) -> ContactImportResult:
    """Import contact counts per interval (see the module docstring). Raises ``TableError`` with every
    row error (reasons in the active language) and writes nothing when any row is bad."""
    table = read_rows(path)
    if name:
        table = dataclasses.replace(table, name=name)
    header = tuple(ALIASES.get(h, h) for h in table.header)
    table = dataclasses.replace(table, header=header)
    file = table.name
    missing = [c for c in ("time", "count") if c not in header]
    if "skill" not in header and "channel" not in header:
        missing.append("skill")
    if missing:
        raise TableError(
            [
                RowError(
                    file,
                    1,
                    c,
                    gettext("缺少“%(column)s”列（表头：%(header)s）")
                    % {"column": c, "header": "、".join(table.raw_header)},
                )
                for c in missing
            ]  # fmt: skip
        )
    zone = ZoneInfo(center.timezone)
    skills = {s.name: s for s in Skill.objects.filter(center=center)}
    by_channel: dict[str, list[Skill]] = {}
    for s in skills.values():
        by_channel.setdefault(s.channel, []).append(s)
    errors: list[RowError] = []
    rows: dict[tuple[int, dt.datetime], tuple[float, float | None]] = {}
    seen_at: dict[tuple[int, dt.datetime], int] = {}
    for n, rec in table.records():
        bad_before = len(errors)

        def bad(column: str, reason: str, n=n) -> None:
            errors.append(RowError(file, n, column, reason))

        skill = None
        sname, cword = _text(rec.get("skill")), _text(rec.get("channel")).lower()
        channel = CHANNEL_WORDS.get(cword) if cword else None
        if cword and channel is None:
            bad("channel", gettext("未知渠道“%(v)s”（在线客服、邮件、传真）") % {"v": cword[:40]})
        if sname:
            skill = skills.get(sname)
            if skill is None:
                bad("skill", gettext("本中心没有技能“%(v)s”") % {"v": sname[:60]})
            elif skill.channel not in IMPORTED_CHANNELS:
                bad("skill", gettext("技能“%(v)s”是电话渠道，话务量来自通话记录") % {"v": sname[:60]})
                skill = None
            elif channel and skill.channel != channel:
                bad("channel", gettext("技能“%(v)s”不是该渠道") % {"v": sname[:60]})
        elif channel:
            found = by_channel.get(channel, [])
            if len(found) == 1:
                skill = found[0]
            else:
                bad("skill", gettext("本中心该渠道有 %(n)d 个技能，请填写技能") % {"n": len(found)})
        else:
            bad("skill", gettext("请填写技能或渠道"))
        try:
            start = parse_time(rec.get("time"), zone)
        except ValueError:
            start = None
            bad(
                "time",
                gettext("不是时间：“%(v)s”（如 2026-10-08 09:00）") % {"v": _text(rec.get("time"))[:40]},
            )
        else:
            if start is None:
                bad("time", gettext("请填写时间"))
        count = _number(rec.get("count"))
        if count is None or math.isnan(count) or count < 0:
            bad("count", gettext("数量应为不小于 0 的数字"))
        handle = _number(rec.get("handle_time"))
        if handle is not None and (math.isnan(handle) or handle <= 0 or handle > 86400):
            bad("handle_time", gettext("处理时长应为 0 到 86400 之间的秒数"))
        if len(errors) > bad_before or skill is None or start is None:
            continue
        key = (skill.pk, start)
        if key in seen_at:
            bad("time", gettext("与第 %(row)d 行是同一技能、同一时段") % {"row": seen_at[key]})
            continue
        seen_at[key] = n
        rows[key] = (float(count), handle)
    if errors:
        raise TableError(errors)
    if not rows:
        raise TableError([RowError(file, 0, "", gettext("文件中没有数据行"))])
    created = updated = unchanged = 0
    with transaction.atomic():
        batch = ContactImport.objects.create(
            center=center, source=file[:300], rows=len(rows),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        starts = [k[1] for k in rows]
        existing = {
            (c.skill_id, c.start): c
            for c in ContactCount.objects.filter(
                skill_id__in={k[0] for k in rows}, start__gte=min(starts), start__lte=max(starts)
            )
        }
        new, changed = [], []
        for (skill_id, start), (count, handle) in rows.items():
            old = existing.get((skill_id, start))
            if old is None:
                new.append(
                    ContactCount(skill_id=skill_id, start=start, count=count, handle_s=handle, batch=batch)
                )
            elif old.count == count and old.handle_s == handle:
                unchanged += 1
            else:
                old.count, old.handle_s, old.batch = count, handle, batch
                changed.append(old)
        ContactCount.objects.bulk_create(new, batch_size=2000)
        ContactCount.objects.bulk_update(changed, ["count", "handle_s", "batch"], batch_size=2000)
        created, updated = len(new), len(changed)
        ContactImport.objects.filter(pk=batch.pk).update(
            created=created, updated=updated, unchanged=unchanged
        )
        AuditEntry.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action="contacts.import", object_type="workforce.ContactImport", object_id=str(batch.pk),
            after={"source": file[:300], "created": created, "updated": updated, "unchanged": unchanged},
        )  # fmt: skip
    batch.refresh_from_db()
    return ContactImportResult(batch, created, updated, unchanged)


def contact_arrivals(skill: Skill, first: dt.date | None = None, last: dt.date | None = None):
    """(aware start, skill name, count) of the queue's imported counts (local dates first…last)."""
    qs = ContactCount.objects.filter(skill=skill)
    zone = ZoneInfo(skill.center.timezone)
    if first is not None:
        qs = qs.filter(start__gte=dt.datetime.combine(first, dt.time(0), tzinfo=zone))
    if last is not None:
        qs = qs.filter(start__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=zone))
    return ((s, skill.name, c) for s, c in qs.values_list("start", "count").iterator())


def contact_handle_s(skill: Skill, before: dt.date) -> float | None:
    """Mean handle time (seconds, weighted by count) of the queue's imported rows in the 28 days
    before ``before``; None when no row gives one."""
    zone = ZoneInfo(skill.center.timezone)
    end = dt.datetime.combine(before, dt.time(0), tzinfo=zone)
    agg = ContactCount.objects.filter(
        skill=skill, handle_s__isnull=False, count__gt=0,
        start__lt=end, start__gte=end - dt.timedelta(days=HANDLE_HISTORY_DAYS),
    ).aggregate(work=Sum(F("count") * F("handle_s")), n=Sum("count"))  # fmt: skip
    if not agg["n"]:
        return None
    return float(agg["work"]) / float(agg["n"])
