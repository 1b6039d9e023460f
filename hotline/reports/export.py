"""The monthly report as PDF (WeasyPrint, "Noto Sans CJK SC", charts as inline SVG) and XLSX."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from hotline.core.spreadsheet import xlsx_bytes

from .report import Report


def report_pdf(r: Report) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/monthly_print.html", {"r": r})
    return HTML(string=html).write_pdf()


def _pct(x):
    return None if x is None else round(x, 4)


def report_xlsx(r: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("概要")
    ws.append([f"{r.center.name} {_('运营分析报告')} {r.month:%Y-%m}"])
    ws["A1"].font = Font(bold=True, size=14)
    m = r.month_row
    rows = [
        (_("呼入量"), m.offered if m else None), (_("接通量"), m.answered if m else None),
        (_("放弃量"), m.abandoned if m else None), (_("放弃率"), _pct(m.abandonment_rate) if m else None),
        (_("服务水平"), _pct(m.service_level) if m else None), (_("平均应答速度（秒）"), m.asa if m else None),
        (_("平均处理时长（秒）"), m.aht if m else None), (_("平均处理时长目标（秒）"), r.aht_target),
        (_("首次解决率"), _pct(m.fcr) if m else None), (_("解决率目标"), r.fcr_target),
        (_("满意率"), _pct(r.sat_share)), (_("满意度样本量"), r.sat_n), (_("满意率目标"), r.sat_target),
        (_("质检月度平均分"), r.qa_mean), (_("经理点评"), r.commentary),
    ]  # fmt: skip
    for k, v in rows:
        ws.append([k, v])
    days = wb.create_sheet(_("每日"))
    head = [
        _("日期"),
        _("呼入量"),
        _("接通量"),
        _("放弃量"),
        _("放弃率"),
        _("服务水平"),
        _("平均应答速度（秒）"),
        _("平均处理时长（秒）"),
    ]
    days.append(head)
    for d in r.days:
        days.append(
            [
                d.group,
                d.offered,
                d.answered,
                d.abandoned,
                _pct(d.abandonment_rate),
                _pct(d.service_level),
                d.asa,
                d.aht,
            ]
        )
    comp = wb.create_sheet(_("公司解决率"))
    comp.append([_("公司"), _("解决率"), _("样本量"), _("目标"), _("达标")])
    for c in r.companies:
        comp.append([c.name, _pct(c.fcr), c.n, c.target, None if c.meets is None else bool(c.meets)])
    verb = wb.create_sheet(_("客户建议"))
    verb.append([_("日期"), _("满意"), _("建议")])
    for d, ok, text in r.verbatims:
        verb.append([d, bool(ok), text])
    for sheet in wb.worksheets:
        for cell in sheet[1 if sheet is not ws else 2]:
            cell.font = Font(bold=True)
    return xlsx_bytes(wb)  # formulas neutralised (hotline.core.spreadsheet)
