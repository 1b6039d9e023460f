import datetime as dt

import pytest

from hotline.core.calllog import parse_bool, parse_time, read_calls
from hotline.core.tabular import TableError

SH = dt.timezone(dt.timedelta(hours=8))
HEADER = "call_id,agent,answered_at,ended_at,queued_at,abandoned,recording\n"


def write(tmp_path, text, name="calls.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_a_time_without_offset_is_in_the_centers_time_zone(tmp_path):
    p = write(tmp_path, HEADER + "c1,8001,2026-10-08 09:00:00,2026-10-08 09:02:00,,0,a.wav\n")
    (rec,), _ = read_calls(p)
    assert rec.answered_at == dt.datetime(2026, 10, 8, 9, 0, tzinfo=SH)
    assert rec.duration == 120


def test_a_time_with_an_offset_keeps_it(tmp_path):
    p = write(tmp_path, HEADER + "c1,8001,2026-10-08T01:00:00Z,2026-10-08T01:01:00+00:00,,0,a.wav\n")
    (rec,), _ = read_calls(p)
    assert rec.answered_at.astimezone(SH).hour == 9


def test_gb18030_and_bom_files_read_the_same(tmp_path):
    text = "call_id,agent,answered_at,ended_at,reason\nc1,8001,2026-10-08 09:00:00,2026-10-08 09:02:00,查询订单\n"
    a, _ = read_calls(write(tmp_path, text, "gb.csv", "gb18030"))
    b, _ = read_calls(write(tmp_path, "\ufeff" + text, "bom.csv", "utf-8"))
    assert a[0].reason == b[0].reason == "查询订单"


def test_a_malformed_time_names_file_row_and_column(tmp_path):
    p = write(
        tmp_path,
        HEADER
        + "c1,8001,2026-10-08 09:00:00,2026-10-08 09:02:00,,0,\nc2,8001,yesterday,2026-10-08 09:02:00,,0,\n",
    )
    with pytest.raises(TableError) as e:
        read_calls(p)
    (err,) = e.value.errors
    assert (err.file, err.row, err.column) == ("calls.csv", 3, "answered_at")


def test_a_missing_required_column_is_refused(tmp_path):
    p = write(tmp_path, "call_id,agent,answered_at\nc1,8001,2026-10-08 09:00:00\n")
    with pytest.raises(TableError, match="ended_at"):
        read_calls(p)


def test_a_duplicate_call_id_names_the_first_row(tmp_path):
    row = "c1,8001,2026-10-08 09:00:00,2026-10-08 09:02:00,,0,\n"
    with pytest.raises(TableError, match="已在第 2 行"):
        read_calls(write(tmp_path, HEADER + row + row))


def test_keep_good_rows_returns_the_good_and_lists_the_bad(tmp_path):
    p = write(
        tmp_path,
        HEADER
        + "c1,8001,2026-10-08 09:00:00,2026-10-08 09:02:00,,0,\nc2,,2026-10-08 09:00:00,2026-10-08 09:02:00,,0,\n",
    )
    good, bad = read_calls(p, keep_good_rows=True)
    assert [r.call_id for r in good] == ["c1"]
    assert bad[0].column == "agent"


def test_an_abandoned_call_may_have_no_agent_and_no_answer(tmp_path):
    p = write(tmp_path, HEADER + "c9,,,2026-10-08 09:00:30,2026-10-08 09:00:00,是,\n")
    (rec,), _ = read_calls(p)
    assert rec.abandoned and not rec.answered and rec.wait_seconds == 30


@pytest.mark.parametrize(
    "raw,value", [("1", True), ("是", True), ("false", False), ("否", False), ("", None)]
)
def test_yes_no_values_in_english_digits_and_chinese(raw, value):
    assert parse_bool(raw) is value


def test_a_date_alone_is_not_a_time():
    with pytest.raises(ValueError):
        parse_time("2026-10-08", SH)


def test_an_answer_stamped_before_the_queue_entry_is_clock_skew_with_zero_wait(tmp_path):
    p = write(tmp_path, HEADER + "c1,8001,2026-10-08 09:00:00,2026-10-08 09:02:00,2026-10-08 09:00:01,0,\n")
    (rec,), _ = read_calls(p)
    assert rec.wait_seconds == 0


def test_a_call_across_a_daylight_saving_change_lasts_its_real_length(tmp_path):
    # New York falls back at 02:00 on 2026-11-01: 01:55 EDT → 01:05 EST is 10 minutes, not −50.
    p = write(tmp_path, HEADER + "c1,8001,2026-11-01 01:55:00-04:00,2026-11-01 01:05:00-05:00,,0,a.wav\n")
    (rec,), _ = read_calls(p, tz="America/New_York")
    assert rec.duration == 600
    from zoneinfo import ZoneInfo

    ny = ZoneInfo("America/New_York")
    same_zone = rec.__class__(
        call_id="c2",
        agent="8001",
        answered_at=rec.answered_at.astimezone(ny),
        ended_at=rec.ended_at.astimezone(ny),
    )
    assert same_zone.duration == 600


def test_row_errors_are_keys_rendered_in_the_readers_language(tmp_path):
    """Reasons are source texts with parameters: a Chinese page, the English command line (issue 11)."""
    rows = "c1,8001,yesterday,2026-10-08 09:02:00,,0,\nc2,8001,2026-10-08 09:00:00,2026-10-08 08:59:00,,0,\n"
    with pytest.raises(TableError) as caught:
        read_calls(write(tmp_path, HEADER + rows))
    errors = caught.value.errors
    assert errors[0].reason == "“%(value)s”不是 ISO 8601 时间（如 2026-10-08T09:15:02+08:00）"
    assert errors[0].params == {"value": "yesterday"}
    assert errors[0].reason_text().startswith("“yesterday”不是 ISO 8601 时间")
    english = {"“%(value)s”不是 ISO 8601 时间（如 2026-10-08T09:15:02+08:00）": "'%(value)s' is not a time"}
    assert (
        errors[0]
        .english(lambda s: english.get(s, s))
        .endswith("column answered_at: 'yesterday' is not a time")
    )
    assert errors[1].reason == "结束时间早于接通时间"
