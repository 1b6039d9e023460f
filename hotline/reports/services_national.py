"""Writes of the national report (§7): the editable texts (audited), survey definitions and the
import of survey results.

Survey results file (CSV — UTF-8, UTF-8 with BOM or GBK/GB18030 as Excel on Chinese Windows saves
it — or XLSX; one header row; Chinese or English headers):

* ``id`` / 编号 / 样本编号 — the respondent (required; the key: importing the file again updates, never
  duplicates);
* ``date`` / 日期 (required), ``center`` / 中心 — name or code (required unless the importer has one
  center), ``call_id`` / 呼叫编号, ``theme`` / 主题 / 建议主题, ``suggestion`` / 建议;
* one column per survey item, headed by the item's code or its label: a score 1…scale_max, a yes/no
  word (是/否, 满意/不满意) or blank (not asked).

Every row is checked first; any row error refuses the whole file (nothing written) and each error
names the row and column in the reader's language. The writes are one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from hotline.core.errors import InvalidInput
from hotline.core.national import AnswerError, read_answer
from hotline.core.tabular import RowError, TableError, read_rows
from hotline.org.models import Center
from hotline.org.services import audit_record

from .models import NationalNote, Survey, SurveyAnswer, SurveyItem, SurveyReply
from .models_national import SECTIONS

SECTION_KEYS = tuple(k for k, _label in SECTIONS)
MAX_TEXT = 20_000
ALIASES = {
    "编号": "id", "样本编号": "id", "受访者": "id", "日期": "date", "回访日期": "date", "中心": "center",
    "呼叫编号": "call_id", "主题": "theme", "建议主题": "theme", "建议": "suggestion", "客户建议": "suggestion",
}  # fmt: skip
META = ("id", "date", "center", "call_id", "theme", "suggestion")


class SurveyImportFailed(InvalidInput):
    """The results file was refused; ``errors`` are the row errors (nothing was written)."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_("问卷结果有 %(n)s 处错误，未导入任何数据") % {"n": len(errors)})


def _clean_text(text: object, limit: int) -> str:
    t = "" if text is None else str(text)
    return t.replace("\x00", "").strip()[:limit]


def national_note_save(
    *, month: dt.date, section: str, center: Center | None, text: str, actor
) -> NationalNote:
    """Save one text of the national report (audited as ``report.national_note``)."""
    if section not in SECTION_KEYS and not (section.startswith("action:") and 0 < len(section) <= 80):
        raise InvalidInput(_("未知的报告部分"), field="section")
    text = (text or "").replace("\x00", "")
    if len(text) > MAX_TEXT:
        raise InvalidInput(_("内容最多 %(n)s 个字符") % {"n": MAX_TEXT}, field="text")
    with transaction.atomic():
        qs = NationalNote.objects.select_for_update().filter(month=month.replace(day=1), section=section)
        note = qs.filter(center=center).first() if center else qs.filter(center__isnull=True).first()
        if note is None:
            note = NationalNote(month=month.replace(day=1), section=section, center=center)
        before = note.text
        if note.pk and before == text:
            return note
        note.text = text
        note.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        note.save()
        audit_record(actor=actor, action="report.national_note", obj=note, before={"text": before},
                     after={"text": text})  # fmt: skip
    return note


ITEM_LINE = re.compile(r"^\s*([A-Za-z0-9_.\-]{1,40})\s*[,，:：\s]\s*(\S.{0,99})$")


def survey_define(
    *, name: str, items_text: str, scale_max: int = 5, satisfied_from: int = 4, actor
) -> Survey:
    """A new survey: ``items_text`` one item a line, "code 题目" (code: letters, digits, _ . -)."""
    name = _clean_text(name, 100)
    if not name:
        raise InvalidInput(_("请填写问卷名称"), field="name")
    if not 1 <= scale_max <= 10 or not 1 <= satisfied_from <= scale_max:
        raise InvalidInput(_("最高分须在1到10之间，满意起始分不能高于最高分"), field="scale_max")
    items = []
    for n, line in enumerate((items_text or "").splitlines(), 1):
        if not line.strip():
            continue
        m = ITEM_LINE.match(line.replace("\x00", ""))
        if not m:
            raise InvalidInput(_("第 %(n)s 行应为“题号 题目”，如 q1 服务态度") % {"n": n}, field="items")
        items.append((m.group(1), m.group(2).strip()))
    if not items:
        raise InvalidInput(_("至少需要一个题目"), field="items")
    codes = [c.lower() for c, _l in items]
    labels = [label for _c, label in items]
    if len(set(codes)) != len(codes) or len(set(labels)) != len(labels):
        raise InvalidInput(_("题号和题目不能重复"), field="items")
    if set(codes) & set(META) or set(labels) & set(ALIASES):
        raise InvalidInput(_("题号或题目与结果文件的固定列重名"), field="items")
    with transaction.atomic():
        if Survey.objects.filter(name=name).exists():
            raise InvalidInput(_("已有同名问卷"), field="name")
        survey = Survey.objects.create(name=name, scale_max=scale_max, satisfied_from=satisfied_from)
        SurveyItem.objects.bulk_create(
            [SurveyItem(survey=survey, code=c, label=label, position=i) for i, (c, label) in enumerate(items)]
        )
        audit_record(actor=actor, action="report.survey.create", obj=survey, before=None,
                     after={"name": name, "items": [list(x) for x in items], "scale_max": scale_max,
                            "satisfied_from": satisfied_from})  # fmt: skip
    return survey


@dataclass
class SurveyImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def _date(v: object) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    t = str(v or "").strip().replace("/", "-").replace(".", "-")
    t = re.sub(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$", r"\1-\2-\3", t)
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$", t)
    if not m:
        raise ValueError
    d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if not 2000 <= d.year <= 2099:
        raise ValueError
    return d


def _file_error(e: RowError, name: str | None) -> RowError:
    """A file-level refusal of ``core.tabular`` (English, for the command line) in the reader's language."""
    why = e.reason.lower()
    if "empty" in why:
        reason = _("文件是空的：需要一行标题")
    elif "neither utf-8" in why:
        reason = _("文件既不是 UTF-8 也不是 GBK/GB18030 文本")
    elif "too long" in why or "characters" in why:
        reason = _("文件中有过长的行或单元格")
    else:
        reason = _("文件无法读取：不是有效的 CSV 或 XLSX 文件")
    return RowError(name or e.file, e.row, e.column, reason)


def survey_results_import(
    *, survey: Survey, path: str | Path, allowed: list[Center], actor, name: str | None = None
) -> SurveyImportResult:
    """Import a results file of ``survey`` (module docstring); rows of centers outside ``allowed``
    are row errors. All or nothing; idempotent on the respondent id."""
    try:
        table = read_rows(path)
    except TableError as exc:
        raise SurveyImportFailed([_file_error(e, name) for e in exc.errors]) from None
    fname = name or table.name
    items = list(survey.items.all())
    by_header: dict[str, SurveyItem] = {}
    for it in items:
        by_header[it.code.lower()] = it
        by_header[it.label.strip().lower()] = it
    header = [ALIASES.get(h, h) for h in table.header]
    errors: list[RowError] = []
    columns: dict[int, str | SurveyItem] = {}
    for j, h in enumerate(header):
        raw = table.raw_header[j] if j < len(table.raw_header) else h
        if h in META:
            if h in columns.values():
                errors.append(RowError(fname, 1, raw, _("列重复")))
            columns[j] = h
        elif h in by_header:
            if by_header[h] in columns.values():
                errors.append(RowError(fname, 1, raw, _("题目列重复")))
            columns[j] = by_header[h]
        elif h:
            errors.append(
                RowError(
                    fname,
                    1,
                    raw,
                    _("不是本问卷的题目，也不是固定列（编号、日期、中心、呼叫编号、主题、建议）"),
                )
            )
    for need in ("id", "date"):
        if need not in columns.values():
            errors.append(RowError(fname, 1, need, _("缺少必需的列")))
    if "center" not in columns.values() and len(allowed) != 1:
        errors.append(RowError(fname, 1, "center", _("缺少必需的列")))
    if not any(isinstance(c, SurveyItem) for c in columns.values()):
        errors.append(RowError(fname, 1, "", _("没有任何题目列")))
    if errors:
        raise SurveyImportFailed(errors)
    centers = {}
    for c in Center.objects.all():
        centers[c.name.lower()] = c
        centers[c.code.lower()] = c
    allowed_ids = {c.pk for c in allowed}
    parsed = []
    seen: dict[str, int] = {}
    for i, row in enumerate(table.rows):
        rownum = table.first_row_number + i
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        cells = {columns[j]: row[j] for j in columns if j < len(row)}
        bad = len(errors)
        key = _clean_text(cells.get("id"), 120)
        if not key:
            errors.append(RowError(fname, rownum, "id", _("缺少编号")))
        elif key in seen:
            errors.append(RowError(fname, rownum, "id", _("与第 %(n)s 行编号重复") % {"n": seen[key]}))
        else:
            seen[key] = rownum
        try:
            day = _date(cells.get("date"))
        except (ValueError, OverflowError):
            errors.append(RowError(fname, rownum, "date", _("“%(v)s”不是日期（如 2026-10-08）") % {"v": _clean_text(cells.get("date"), 40)}))  # fmt: skip
            day = None
        if "center" in cells or len(allowed) != 1:
            center = centers.get(_clean_text(cells.get("center"), 100).lower())
        else:
            center = allowed[0]
        if center is None:
            errors.append(RowError(fname, rownum, "center", _("没有这个中心：“%(v)s”") % {"v": _clean_text(cells.get("center"), 40)}))  # fmt: skip
        elif center.pk not in allowed_ids:
            errors.append(RowError(fname, rownum, "center", _("无权导入该中心的问卷结果")))
        answers = []
        for j, col in columns.items():
            if not isinstance(col, SurveyItem):
                continue
            value = row[j] if j < len(row) else None
            try:
                got = read_answer("" if value is None else str(value), scale_max=survey.scale_max,
                                  satisfied_from=survey.satisfied_from)  # fmt: skip
            except AnswerError as exc:
                msg = (_("“%(v)s”超出评分范围 1–%(m)s") if exc.code == "out_of_scale"
                       else _("“%(v)s”不是评分（1–%(m)s）或 是/否"))  # fmt: skip
                errors.append(RowError(fname, rownum, col.label, msg % {"v": _clean_text(value, 40), "m": survey.scale_max}))  # fmt: skip
                continue
            if got is not None:
                answers.append((col, got[0], got[1]))
        suggestion = _clean_text(cells.get("suggestion"), 2000)
        if len(errors) == bad and not answers and not suggestion:
            errors.append(RowError(fname, rownum, "", _("这一行没有任何回答")))
        if len(errors) == bad:
            parsed.append((key, day, center, _clean_text(cells.get("call_id"), 120),
                           _clean_text(cells.get("theme"), 60), suggestion, answers))  # fmt: skip
    if errors:
        raise SurveyImportFailed(errors)
    result = SurveyImportResult(rows=len(parsed))
    with transaction.atomic():
        existing = {
            r.key: r for r in SurveyReply.objects.filter(survey=survey, key__in=[p[0] for p in parsed])
        }
        old_answers: dict[int, dict[int, tuple[int, bool]]] = {}
        for a in SurveyAnswer.objects.filter(reply__in=list(existing.values())):
            old_answers.setdefault(a.reply_id, {})[a.item_id] = (a.score, a.satisfied)
        for key, day, center, call_ref, theme, suggestion, answers in parsed:
            values = {
                "date": day,
                "center_id": center.pk,
                "call_ref": call_ref,
                "theme": theme,
                "suggestion": suggestion,
            }
            new = {it.pk: (score, ok) for it, score, ok in answers}
            reply = existing.get(key)
            if reply is None:
                reply = SurveyReply.objects.create(survey=survey, key=key, **values)
                result.created += 1
            elif (
                any(getattr(reply, f) != v for f, v in values.items()) or old_answers.get(reply.pk, {}) != new
            ):
                for f, v in values.items():
                    setattr(reply, f, v)
                reply.save()
                SurveyAnswer.objects.filter(reply=reply).delete()
                result.updated += 1
            else:
                result.unchanged += 1
                continue
            SurveyAnswer.objects.bulk_create(
                [SurveyAnswer(reply=reply, item=it, score=score, satisfied=ok) for it, score, ok in answers]
            )
        if result.created or result.updated:
            audit_record(actor=actor, action="report.survey.import", obj=survey, before=None,
                         after={"file": fname[:100], "created": result.created, "updated": result.updated})  # fmt: skip
    return result


def survey_for_user(pk: int) -> Survey:
    from hotline.core.errors import NotFound

    survey = Survey.objects.filter(pk=pk).first()
    if survey is None:
        raise NotFound(_("没有这份问卷"))
    return survey
