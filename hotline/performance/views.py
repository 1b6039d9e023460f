"""Appraisal pages (§6): an agent's month explained, team/center tables, XLSX, sign-off, uploads."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hotline.core import periods
from hotline.core.params import parse_id
from hotline.core.spreadsheet import xlsx_bytes
from hotline.core.tabular import TableError
from hotline.org.access import is_admin, is_agent, person_of
from hotline.org.models import Center

from . import services
from .access import (
    appraisable_people,
    can_enter_other_work,
    can_import,
    can_see_dismissal_flags,
    can_see_tables,
    can_sign_off,
)
from .imports import KINDS
from .labels import flag_label, line_label, localize, unit_label
from .selectors import other_work_of, signoff_of


def parse_month(text: str | None) -> dt.date:
    """'YYYY-MM' → the 1st; default (or unreadable): last month in the center's calendar."""
    return periods.parse_month(text, today=timezone.localdate())


PART_LABELS = {
    "attendance": gettext_lazy("考勤"), "timeliness": gettext_lazy("及时性"), "accuracy": gettext_lazy("准确率"),
    "exam": gettext_lazy("业务考试"), "violations": gettext_lazy("其他工作及表现"), "quality": gettext_lazy("服务质量"),
    "evaluation": gettext_lazy("考评分"), "bonus": gettext_lazy("加分"), "fines": gettext_lazy("罚款"),
}  # fmt: skip


@login_required
def index(request):
    me = person_of(request.user)
    month = parse_month(request.GET.get("month"))
    if is_agent(request.user):
        return HttpResponseRedirect(reverse("performance:detail", args=[me.pk, f"{month:%Y-%m}"]))
    if can_see_tables(request.user):
        return HttpResponseRedirect(reverse("performance:table") + f"?month={month:%Y-%m}")
    raise PermissionDenied


@login_required
def appraisal_detail(request, pk: int, month: str):
    person = get_object_or_404(appraisable_people(request.user).select_related("center", "team"), pk=pk)
    m = parse_month(month)
    ((_p, detail),) = services.appraisals_get(agents=[person], month=m)
    localize(detail)
    for ln in [*(detail or {}).get("lines", []), *((detail or {}).get("money") or {}).get("lines", [])]:
        ln["part_label"] = PART_LABELS.get(ln["part"], ln["part"])
    so = signoff_of(person.center_id, m)
    return render(request, "performance/appraisal.html", {
        "person": person, "month": m, "a": detail, "signoff": so,
        "other_work": other_work_of(person, m),
        "can_other_work": can_enter_other_work(request.user, person) and not (so and so.locked),
        "prev": f"{(m - dt.timedelta(days=1)):%Y-%m}", "next": f"{(m + dt.timedelta(days=32)):%Y-%m}",
    })  # fmt: skip


def _table_scope(request):
    """(center, people) the table shows: team leader → the team; manager → the center; admin → ?center."""
    if not can_see_tables(request.user):
        raise PermissionDenied
    me = person_of(request.user)
    people = appraisable_people(request.user).filter(active=True).select_related("team", "center")
    if is_admin(request.user):
        center = Center.objects.filter(
            pk=parse_id(request.GET.get("center"), field="center", default=0)
        ).first() or (me.center if me else Center.objects.first())
        if center is None:
            raise Http404
        people = people.filter(center=center)
    else:
        center = me.center
    team = parse_id(request.GET.get("team"), field="team")
    if team is not None:
        people = people.filter(team_id=team)
    return center, people


@login_required
def appraisal_table(request):
    center, people = _table_scope(request)
    month = parse_month(request.GET.get("month"))
    results = services.appraisals_get(agents=people, month=month)
    if request.GET.get("format") == "xlsx":
        return _xlsx(center, month, results)
    so = signoff_of(center.pk, month)
    flags = []
    if can_see_dismissal_flags(request.user, center):
        flags = [
            (p, [(f.rule, flag_label(f.rule, f.label), [f"{m:%Y-%m}" for m in f.months]) for f in fl])
            for p, fl in services.dismissal_flags_get(agents=people, month=month)
        ]
    return render(request, "performance/table.html", {
        "center": center, "month": month, "results": results, "signoff": so, "flags": flags,
        "can_sign": can_sign_off(request.user, center), "teams": center.teams.all(),
        "team": request.GET.get("team", ""), "centers": Center.objects.all() if is_admin(request.user) else [],
    })  # fmt: skip


def _xlsx(center, month, results) -> HttpResponse:

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("考核汇总")
    head = [
        _("工号"),
        _("姓名"),
        _("班组"),
        _("考勤分"),
        _("考评分"),
        _("加分"),
        _("总分"),
        _("考核奖（元）"),
    ]
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    lines = wb.create_sheet(_("扣分明细"))
    lines.append(
        [_("工号"), _("姓名"), _("项目"), _("规则"), _("说明"), _("数量"), _("单位"), _("分值"), _("封顶")]
    )
    for p, d in results:
        if not d:
            continue
        money = (d.get("money") or {}).get("total")
        ws.append([p.work_number, p.name, p.team.name if p.team else "", d["attendance"], d["evaluation"],
                   d["bonus"], d["total"], money])  # fmt: skip
        for ln in d["lines"]:
            lines.append([p.work_number, p.name, ln["part"], ln["rule"], line_label(ln["rule"], ln["label"]),
                          ln["quantity"], unit_label(ln["unit"]),
                          ln["points"], "✓" if ln["cap_applied"] else ""])  # fmt: skip
    resp = HttpResponse(
        xlsx_bytes(wb),  # formulas neutralised (hotline.core.spreadsheet)
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="appraisal-{center.code}-{month:%Y-%m}.xlsx"'
    return resp


@login_required
@require_POST
def signoff(request):
    center = get_object_or_404(Center, pk=parse_id(request.POST.get("center"), field="center", default=0))
    month = parse_month(request.POST.get("month"))
    if not can_sign_off(request.user, center):
        raise PermissionDenied
    try:
        services.appraisal_signoff(center=center, month=month, actor=request.user)
        messages.success(request, _("已签批，当月考核已锁定"))
    except services.MonthLocked:
        messages.error(request, _("该月已签批"))
    return HttpResponseRedirect(reverse("performance:table") + f"?month={month:%Y-%m}&center={center.pk}")


@login_required
@require_POST
def reopen(request):
    center = get_object_or_404(Center, pk=parse_id(request.POST.get("center"), field="center", default=0))
    month = parse_month(request.POST.get("month"))
    if not can_sign_off(request.user, center):
        raise PermissionDenied
    try:
        services.appraisal_reopen(
            center=center, month=month, actor=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("已重新开放，原因已记录"))
    except ValueError:
        messages.error(request, _("重新开放需要填写原因"))
    return HttpResponseRedirect(reverse("performance:table") + f"?month={month:%Y-%m}&center={center.pk}")


KIND_LABELS = {
    "attendance": gettext_lazy("考勤"), "exams": gettext_lazy("考试成绩"), "accuracy": gettext_lazy("准确率与及时性"),
    "commendations": gettext_lazy("表扬加分"), "violations": gettext_lazy("违规扣分"),
    "surveys": gettext_lazy("满意度调查"),
}  # fmt: skip


@login_required
def import_upload(request):
    if not can_import(request.user):
        raise PermissionDenied
    ctx = {"kinds": [(k, KIND_LABELS[k]) for k in KINDS], "result": None, "errors": [], "kind": ""}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        upload = request.FILES.get("file")
        ctx["kind"] = kind
        if kind not in KINDS or upload is None:
            ctx["errors"] = [_("请选择类型和文件")]
            return render(request, "performance/import.html", ctx, status=400)
        suffix = Path(upload.name).suffix.lower() or ".csv"
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            try:
                ctx["result"] = services.hr_import(
                    kind=kind, path=tmp.name, actor=request.user, name=upload.name,
                    keep_good_rows=bool(request.POST.get("keep_good_rows")),
                )  # fmt: skip
                ctx["errors"] = [e.render(_) for e in ctx["result"].errors]
            except services.HrImportFailed as exc:
                ctx["errors"] = [e.render(_) for e in exc.errors]
            except TableError as exc:
                ctx["errors"] = [e.render(_) for e in exc.errors]
        status = 400 if ctx["errors"] and ctx["result"] is None else 200
        return render(request, "performance/import.html", ctx, status=status)
    return render(request, "performance/import.html", ctx)


@login_required
@require_POST
def other_work(request, pk: int, month: str):
    """Enter the month's "other work" of an agent (team leader of the team, manager, administrator)."""
    person = get_object_or_404(appraisable_people(request.user).select_related("center"), pk=pk)
    if not can_enter_other_work(request.user, person):
        raise PermissionDenied
    m = parse_month(month)
    try:
        points = int(request.POST.get("points") or 0)
        amount_text = (request.POST.get("amount") or "").strip()
        amount = float(amount_text) if amount_text else None
    except ValueError:
        messages.error(request, _("扣分和金额须为数字"))
    else:
        try:
            services.other_work_set(agent=person, month=m, points=points, amount=amount,
                                    note=request.POST.get("note", ""), actor=request.user)  # fmt: skip
            messages.success(request, _("其他工作已保存"))
        except (services.OtherWorkError, services.MonthLocked) as exc:
            messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("performance:detail", args=[person.pk, f"{m:%Y-%m}"]))


def _period(request) -> tuple[int, int | None]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    half = request.GET.get("half", "")
    return year, {"1": 1, "2": 2}.get(half)


@login_required
def totals(request):
    """Half-year and annual totals (半年、年总分) with ranks; the first place named; XLSX."""
    center, people = _table_scope(request)
    year, half = _period(request)
    upto = timezone.localdate().replace(day=1)
    rows, months = services.period_totals_get(agents=people, year=year, half=half, upto=upto)
    first = [r["person"] for r in rows if r["rank"] == 1 and r["months"]]
    if request.GET.get("format") == "xlsx":
        return _totals_xlsx(center, year, half, rows, months, first)
    return render(request, "performance/totals.html", {
        "center": center, "year": year, "half": half, "rows": rows, "months": months, "first": first,
        "centers": Center.objects.all() if is_admin(request.user) else [], "team": request.GET.get("team", ""),
    })  # fmt: skip


def _period_name(year: int, half: int | None) -> str:
    if half is None:
        return _("%(year)s年全年") % {"year": year}
    return (_("%(year)s年上半年") if half == 1 else _("%(year)s年下半年")) % {"year": year}


def _totals_xlsx(center, year, half, rows, months, first) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("半年与全年总分")
    ws.append([f"{center.name} · {_period_name(year, half)}"])
    ws.append([_("第一名"), "、".join(p.name for p in first) or "—"])
    head = [_("名次"), _("工号"), _("姓名"), _("班组"), *[f"{m:%Y-%m}" for m in months], _("月数"), _("总分")]
    ws.append(head)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for r in rows:
        p = r["person"]
        ws.append([r["rank"], p.work_number, p.name, p.team.name if p.team else "", *r["by_month"], r["months"],
                   r["total"]])  # fmt: skip
    resp = HttpResponse(
        xlsx_bytes(wb), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    tag = f"{year}" if half is None else f"{year}H{half}"
    resp["Content-Disposition"] = f'attachment; filename="appraisal-totals-{center.code}-{tag}.xlsx"'
    return resp
