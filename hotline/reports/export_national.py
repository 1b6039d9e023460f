"""The national report as PDF (WeasyPrint, "Noto Sans CJK SC", the page's SVG charts inline) and as
XLSX (openpyxl: one sheet per section, native Excel charts — column and line — over the tables)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from hotline.core.spreadsheet import xlsx_bytes

from .national import National


def national_pdf(r: National) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string("reports/national_print.html", {"r": r})).write_pdf()


def _r4(x):
    return None if x is None else round(x, 4)


def _r1(x):
    return None if x is None else round(x, 1)


def national_xlsx(r: National) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.styles import Font

    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    ws.title = _("概要")
    ws.append([_("全国呼叫中心运营分析报告"), f"{r.month:%Y-%m}"])
    ws["A1"].font = Font(bold=True, size=14)
    head = [_("中心"), _("呼入量"), _("上月呼入量"), _("呼入量环比"), _("接通量"), _("放弃量"), _("放弃率"),
            _("上月放弃率"), _("放弃率目标"), _("服务水平"), _("服务水平应答时间（秒）"), _("短时放弃阈值（秒）"),
            _("平均应答速度（秒）"), _("平均处理时长（秒）"), _("平均处理时长目标（秒）"), _("人工解决率"),
            _("解决率样本量"), _("解决率目标"), _("满意度样本量")]  # fmt: skip
    ws.append(head)
    for c in ws[2]:
        c.font = bold
    for p in r.centers:
        row, prev = p.row, p.previous
        ws.append([
            p.center.name, row.offered if row else 0, prev.offered if prev else 0, _r4(p.offered_change),
            row.answered if row else 0, row.abandoned if row else 0, _r4(row.abandonment_rate if row else None),
            _r4(prev.abandonment_rate if prev else None), p.abandonment_target,
            _r4(row.service_level if row else None), p.settings.answer_time, p.settings.short_abandon,
            _r1(row.asa if row else None), _r1(row.aht if row else None), p.aht_target, _r4(p.fcr_total), p.fcr_n,
            p.fcr_target, p.respondents,
        ])  # fmt: skip

    # 一 volume and abandonment: months down, centers across
    vol = wb.create_sheet(_("呼入量与放弃率"))
    n = len(r.centers)
    vol.append([_("月份")] + [f"{p.center.name} {_('呼入量')}" for p in r.centers]
               + [f"{p.center.name} {_('放弃率')}" for p in r.centers])  # fmt: skip
    for i, m in enumerate(r.trend_months):
        vol.append([f"{m:%Y-%m}"] + [p.trend[i].offered if p.trend[i] else 0 for p in r.centers]
                   + [_r4(p.trend[i].abandonment_rate) if p.trend[i] else None for p in r.centers])  # fmt: skip
    rows = len(r.trend_months) + 1
    cats = Reference(vol, min_col=1, min_row=2, max_row=rows)
    if n:
        bar = BarChart()
        bar.title, bar.y_axis.title = _("各中心呼入量（近六个月）"), _("呼入量")
        bar.add_data(Reference(vol, min_col=2, max_col=1 + n, min_row=1, max_row=rows), titles_from_data=True)
        bar.set_categories(cats)
        vol.add_chart(bar, f"{chr(ord('A') + 2 * n + 2)}2")
        line = LineChart()
        line.title, line.y_axis.title = _("各中心放弃率"), _("放弃率")
        line.add_data(
            Reference(vol, min_col=2 + n, max_col=1 + 2 * n, min_row=1, max_row=rows), titles_from_data=True
        )
        line.set_categories(cats)
        vol.add_chart(line, f"{chr(ord('A') + 2 * n + 2)}20")

    # 二 AHT against target
    aht = wb.create_sheet(_("平均处理时间"))
    aht.append([_("月份")] + [p.center.name for p in r.centers] + [_("目标（秒）")])
    target = next((p.aht_target for p in r.centers if p.aht_target is not None), None)
    for i, m in enumerate(r.trend_months):
        aht.append(
            [f"{m:%Y-%m}"] + [_r1(p.trend[i].aht) if p.trend[i] else None for p in r.centers] + [target]
        )
    if n:
        line = LineChart()
        line.title, line.y_axis.title = _("各中心平均处理时长与目标"), _("秒")
        line.add_data(
            Reference(aht, min_col=2, max_col=2 + n, min_row=1, max_row=rows), titles_from_data=True
        )
        line.set_categories(Reference(aht, min_col=1, min_row=2, max_row=rows))
        aht.add_chart(line, f"{chr(ord('A') + n + 3)}2")

    # 三 resolution by company against target
    fcr = wb.create_sheet(_("人工解决率"))
    fcr.append([_("中心"), _("公司"), _("解决率"), _("样本量"), _("目标"), _("达标"), _("口径")])
    for p in r.centers:
        for c in p.companies:
            fcr.append([p.center.name, c.name, _r4(c.fcr), c.n, c.target, None if c.meets is None else bool(c.meets), c.calls_on])  # fmt: skip
    if fcr.max_row > 1:
        bar = BarChart()
        bar.type = "bar"
        bar.title = _("各公司人工解决率")
        bar.add_data(
            Reference(fcr, min_col=3, max_col=3, min_row=1, max_row=fcr.max_row), titles_from_data=True
        )
        bar.add_data(
            Reference(fcr, min_col=5, max_col=5, min_row=1, max_row=fcr.max_row), titles_from_data=True
        )
        bar.set_categories(Reference(fcr, min_col=2, min_row=2, max_row=fcr.max_row))
        fcr.add_chart(bar, "I2")

    # 四 satisfaction: items down, centers across, with sample sizes
    sat = wb.create_sheet(_("客户满意度"))
    sat.append(
        [_("题目")]
        + [p.center.name for p in r.centers]
        + [f"{p.center.name} {_('样本量')}" for p in r.centers]
    )
    for code, label in r.item_labels.items():
        shares, ns = [], []
        for p in r.centers:
            it = next((i for i in p.items if i.item == code), None)
            shares.append(_r4(it.share) if it else None)
            ns.append(it.n if it else 0)
        sat.append([label] + shares + ns)
    if n and r.item_labels:
        bar = BarChart()
        bar.title = _("各项满意度（目标 %(t)s）") % {"t": f"{(r.centers[0].sat_target or 0) * 100:.0f}%"}
        bar.add_data(
            Reference(sat, min_col=2, max_col=1 + n, min_row=1, max_row=sat.max_row), titles_from_data=True
        )
        bar.set_categories(Reference(sat, min_col=1, min_row=2, max_row=sat.max_row))
        sat.add_chart(bar, f"{chr(ord('A') + 2 * n + 2)}2")

    sug = wb.create_sheet(_("客户建议与措施"))
    sug.append([_("主题"), _("条数"), _("建议"), _("措施")])
    for t in r.themes:
        sug.append([t.group.theme or _("未分类"), t.group.count, "；".join(t.group.examples), t.action])

    notes = wb.create_sheet(_("点评与建设进展"))
    notes.append([_("部分"), _("中心"), _("内容")])
    names = {"volume": _("呼入量与放弃率"), "aht": _("平均处理时间"), "fcr": _("人工解决率"),
             "satisfaction": _("客户满意度"), "progress": _("呼叫中心建设进展")}  # fmt: skip
    for key, label in names.items():
        if r.notes.get(key):
            notes.append([label, _("全国"), r.notes[key]])
        for p in r.centers:
            if p.notes.get(key):
                notes.append([label, p.center.name, p.notes[key]])
    for sheet in wb.worksheets[1:]:
        for cell in sheet[1]:
            cell.font = bold
    return xlsx_bytes(wb)  # formulas neutralised (hotline.core.spreadsheet)
