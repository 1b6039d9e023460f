"""Issue 10 #7: hostile call files are refused with row errors (file, row, column, reason), never a
traceback, and a refused file writes nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hotline.calls import services
from hotline.calls.models import Call, ImportBatch, Recording
from hotline.calls.services import ImportFailed, calls_import
from hotline.core.tabular import TableError

HEADER = "call_id,agent,answered_at,ended_at,center,skill,customer,talk_seconds,reason\n"
GOOD = "ok1,8001,2026-10-08 09:00:00,2026-10-08 09:03:00,廊坊中心,订货,13812345678,180,查询\n"


def row(**v):
    d = {
        "call_id": "c2", "agent": "8001", "answered_at": "2026-10-08 10:00:00", "ended_at": "2026-10-08 10:03:00",
        "center": "廊坊中心", "skill": "订货", "customer": "13812345678", "talk_seconds": "180", "reason": "查询",
    } | v  # fmt: skip
    return ",".join(d[k] for k in HEADER.strip().split(",")) + "\n"


def refused(tmp_path, text, *, name="calls.csv", **kwargs):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as e:
        calls_import(path=p, **kwargs)
    assert not Call.objects.exists() and not Recording.objects.exists()
    return e.value.errors


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1e400", "1e12"])
def test_non_finite_or_absurd_durations_are_row_errors(personas, tmp_path, value):
    (err,) = refused(tmp_path, HEADER + GOOD + row(talk_seconds=value))
    assert (err.file, err.row, err.column) == ("calls.csv", 3, "talk_seconds")


@pytest.mark.parametrize(
    "value",
    ["0001-01-01 00:00:00", "9999-12-31 23:59:59", "1900-01-01 08:00:00", "0001-01-01T00:00:00+14:00"],
)
def test_times_out_of_range_are_row_errors(personas, tmp_path, value):
    errors = refused(tmp_path, HEADER + GOOD + row(answered_at=value))
    assert errors[0].row == 3 and errors[0].column == "answered_at"


@pytest.mark.parametrize(
    ("column", "value"),
    [("call_id", "x" * 121), ("customer", "1" * 41), ("reason", "因" * 201), ("skill", "技" * 61)],
)
def test_values_longer_than_their_column_are_row_errors(personas, tmp_path, column, value):
    (err,) = refused(tmp_path, HEADER + GOOD + row(**{column: value}))
    assert (err.row, err.column) == (3, column)


@pytest.mark.parametrize("column", ["call_id", "reason", "customer", "skill"])
def test_a_nul_character_is_a_row_error(personas, tmp_path, column):
    (err,) = refused(tmp_path, HEADER + GOOD + row(**{column: "a\x00b"}))
    assert (err.row, err.column) == (3, column)


def test_a_cell_over_the_csv_field_limit_refuses_the_file_cleanly(personas, tmp_path):
    p = tmp_path / "calls.csv"
    p.write_text(HEADER + GOOD + row(reason="长" * 131_073), encoding="utf-8")
    with pytest.raises(TableError) as e:
        calls_import(path=p)
    assert e.value.errors[0].row == 3 and "131,072" in e.value.errors[0].reason_text()
    assert not Call.objects.exists()


def test_freeswitch_rows_with_empty_timestamps_are_row_errors(personas, tmp_path):
    good = '"张三","13812345678","8001","default","2026-10-08 09:00:00","2026-10-08 09:00:05","2026-10-08 09:02:05","125","120","NORMAL_CLEARING","u-1","",""\n'
    empty = '"李四","13812345679","8001","default","","","","0","0","NORMAL_CLEARING","u-2","",""\n'
    (err,) = refused(tmp_path, good + empty, name="fs.csv", center_name="廊坊中心")
    assert (err.row, err.column) == (2, "start_stamp")


def empty_workbook() -> bytes:
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                text = data.decode()
                start, end = text.index("<sheets>"), text.index("</sheets>") + len("</sheets>")
                data = (text[:start] + "<sheets/>" + text[end:]).encode()
            z.writestr(item, data)
    return out.getvalue()


def test_an_xlsx_without_a_worksheet_is_refused_cleanly(personas, tmp_path):
    p = tmp_path / "calls.xlsx"
    p.write_bytes(empty_workbook())
    with pytest.raises(TableError) as e:
        calls_import(path=p)
    assert e.value.errors[0].file == "calls.xlsx" and not Call.objects.exists()


@pytest.mark.parametrize("content", [b"PK\x03\x04broken", b"", b"\x00" * 100])
def test_a_damaged_xlsx_is_refused_cleanly(personas, tmp_path, content):
    p = tmp_path / "calls.xlsx"
    p.write_bytes(content)
    with pytest.raises(TableError):
        calls_import(path=p)


def test_a_hostile_upload_fails_its_batch_without_a_traceback(personas, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    text = HEADER + GOOD + row(talk_seconds="nan", reason="x\x00y")
    upload = SimpleUploadedFile("evil\x00name.csv", text.encode(), content_type="text/csv")
    login(personas.manager).post(
        reverse("calls:import_new"), {"kind": "calls", "file_format": "auto", "file": upload}
    )
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and {e["column"] for e in batch.errors} == {"talk_seconds"}
    assert not Call.objects.exists()


def test_an_xlsx_upload_without_a_worksheet_fails_its_batch(personas, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    upload = SimpleUploadedFile("calls.xlsx", empty_workbook())
    login(personas.manager).post(
        reverse("calls:import_new"), {"kind": "calls", "file_format": "auto", "file": upload}
    )
    assert ImportBatch.objects.get().status == "failed" and not Call.objects.exists()


def test_a_concurrent_import_that_inserted_the_same_calls_first_is_retried_not_a_crash(
    personas, tmp_path, monkeypatch
):
    """The loser of two imports of one file (PostgreSQL: both read 'not there', then insert) retries."""
    p = tmp_path / "calls.csv"
    p.write_text(HEADER + GOOD + row(), encoding="utf-8")
    manager = type(Call.objects)
    real = manager.bulk_create
    raced = []

    def racing(self, objs, *args, **kwargs):
        if not raced and objs:
            raced.append(True)
            clones = [
                Call(
                    **{
                        f.attname: getattr(o, f.attname)
                        for f in Call._meta.concrete_fields
                        if f.attname != "id"
                    }
                )
                for o in objs
            ]
            real(self, clones)  # the winner got there first
        return real(self, objs, *args, **kwargs)

    monkeypatch.setattr(manager, "bulk_create", racing)
    result = calls_import(path=p)
    assert raced and Call.objects.count() == 2 and result.created + result.updated + result.unchanged == 2


def test_a_safe_upload_name():
    from hotline.calls.services_uploads import safe_upload_name

    assert safe_upload_name("../../x.xlsx") == "x.xlsx"
    assert safe_upload_name("a\x00b.csv") == "ab.csv"
    assert safe_upload_name("C:\\dir\\f.csv") == "f.csv"
    assert safe_upload_name("..") == "upload.csv" and safe_upload_name("") == "upload.csv"
    assert len(safe_upload_name("x" * 300 + ".csv")) == 100 and safe_upload_name("x" * 300 + ".csv").endswith(
        ".csv"
    )


def test_services_keep_a_bounded_number_of_errors(personas, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "ERRORS_KEPT", 5)
    errors = refused(tmp_path, HEADER + "".join(row(call_id=f"c{i}", talk_seconds="nan") for i in range(20)))
    assert len(errors) == 5 and ImportBatch.objects.get().skipped == 20


def test_a_refused_batch_stores_nul_and_huge_values_safely(personas, tmp_path):
    """PostgreSQL's JSON refuses \\u0000: the stored errors show it escaped; long quotes are cut."""
    errors = refused(tmp_path, HEADER + GOOD + row(answered_at="x\x00" + "9" * 5000))
    stored = ImportBatch.objects.get().errors
    assert errors and "\x00" not in str(stored) and all(len(e["reason"]) <= 300 for e in stored)


def test_a_line_of_millions_of_commas_is_refused_cleanly(personas, tmp_path):
    p = tmp_path / "calls.csv"
    p.write_text(HEADER + GOOD + "," * 5_000_000 + "\n", encoding="utf-8")
    with pytest.raises(TableError) as e:
        calls_import(path=p)
    assert e.value.errors[0].row == 3 and not Call.objects.exists()
