"""Call imports (§2): transactional, idempotent on call id, row-level errors, encodings, formats."""

import pytest

from hotline.calls.models import Call, ImportBatch, Recording
from hotline.calls.services import ImportFailed, calls_import, recordings_index
from hotline.core.tabular import TableError

HEADER = (
    "call_id,agent,answered_at,ended_at,queued_at,center,skill,customer,talk_seconds,abandoned,recording\n"
)


def row(
    cid,
    agent="8001",
    ans="2026-10-08 09:00:10",
    end="2026-10-08 09:03:10",
    q="2026-10-08 09:00:00",
    rec="",
    center="廊坊中心",
):
    return f"{cid},{agent},{ans},{end},{q},{center},订货,13812345678,180,0,{rec}\n"


def write(tmp_path, text, name="calls.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_an_import_creates_calls_and_running_it_again_duplicates_nothing(personas, tmp_path):
    p = write(tmp_path, HEADER + row("c1") + row("c2", agent="8002"))
    first = calls_import(path=p)
    second = calls_import(path=p)
    assert (first.created, second.created, second.unchanged) == (2, 0, 2)
    assert Call.objects.count() == 2


def test_a_changed_row_updates_the_call_in_place(personas, tmp_path):
    calls_import(path=write(tmp_path, HEADER + row("c1")))
    result = calls_import(path=write(tmp_path, HEADER + row("c1", end="2026-10-08 09:05:10"), "v2.csv"))
    assert result.updated == 1 and Call.objects.get().ended_at.minute == 5


def test_one_bad_row_imports_nothing_and_names_the_row(personas, tmp_path):
    p = write(tmp_path, HEADER + row("c1") + row("c2", ans="not-a-time") + row("c3"))
    with pytest.raises(ImportFailed) as e:
        calls_import(path=p)
    assert Call.objects.count() == 0
    (err,) = e.value.errors
    assert (err.row, err.column) == (3, "answered_at")
    assert ImportBatch.objects.get().skipped == 1  # the failed attempt is on record


def test_keep_good_rows_imports_the_others(personas, tmp_path):
    p = write(tmp_path, HEADER + row("c1") + row("c2", agent="9999") + row("c3"))
    result = calls_import(path=p, keep_good_rows=True)
    assert result.created == 2 and result.errors[0].column == "agent"
    assert result.errors[0].reason_text() == "未知的座席工号“9999”（请先导入人员）"


def test_an_unknown_center_is_a_row_error(personas, tmp_path):
    with pytest.raises(ImportFailed, match="未知的中心“火星中心”"):
        calls_import(path=write(tmp_path, HEADER + row("c1", center="火星中心")))


def test_duplicate_ids_in_one_file_are_refused(personas, tmp_path):
    with pytest.raises(ImportFailed, match="已在第 2 行"):
        calls_import(path=write(tmp_path, HEADER + row("c1") + row("c1")))


def test_a_gb18030_file_with_chinese_text_imports(personas, tmp_path):
    p = write(
        tmp_path,
        "call_id,agent,answered_at,ended_at,center,reason\nc1,8001,2026-10-08 09:00:00,2026-10-08 09:01:00,廊坊中心,查询余额\n",
        encoding="gb18030",
    )
    calls_import(path=p)
    assert Call.objects.get().reason == "查询余额"


def test_a_bom_file_imports(personas, tmp_path):
    p = write(tmp_path, "\ufeff" + HEADER + row("c1"), encoding="utf-8")
    assert calls_import(path=p).created == 1


def test_times_with_and_without_offsets_mean_the_same_moment(personas, tmp_path):
    p = write(
        tmp_path,
        HEADER + row("a", ans="2026-10-08T01:00:10+00:00", end="2026-10-08T01:03:10Z", q="") + row("b", q=""),
    )
    calls_import(path=p)
    a, b = Call.objects.get(call_id="a"), Call.objects.get(call_id="b")
    assert a.answered_at == b.answered_at and a.local_date.isoformat() == "2026-10-08"


def test_a_missing_column_is_refused_before_anything(personas, tmp_path):
    with pytest.raises(TableError, match="ended_at"):
        calls_import(path=write(tmp_path, "call_id,agent,answered_at\nc1,8001,2026-10-08 09:00:00\n"))


def test_an_xlsx_with_the_same_header_imports(personas, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["call_id", "agent", "answered_at", "ended_at", "center"])
    ws.append(["x1", 8001, "2026-10-08 09:00:00", "2026-10-08 09:01:00", "廊坊中心"])
    p = tmp_path / "calls.xlsx"
    wb.save(p)
    assert calls_import(path=p).created == 1
    assert Call.objects.get().agent == personas.agent


def test_asterisk_master_csv_with_center_option(personas, tmp_path):
    line = (
        '"","13812345678","600","from-pstn","","SIP/trunk-1","SIP/8001-2","Queue","orders",'
        '"2026-10-08 09:00:00","2026-10-08 09:00:12","2026-10-08 09:03:12",192,180,"ANSWERED","DOCUMENTATION","u1","u1.wav"\n'
    )
    result = calls_import(path=write(tmp_path, line, "Master.csv"), center_name="廊坊中心")
    assert result.file_format == "asterisk" and result.created == 1
    assert Recording.objects.get().path == "u1.wav"


def test_recordings_folder_is_indexed_by_pattern(personas, tmp_path, settings):
    calls_import(path=write(tmp_path, HEADER + row("c1") + row("c2")))
    folder = settings.RECORDINGS_DIR / "2026-10"
    folder.mkdir(parents=True)
    (folder / "8001_c1.wav").write_bytes(b"RIFF")
    (folder / "8001_zz.wav").write_bytes(b"RIFF")
    result = recordings_index(directory=settings.RECORDINGS_DIR, pattern=r"\d+_(?P<call_id>\w+)\.wav$")
    assert result.linked == 1 and result.unmatched == ["zz"]
    assert Recording.objects.get().path == "2026-10/8001_c1.wav"
    assert (
        recordings_index(directory=settings.RECORDINGS_DIR, pattern=r"\d+_(?P<call_id>\w+)\.wav$").unchanged
        == 1
    )


def test_a_pattern_without_call_id_group_is_refused(personas, tmp_path):
    with pytest.raises(TableError, match="call_id"):
        recordings_index(directory=tmp_path, pattern=r"(\w+)\.wav")
