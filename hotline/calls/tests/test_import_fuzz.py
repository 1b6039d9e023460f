"""Issue 10 #7: fuzzing every importer (product layout CSV and XLSX, Asterisk, FreeSWITCH, people).

Hostile and random cells, rows and bytes: the importer either imports or refuses with its own row
errors (``ImportFailed`` / ``TableError``) — never another exception — and a refused file writes
nothing. Bounded (a few dozen examples each, the module well under 30 s); raise
``HOTLINE_FUZZ_EXAMPLES`` for a longer run in CI.
"""

from __future__ import annotations

import csv
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline.calls.models import Call, ImportBatch, Recording
from hotline.calls.services import ImportFailed, calls_import
from hotline.core.calllog import COLUMNS
from hotline.core.cdr import ASTERISK_21, FREESWITCH_15
from hotline.core.tabular import TableError
from hotline.org.models import AuditEntry, Person

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("HOTLINE_FUZZ_EXAMPLES", "50"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip

HOSTILE_TEXT = [
    "", " ", "\x00", "a\x00b", "x" * 130, "长" * 250, "=cmd|' /C calc'!A0", "\r\n", '"', "nan", "inf", "-1",
    "../../../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini", "~/x.wav", "file:///etc/passwd",
    "https://example.com/a.wav", "a.wav", "2026/10/a.wav", "admin", "8001", "9001", "廊坊中心", "黄岛中心",
]  # fmt: skip
TIMES = [
    "0001-01-01 00:00:00", "9999-12-31 23:59:59", "0001-01-01T00:00:00+14:00", "1969-12-31 23:59:59",
    "2026-13-01 00:00:00", "2026-10-08", "", "nan", "2026-10-08 09:00:00Z", "2026-10-08T09:00:00+23:59",
    "2026-10-08 09:00:00", "2026-10-08 09:03:00", "2026-10-08T09:00:00+08:00", "2026/10/08 09:00:00",
]  # fmt: skip
# Hostile values first: hypothesis draws early elements of a sampled list more often.
NUMBERS = ["nan", "inf", "1e400", "1e308", "NaN", "-inf", "-1", "", "abc", "1_000", "0x10", "180", "0"]
BOOLS = ["1", "0", "是", "否", "", "maybe"]

KEEP = st.sampled_from([True, True, True, False])  # mostly --keep-good-rows: the good rows get written
text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=12))
cells = {
    "call_id": st.one_of(st.sampled_from(["c1", "c2", "c3", "hd-1"]), text),
    "agent": st.sampled_from(["8001", "8002", "9001", "", "admin", "x" * 50]),
    "answered_at": st.one_of(st.sampled_from(TIMES), text),
    "ended_at": st.one_of(st.sampled_from(TIMES), text),
    "queued_at": st.one_of(st.sampled_from(TIMES), text),
    "center": st.sampled_from(["廊坊中心", "黄岛中心", "", "火星中心", "廊坊中心\x00"]),
    "talk_seconds": st.sampled_from(NUMBERS),
    "acw_seconds": st.sampled_from(NUMBERS),
    "hold_seconds": st.sampled_from(NUMBERS),
    "abandoned": st.sampled_from(BOOLS),
    "recording": st.one_of(st.sampled_from(HOSTILE_TEXT), text),
    "direction": st.sampled_from(["in", "out", "呼入", "sideways", ""]),
}
columns = st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=len(COLUMNS), unique=True).map(
    lambda c: tuple(dict.fromkeys(["call_id", "agent", "answered_at", "ended_at", *c]))
)


VALID = {
    "call_id": "c1", "agent": "8001", "answered_at": "2026-10-08 09:00:10", "ended_at": "2026-10-08 09:03:10",
    "queued_at": "2026-10-08 09:00:00", "center": "廊坊中心", "skill": "订货", "direction": "in",
    "customer": "13812345678", "talk_seconds": "180", "hold_seconds": "0", "acw_seconds": "0", "abandoned": "0",
    "recording": "c1.wav", "reason": "查询", "resolved": "1", "satisfied": "",
}  # fmt: skip


@st.composite
def mutated_row(draw, head, i):
    """A valid row with one or two cells made hostile (so most rows get deep into the importer)."""
    row = {c: VALID[c] for c in head} | {"call_id": draw(st.sampled_from([f"c{i}", "hd-1", "c1"]))}
    hot = [c for c in head if c in cells] * 5 + list(head)  # the columns with hostile values, more often
    for c in draw(st.lists(st.sampled_from(hot), min_size=1, max_size=2)):
        row[c] = draw(cells.get(c, text))
    return [row[c] for c in head]


@st.composite
def product_table(draw):
    head = draw(st.one_of(columns, st.just(COLUMNS)))
    n = draw(st.integers(0, 8))
    return head, [draw(mutated_row(head, i)) for i in range(n)]


def snapshot():
    return (
        list(Call.objects.order_by("call_id").values_list("call_id", "center_id", "agent_id", "ended_at")),
        list(Recording.objects.order_by("call_id").values_list("call_id", "path")),
    )


def outside_root(path: str) -> bool:
    from hotline.calls import storage

    try:
        storage.resolve(path)
    except storage.RecordingPathError:
        return True
    return False


def check_import(path, **kwargs):
    """Run the import: only its own refusals may escape; a refusal writes nothing; nothing stored
    ever points outside the recordings folder; another center's call never moves."""
    before = snapshot()
    try:
        calls_import(path=path, **kwargs)
    except (ImportFailed, TableError) as exc:
        assert exc.errors and all(hasattr(e, "row") and hasattr(e, "column") for e in exc.errors)
        assert snapshot() == before
    assert not any(
        outside_root(p) for p in Recording.objects.values_list("path", flat=True) if not p.startswith("http")
    )
    assert Call.objects.get(call_id="hd-1").center.name == "黄岛中心"


def csv_bytes(head, rows, encoding="utf-8") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    if head is not None:
        w.writerow(head)
    w.writerows(rows)
    return buf.getvalue().encode(encoding, errors="replace")


@pytest.fixture
def world(personas):
    from .helpers import make_call

    make_call(personas.other_agent, "hd-1")
    return personas


@FUZZ
@given(table=product_table(), keep=KEEP, manager=st.booleans())
def test_fuzz_product_layout_csv(world, tmp_path, table, keep, manager):
    p = tmp_path / "calls.csv"
    p.write_bytes(csv_bytes(*table))
    allowed = {world.center.id} if manager else None
    check_import(p, keep_good_rows=keep, allowed_centers=allowed)


@FUZZ
@given(data=st.binary(max_size=300), keep=st.booleans())
def test_fuzz_raw_bytes(world, tmp_path, data, keep):
    p = tmp_path / "calls.csv"
    p.write_bytes(b"call_id,agent,answered_at,ended_at,center,recording\n" + data)
    check_import(p, keep_good_rows=keep)


@settings(FUZZ, max_examples=max(10, EXAMPLES // 2))  # a workbook costs ~10× a CSV to write and read
@given(table=product_table(), keep=KEEP)
def test_fuzz_product_layout_xlsx(world, tmp_path, table, keep):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(v):  # a workbook cannot hold control characters: they are dropped, as Excel would
        return float(v) if v in ("nan", "inf", "-inf") else ILLEGAL_CHARACTERS_RE.sub("", v)

    head, rows = table
    wb = Workbook()
    ws = wb.active
    ws.append(list(head))
    for r in rows:
        ws.append([cell(v) for v in r])
    p = tmp_path / "calls.xlsx"
    wb.save(p)
    check_import(p, keep_good_rows=keep)


def cdr_rows(names, overrides):
    return st.lists(
        st.fixed_dictionaries({n: overrides.get(n, text) for n in names}).map(
            lambda d: [d[n] for n in names]
        ),
        min_size=1,
        max_size=5,
    )


ASTERISK = {
    "start": st.sampled_from(TIMES), "answer": st.sampled_from(TIMES), "end": st.sampled_from(TIMES),
    "billsec": st.sampled_from(NUMBERS), "disposition": st.sampled_from(["ANSWERED", "NO ANSWER", "BUSY", ""]),
    "dstchannel": st.sampled_from(["SIP/8001-0001", "PJSIP/9001-2", "", "Local/x@y", "SIP/admin-1"]),
    "uniqueid": st.sampled_from(["u1", "u2", "hd-1", "", "u\x00"]),
}  # fmt: skip


@FUZZ
@given(width=st.sampled_from([16, 18, 21, 17]), rows=cdr_rows(ASTERISK_21, ASTERISK), keep=st.booleans())
def test_fuzz_asterisk_master_csv(world, tmp_path, width, rows, keep):
    p = tmp_path / "Master.csv"
    p.write_bytes(csv_bytes(None, [r[:width] for r in rows]))
    check_import(p, file_format="asterisk", center_name="廊坊中心", keep_good_rows=keep)


FREESWITCH = {
    "start_stamp": st.sampled_from(TIMES), "answer_stamp": st.sampled_from(TIMES),
    "end_stamp": st.sampled_from(TIMES), "billsec": st.sampled_from(NUMBERS),
    "destination_number": st.sampled_from(["8001", "9001", "", "admin"]),
    "uuid": st.sampled_from(["f1", "f2", "hd-1", "", "x" * 130]),
}  # fmt: skip


@FUZZ
@given(width=st.sampled_from([13, 15, 14]), rows=cdr_rows(FREESWITCH_15, FREESWITCH), keep=st.booleans())
def test_fuzz_freeswitch_csv(world, tmp_path, width, rows, keep):
    p = tmp_path / "fs.csv"
    p.write_bytes(csv_bytes(None, [r[:width] for r in rows]))
    check_import(p, file_format="freeswitch", center_name="廊坊中心", keep_good_rows=keep)


PEOPLE = ("work_number", "name", "company", "team", "center", "role", "pinyin")
people_cells = {
    "work_number": st.one_of(st.sampled_from(["7001", "7002", "8001", "admin", "", "7" * 41, "7\x00"]), text),
    "name": st.one_of(st.sampled_from(["张三", "单田芳", "长" * 101, "a\x00"]), text),
    "company": text,
    "team": text,
    "center": st.sampled_from(["廊坊中心", "黄岛中心", "新中心", "", "廊" * 120]),
    "role": st.sampled_from(["agent", "座席员", "admin", "管理员", "manager", "boss", ""]),
    "pinyin": st.sampled_from(["", "zhang san", "a" * 250]),
}


@FUZZ
@given(
    rows=st.lists(st.fixed_dictionaries(people_cells).map(lambda d: [d[c] for c in PEOPLE]), max_size=5),
    keep=st.booleans(),
)
def test_fuzz_people(world, tmp_path, rows, keep):
    from django.contrib.auth import get_user_model

    from hotline.org.services import people_import

    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "a@example.com", "s3cret-pass")
    p = tmp_path / "people.csv"
    p.write_bytes(csv_bytes(PEOPLE, rows))
    before = (
        list(Person.objects.order_by("pk").values_list("work_number", "name", "role", "center_id")),
        list(User.objects.order_by("pk").values_list("username", "is_superuser", "password")),
        AuditEntry.objects.count(),
    )
    try:
        people_import(path=p, keep_good_rows=keep)
    except TableError as exc:
        assert exc.errors
        after = (
            list(Person.objects.order_by("pk").values_list("work_number", "name", "role", "center_id")),
            list(User.objects.order_by("pk").values_list("username", "is_superuser", "password")),
            AuditEntry.objects.count(),
        )
        assert after == before
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("s3cret-pass") and not hasattr_person(admin)
    for person in Person.objects.select_related("user").exclude(user=None):
        assert person.user.is_superuser == (person.role == "admin") or person.work_number.startswith("8")


def hasattr_person(user) -> bool:
    return Person.objects.filter(user=user).exists()


def test_the_fuzz_targets_leave_the_batch_table_consistent(world):
    assert not ImportBatch.objects.filter(status="running").exists()
