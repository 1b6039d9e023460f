"""``hotline report national --json`` against an independent KPI computation per center on the
exported calls (SPEC §7 definitions re-derived here from the CSV, not by calling the product's KPI code)."""

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest

from hotline.calls.models import Call
from hotline.calls.services import calls_export_rows
from hotline.cli.main import main

from .national_helpers import two_centers_of_calls

SETTINGS = {"廊坊中心": (20.0, 5.0), "黄岛中心": (15.0, 3.0)}  # (answer time T, short-abandon cut-off)


def _t(text):
    return dt.datetime.fromisoformat(text) if text else None


def independent(rows, center, month, answer_time, short_cut):
    """§7 from the exported CSV: inbound only; short abandon = abandoned, wait known, wait < cut-off,
    left out of offered and abandoned; SL = answered with known wait <= T over offered (None without
    any known wait); ASA over answered with known wait; AHT = (talk+hold+acw) / answered; FCR on 维修."""
    mine = []
    for r in rows:
        start = _t(r["queued_at"]) or _t(r["answered_at"]) or _t(r["ended_at"])
        day = start.astimezone(ZoneInfo("Asia/Shanghai")).date()
        if r["center"] == center and r["direction"] == "in" and (day.year, day.month) == month:
            mine.append(r)
    offered = answered = abandoned = within = 0
    waits, handles, known = [], [], False
    res_n = res_yes = 0
    for r in mine:
        q, a, e = _t(r["queued_at"]), _t(r["answered_at"]), _t(r["ended_at"])
        is_ab = r["abandoned"] == "1"
        wait = None if q is None else max(0.0, ((a if not is_ab else e) - q).total_seconds())
        if is_ab and wait is not None and wait < short_cut:
            continue
        offered += 1
        known = known or wait is not None
        if is_ab:
            abandoned += 1
            continue
        answered += 1
        handles.append(float(r["talk_seconds"]) + float(r["hold_seconds"]) + float(r["acw_seconds"]))
        if wait is not None:
            waits.append(wait)
            within += wait <= answer_time
        if r["skill"] == "维修" and r["resolved"] != "":
            res_n += 1
            res_yes += r["resolved"] == "1"
    return {
        "offered": offered, "answered": answered, "abandoned": abandoned,
        "abandonment_rate": abandoned / offered if offered else None,
        "service_level": within / offered if offered and known else None,
        "asa": sum(waits) / len(waits) if waits else None,
        "aht": sum(handles) / len(handles) if handles else None,
        "fcr": (res_yes / res_n if res_n else None, res_n),
    }  # fmt: skip


@pytest.fixture
def exported(personas):
    two_centers_of_calls(personas)
    buf = io.StringIO()
    csv.writer(buf).writerows(calls_export_rows(Call.objects.order_by("call_id")))
    return list(csv.DictReader(io.StringIO(buf.getvalue())))


def test_every_center_matches_the_independent_computation_with_its_own_settings(exported, capsys):
    assert main(["report", "national", "--month", "2026-10", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["month"] == "2026-10"
    by_name = {c["center"]: c for c in out["centers"]}
    assert set(by_name) == {"廊坊中心", "黄岛中心"}
    for name, (t, cut) in SETTINGS.items():
        want = independent(exported, name, (2026, 10), t, cut)
        got = by_name[name]
        assert got["settings"] == {"answer_time": t, "short_abandon": cut}
        for k in ("offered", "answered", "abandoned"):
            assert got[k] == want[k], (name, k)
        for k in ("abandonment_rate", "service_level", "asa", "aht"):
            assert got[k] == pytest.approx(want[k], abs=1e-9), (name, k)
        assert (
            got["resolution"]["rate"] == pytest.approx(want["fcr"][0])
            and got["resolution"]["n"] == want["fcr"][1]
        )
        prev = independent(exported, name, (2026, 9), t, cut)
        assert got["previous"]["offered"] == prev["offered"]
        assert got["offered_change"] == pytest.approx((want["offered"] - prev["offered"]) / prev["offered"])
        assert (
            got["trend"][-1]["offered"] == want["offered"] and got["trend"][-2]["offered"] == prev["offered"]
        )


def test_the_settings_change_the_numbers(exported):
    # the thresholds really matter on these calls: 黄岛 under the default 20 s / 5 s would differ
    default = independent(exported, "黄岛中心", (2026, 10), 20.0, 5.0)
    own = independent(exported, "黄岛中心", (2026, 10), 15.0, 3.0)
    assert default["offered"] != own["offered"] or default["service_level"] != own["service_level"]


def test_a_bad_month_exits_2_with_a_message(personas, capsys):
    assert main(["report", "national", "--month", "2026-13", "--json"]) == 2
    assert "--month" in capsys.readouterr().err


def test_pdf_and_xlsx_are_written_by_the_command(exported, tmp_path, capsys):
    pdf, xlsx = tmp_path / "n.pdf", tmp_path / "n.xlsx"
    assert main(["report", "national", "--month", "2026-10", "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    assert pdf.read_bytes()[:5] == b"%PDF-" and xlsx.read_bytes()[:2] == b"PK"
    assert "廊坊中心" in capsys.readouterr().out
