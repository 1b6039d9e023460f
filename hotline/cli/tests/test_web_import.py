"""`hotline import …` as a new user runs it: all or nothing, the bad row named, idempotent (§2)."""

import pytest

from hotline.calls.models import Call
from hotline.cli.main import main
from hotline.org.models import Person

pytestmark = pytest.mark.django_db

HEADER = "call_id,agent,answered_at,ended_at,center\n"
GOOD = "g1,8001,2026-10-08 09:00:00,2026-10-08 09:02:00,廊坊中心\ng2,8002,2026-10-08 10:00:00,2026-10-08 10:05:00,廊坊中心\n"


def test_a_file_with_one_bad_row_exits_non_zero_names_it_and_imports_nothing(personas, tmp_path, capsys):
    p = tmp_path / "calls.csv"
    p.write_bytes(
        (HEADER + GOOD + "g3,8001,2026-13-08 09:00:00,2026-10-08 09:02:00,廊坊中心\n").encode("gb18030")
    )
    assert main(["import", "calls", str(p)]) == 2
    err = capsys.readouterr().err
    assert "calls.csv, row 4, column answered_at" in err
    assert Call.objects.count() == 0


def test_keep_good_rows_imports_the_rest_and_still_reports(personas, tmp_path, capsys):
    p = tmp_path / "calls.csv"
    p.write_text(
        HEADER + GOOD + "g3,4242,2026-10-08 09:00:00,2026-10-08 09:02:00,廊坊中心\n", encoding="utf-8"
    )
    assert main(["import", "calls", str(p), "--keep-good-rows"]) == 1
    assert Call.objects.count() == 2 and "4242" in capsys.readouterr().err


def test_running_the_same_import_twice_adds_nothing(personas, tmp_path, capsys):
    p = tmp_path / "calls.csv"
    p.write_text("\ufeff" + HEADER + GOOD, encoding="utf-8")
    assert main(["import", "calls", str(p)]) == 0
    assert main(["import", "calls", str(p)]) == 0
    assert Call.objects.count() == 2
    assert "0 new, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_import_people_then_calls_for_them(db, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(
        "work_number,name,company,team,center,role\n8001,张三,长沙有限公司,一组,廊坊中心,座席员\n"
    )
    assert main(["import", "people", str(people), "--password", "s3cret-pass"]) == 0
    assert Person.objects.get().user.check_password("s3cret-pass")
    calls = tmp_path / "calls.csv"
    calls.write_text(HEADER + GOOD.splitlines()[0] + "\n")
    assert main(["import", "calls", str(calls)]) == 0


def test_an_unknown_center_option_is_refused(personas, tmp_path, capsys):
    p = tmp_path / "calls.csv"
    p.write_text(HEADER + GOOD)
    assert main(["import", "calls", str(p), "--center", "火星中心"]) == 2
    assert "火星中心" in capsys.readouterr().err


def test_manage_passes_any_django_command(db, capsys):
    assert main(["manage", "check"]) == 0
    assert "no issues" in capsys.readouterr().out


def test_export_writes_the_product_layout_that_import_reads_back(personas, tmp_path):
    src = tmp_path / "calls.csv"
    src.write_text(HEADER + GOOD)
    main(["import", "calls", str(src)])
    out = tmp_path / "out.csv"
    assert main(["export", "calls", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("call_id,agent,answered_at")
    assert "2026-10-08T09:00:00+08:00" in text
    Call.objects.all().delete()
    assert main(["import", "calls", str(out)]) == 0 and Call.objects.count() == 2


# --- issue 10: hostile files through the command line --------------------------------------------------


def test_a_recording_outside_the_recordings_folder_is_a_named_row_error(personas, tmp_path, capsys):
    p = tmp_path / "calls.csv"
    p.write_text(
        "call_id,agent,answered_at,ended_at,center,recording\n"
        "g1,8001,2026-10-08 09:00:00,2026-10-08 09:02:00,廊坊中心,../../../../etc/passwd\n",
        encoding="utf-8",
    )
    assert main(["import", "calls", str(p)]) == 2
    assert "calls.csv, row 2, column recording" in capsys.readouterr().err and not Call.objects.exists()


def test_a_cell_over_the_field_limit_exits_cleanly(personas, tmp_path, capsys):
    p = tmp_path / "calls.csv"
    p.write_text(HEADER + "g1,8001,2026-10-08 09:00:00,2026-10-08 09:02:00," + "长" * 140_000 + "\n")
    assert main(["import", "calls", str(p)]) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "row 2" in err and not Call.objects.exists()


def test_a_recordings_folder_outside_the_recordings_root_is_refused(personas, tmp_path, capsys):
    assert main(["import", "recordings", str(tmp_path)]) != 0
    assert "Traceback" not in capsys.readouterr().err


def test_a_people_row_named_like_the_superuser_does_not_take_it_over(db, tmp_path, capsys):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "s3cret-pass")
    p = tmp_path / "people.csv"
    p.write_text("work_number,name,company,team,center,role\nadmin,冒名,,,廊坊中心,座席员\n")
    assert main(["import", "people", str(p)]) != 0
    admin.refresh_from_db()
    assert admin.is_superuser and admin.check_password("s3cret-pass")
