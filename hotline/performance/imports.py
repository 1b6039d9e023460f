"""Imports of the appraisal's inputs and satisfaction surveys (§6, §7): CSV/XLSX (UTF-8, BOM, GB18030).

Same standards as the call import: every row is checked first and errors name file, row and column;
a file with a bad row imports nothing unless ``keep_good_rows``; the writes are one transaction;
rows are matched on a natural key, so importing the same file twice changes nothing. Rows of a month
whose appraisal is signed off (locked) are refused.

Columns (English or Chinese headers):

* attendance — agent/工号, date/日期, kind/类型 (late 迟到, early 早退, sick 病假, personal 事假),
  days/天数 (default 1), note/备注. Key: agent + date + kind.
* exams — agent, date, score/成绩, pass_mark/合格线 (optional), exam/考试 (optional name).
  Key: agent + date + exam.
* accuracy — agent, month/月份 (2026-10 or a date in it), accuracy/准确率 (%), cases_over_limit/
  超时案件数, mean_handling_minutes/平均在手时间 (minutes). Key: agent + month.
* commendations, violations — agent, date, points/分值, kind/种类, note/说明, id/编号 (optional).
  Key: id when given, else agent + date + kind + note.
* surveys — call_id/呼叫编号 or agent (one of them), date, satisfied/满意 (1/0, yes/no, 满意/不满意,
  是/否), suggestion/建议, id (optional). Key: id, else call_id, else agent + date + suggestion.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from hotline.core.errors import InvalidInput, gettext_noop
from hotline.core.tabular import RowError, Table, read_rows, require_columns
from hotline.org.models import AuditEntry, Person

from .models import Attendance, Exam, Incident, IncidentType, SurveyResponse, WorkMonth

KINDS = ("attendance", "exams", "accuracy", "commendations", "violations", "surveys")

ALIASES = {
    "工号": "agent", "座席": "agent", "日期": "date", "类型": "kind", "种类": "kind", "天数": "days",
    "备注": "note", "说明": "note", "成绩": "score", "合格线": "pass_mark", "考试": "exam", "月份": "month",
    "准确率": "accuracy", "超时案件数": "cases_over_limit", "平均在手时间": "mean_handling_minutes",
    "分值": "points", "编号": "id", "呼叫编号": "call_id", "满意": "satisfied", "建议": "suggestion",
}  # fmt: skip

REQUIRED = {
    "attendance": ("agent", "date", "kind"),
    "exams": ("agent", "date", "score"),
    "accuracy": ("agent", "month"),
    "commendations": ("agent", "date", "points"),
    "violations": ("agent", "date", "points"),
    "surveys": ("date", "satisfied"),
}

ATTENDANCE_WORDS = {
    "late": "late", "迟到": "late", "early": "early", "早退": "early", "sick": "sick", "病假": "sick",
    "personal": "personal", "事假": "personal",
}  # fmt: skip
YES = {"1", "y", "yes", "true", "满意", "是", "非常满意"}
NO = {"0", "n", "no", "false", "不满意", "否", "非常不满意"}


class HrImportFailed(InvalidInput):
    """The file has bad rows: nothing was written (``errors``: every row error)."""

    code = "import_failed"

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(gettext_noop("%(n)s 行有错误，未导入任何数据"), params={"n": len(errors)})


@dataclass
class HrImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


class _Bad(InvalidInput):
    """A cell that cannot be read: ``column``, ``reason`` (a source text) and its ``params`` go into
    the row's error, rendered in the reader's language when read."""

    def __init__(self, column: str, reason: str, **params):
        super().__init__(reason, field=column, params=params)
        self.column, self.reason = column, reason


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _date(v: object, column: str = "date") -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = _text(v).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(s[:10]) if len(s) >= 8 else dt.date.fromisoformat(s)
    except ValueError:
        parts = s.split("-")
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except (ValueError, IndexError):
            raise _Bad(column, gettext_noop("“%(v)s”不是日期（格式 YYYY-MM-DD）"), v=_text(v)) from None


def _month(v: object) -> dt.date:
    if isinstance(v, dt.date | dt.datetime):
        return _date(v, "month").replace(day=1)
    s = _text(v).replace("/", "-").replace("年", "-").replace("月", "")
    parts = [p for p in s.split("-") if p]
    try:
        return dt.date(int(parts[0]), int(parts[1]), 1)
    except (ValueError, IndexError):
        raise _Bad("month", gettext_noop("“%(v)s”不是月份（格式 YYYY-MM）"), v=_text(v)) from None


def _number(v: object, column: str, *, low: float | None = None, high: float | None = None, default=None):
    s = _text(v).rstrip("%")
    if s == "":
        if default is not None:
            return default
        raise _Bad(column, gettext_noop("须填写数字"))
    try:
        x = float(s)
    except ValueError:
        raise _Bad(column, gettext_noop("“%(v)s”不是数字"), v=s) from None
    if (low is not None and x < low) or (high is not None and x > high):
        raise _Bad(
            column, gettext_noop("%(v)s 超出 %(low)s…%(high)s"), v=f"{x:g}", low=f"{low:g}", high=f"{high:g}"
        )
    return x


def _optional_number(v: object, column: str, **kw):
    return None if _text(v).rstrip("%") == "" else _number(v, column, **kw)


def _digest(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


@dataclass
class _Ctx:
    people: dict[str, Person]
    locked: set[tuple[int, dt.date]]  # (center id, month)
    calls: dict[str, tuple[int | None, int]]  # call_id → (agent id, center id)


def _agent(rec: dict, ctx: _Ctx, *, required: bool = True) -> Person | None:
    wn = _text(rec.get("agent"))
    if not wn:
        if required:
            raise _Bad("agent", gettext_noop("须填写座席工号"))
        return None
    p = ctx.people.get(wn)
    if p is None:
        raise _Bad("agent", gettext_noop("没有工号为“%(v)s”的人员"), v=wn)
    return p


def _check_open(p: Person, day: dt.date, ctx: _Ctx, column: str) -> None:
    if (p.center_id, day.replace(day=1)) in ctx.locked:
        raise _Bad(
            column,
            gettext_noop("%(month)s 已为%(center)s确认：请先重新打开"),
            month=f"{day:%Y-%m}",
            center=str(p.center),
        )


def _parse(kind: str, rec: dict, ctx: _Ctx) -> tuple[type, str, dict]:
    """(model, natural key, field values) of one row, or raise _Bad."""
    if kind == "attendance":
        p = _agent(rec, ctx)
        day = _date(rec.get("date"))
        word = _text(rec.get("kind")).lower()
        if word not in ATTENDANCE_WORDS:
            raise _Bad("kind", gettext_noop("未知的类型“%(v)s”（迟到、早退、病假、事假）"), v=word)
        k = ATTENDANCE_WORDS[word]
        days = _number(rec.get("days"), "days", low=0, high=31, default=1.0)
        _check_open(p, day, ctx, "date")
        return Attendance, f"{p.work_number}|{day}|{k}", {
            "agent_id": p.pk, "date": day, "kind": k, "days": days, "note": _text(rec.get("note"))[:300],
        }  # fmt: skip
    if kind == "exams":
        p = _agent(rec, ctx)
        day = _date(rec.get("date"))
        score = _number(rec.get("score"), "score", low=0, high=100)
        mark = _optional_number(rec.get("pass_mark"), "pass_mark", low=0, high=100)
        name = _text(rec.get("exam"))[:100]
        _check_open(p, day, ctx, "date")
        return Exam, f"{p.work_number}|{day}|{name}", {
            "agent_id": p.pk, "date": day, "score": score, "pass_mark": mark, "name": name,
        }  # fmt: skip
    if kind == "accuracy":
        p = _agent(rec, ctx)
        month = _month(rec.get("month"))
        acc = _optional_number(rec.get("accuracy"), "accuracy", low=0, high=100)
        cases = _number(rec.get("cases_over_limit"), "cases_over_limit", low=0, high=100000, default=0.0)
        if not float(cases).is_integer():
            raise _Bad("cases_over_limit", gettext_noop("件数须为整数"))
        mean = _optional_number(rec.get("mean_handling_minutes"), "mean_handling_minutes", low=0, high=1440)
        _check_open(p, month, ctx, "month")
        return WorkMonth, f"{p.work_number}|{month:%Y-%m}", {
            "agent_id": p.pk, "month": month, "accuracy": acc, "cases_over_limit": int(cases),
            "mean_handling_minutes": mean,
        }  # fmt: skip
    if kind in ("commendations", "violations"):
        p = _agent(rec, ctx)
        day = _date(rec.get("date"))
        high = 5 if kind == "commendations" else 10
        pts = _number(rec.get("points"), "points", low=1, high=high)
        if not float(pts).is_integer():
            raise _Bad("points", gettext_noop("分数须为整数"))
        kind_text, note = _text(rec.get("kind"))[:60], _text(rec.get("note"))[:300]
        typ = IncidentType.COMMENDATION if kind == "commendations" else IncidentType.VIOLATION
        ref = _text(rec.get("id"))
        key = f"{typ}|{ref}" if ref else f"{typ}|{p.work_number}|{day}|{kind_text}|{_digest(note)}"
        _check_open(p, day, ctx, "date")
        return Incident, key, {
            "agent_id": p.pk, "type": typ, "date": day, "kind": kind_text, "points": int(pts), "note": note,
        }  # fmt: skip
    # surveys
    day = _date(rec.get("date"))
    call_ref = _text(rec.get("call_id"))
    p = _agent(rec, ctx, required=False)
    agent_id, center_id = (p.pk, p.center_id) if p else (None, None)
    if call_ref:
        if call_ref not in ctx.calls:
            raise _Bad("call_id", gettext_noop("没有编号为“%(v)s”的呼叫"), v=call_ref)
        call_agent, call_center = ctx.calls[call_ref]
        agent_id = agent_id or call_agent
        center_id = call_center
    if center_id is None:
        raise _Bad("agent", gettext_noop("须填写呼叫编号或座席工号"))
    word = _text(rec.get("satisfied")).lower()
    if word not in YES | NO:
        raise _Bad("satisfied", gettext_noop("“%(v)s”不是是/否（1/0、满意/不满意、是/否）"), v=word)
    suggestion = _text(rec.get("suggestion"))
    ref = _text(rec.get("id"))
    key = ref or (f"call|{call_ref}" if call_ref else f"{p.work_number}|{day}|{_digest(suggestion)}")
    return SurveyResponse, key, {
        "center_id": center_id, "agent_id": agent_id, "call_ref": call_ref, "date": day,
        "satisfied": word in YES, "suggestion": suggestion,
    }  # fmt: skip


def _normalise_header(table: Table) -> Table:
    header = tuple(ALIASES.get(h, h) for h in table.header)
    return Table(table.name, header, table.rows, table.encoding, table.first_row_number, table.raw_header)


def _context(table: Table, kind: str) -> _Ctx:
    from hotline.calls.models import Call

    from .models import AppraisalSignoff

    numbers = {_text(rec.get("agent")) for _, rec in table.records()} - {""}
    people = {
        p.work_number: p for p in Person.objects.filter(work_number__in=numbers).select_related("center")
    }
    locked = set(AppraisalSignoff.objects.filter(locked=True).values_list("center_id", "month"))
    calls: dict[str, tuple[int | None, int]] = {}
    if kind == "surveys":
        ids = [_text(rec.get("call_id")) for _, rec in table.records()]
        for cid, agent_id, center_id in Call.objects.filter(call_id__in=[i for i in ids if i]).values_list(
            "call_id", "agent_id", "center_id"
        ):
            calls[cid] = (agent_id, center_id)
    return _Ctx(people, locked, calls)


def hr_import(
    *,
    kind: str,
    path: str | Path,
    actor=None,
    keep_good_rows: bool = False,
    name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> HrImportResult:
    """Import one file of ``kind`` (see the module docstring); raises HrImportFailed on bad rows."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind '{kind}' (one of {', '.join(KINDS)})")
    table = _normalise_header(read_rows(path))
    if name:
        table = Table(
            name, table.header, table.rows, table.encoding, table.first_row_number, table.raw_header
        )
    require_columns(table, REQUIRED[kind])
    if kind == "surveys" and "call_id" not in table.header and "agent" not in table.header:
        raise HrImportFailed([RowError(table.name, 1, "call_id", gettext_noop("须有呼叫编号列或座席列"))])
    ctx = _context(table, kind)
    good: list[tuple[int, type, str, dict]] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row, rec in table.records():
        try:
            model, key, values = _parse(kind, rec, ctx)
        except _Bad as bad:
            errors.append(RowError(table.name, row, bad.column, bad.reason, bad.params or None))
            continue
        if key in seen:
            errors.append(
                RowError(table.name, row, "", gettext_noop("与第 %(row)s 行是同一条记录"), {"row": seen[key]})
            )
            continue
        seen[key] = row
        good.append((row, model, key, values))
    if errors and not keep_good_rows:
        raise HrImportFailed(errors)
    result = HrImportResult(kind=kind, rows=len(good) + len(errors), errors=errors)
    with transaction.atomic():
        for i, (_row, model, key, values) in enumerate(good):
            obj = model.objects.filter(key=key).first()
            if obj is None:
                model.objects.create(key=key, **values)
                result.created += 1
            elif any(getattr(obj, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(obj, f, v)
                obj.save()
                result.updated += 1
            else:
                result.unchanged += 1
            if progress and (i % 200 == 0 or i == len(good) - 1):
                progress(i + 1, len(good))
        if result.created or result.updated:
            AuditEntry.objects.create(
                actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
                action=f"performance.import.{kind}",
                object_type="file",
                object_id=table.name[:80],
                after={"created": result.created, "updated": result.updated, "left_out": len(errors)},
            )
    return result
