"""XLSX (openpyxl) and PDF (WeasyPrint, font "Noto Sans CJK SC") of the analysis and record tables."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from hotline.core.spreadsheet import xlsx_bytes
from hotline.org.formats import period_name

from .charts import lines_svg, pareto_svg
from .models import Analysis

KIND = {"live": "实时监听", "recording": "录音监听"}


def _n(x):
    return None if x is None else round(float(x), 1)


def analysis_context(a: Analysis) -> dict:
    d = a.data or {}
    trend = {r["name"]: r["trend"] for r in d.get("agents", [])}
    return {
        "a": a,
        "d": d,
        "pareto_chart": pareto_svg(d.get("pareto", []), label=_("失分项目排列图")),
        "trend_chart": lines_svg(
            [period_name(str(p)) for p in d.get("trend_periods", [])], trend, label=_("得分趋势")
        ),
        "problems": [s for s in a.common_problems.splitlines() if s.strip()],
        "strengths": [s for s in a.strengths.splitlines() if s.strip()],
        "training": [s for s in a.proposed_training.splitlines() if s.strip()],
    }


def analysis_xlsx(a: Analysis) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    d = a.data or {}
    wb = Workbook()
    ws = wb.active
    ws.title = "监听分析表"
    ws.append([f"监听分析表 {a.period}", a.monitor.name, a.get_status_display()])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(
        ["工号", "姓名", "录音监听", "实时监听", "平均", "月度得分", *d.get("trend_periods", []), "失分项目"]
    )
    for r in d.get("agents", []):
        ws.append([r["work_number"], r["name"], _n(r["recording"]), _n(r["live"]), _n(r["mean"]), _n(r["monthly"]),
                   *[_n(t) for t in r["trend"]], "；".join(r["failed_items"])])  # fmt: skip
    p = wb.create_sheet("失分排列")
    p.append(["项目", "失分次数", "占比%", "累计%", "失分率", "座席"])
    for r in d.get("pareto", []):
        p.append(
            [
                r["text"],
                r["count"],
                _n(r["share"]),
                _n(r["cumulative"]),
                round(r["rate"], 3),
                " ".join(r["agents"]),
            ]
        )
    t = wb.create_sheet("总结")
    for title, text in (("共性问题", a.common_problems), ("优点", a.strengths), ("培训建议", a.proposed_training),
                        ("审批意见", a.comment)):  # fmt: skip
        t.append([title, text])
    _records_sheet(wb.create_sheet("电话监控记录表"), d)
    for sheet in wb.worksheets:
        sheet.column_dimensions["A"].width = 18
        sheet.column_dimensions["B"].width = 14
    return xlsx_bytes(wb)  # formulas neutralised (hotline.core.spreadsheet)


def _records_sheet(ws, d: dict) -> None:
    ws.append(["工号", "姓名", "类型", "日期", "序号", "通话/录音编号", "开始", "结束", "得分", "版本", "失分项目",
               "致命错误", "优点", "不足"])  # fmt: skip
    for r in d.get("records", []):
        ws.append([r["work_number"], r["agent"], KIND.get(r["kind"], r["kind"]), r["date"], r["order"], r["call"],
                   r["started"], r["ended"], _n(r["score"]), r["version"], "；".join(r["lost"]),
                   "；".join(r["critical"]), r["strengths"], r["improvements"]])  # fmt: skip


def records_xlsx(a: Analysis) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "电话监控记录表"
    _records_sheet(ws, a.data or {})
    return xlsx_bytes(wb)  # formulas neutralised (hotline.core.spreadsheet)


def pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()
