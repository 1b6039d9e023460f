"""Issue 10 #6: SQLite connections run in WAL mode, so an import's write batch never blocks readers."""

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


def test_a_sqlite_connection_with_the_project_options_is_in_wal_mode(tmp_path, django_db_blocker):
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("sqlite3"):
        pytest.skip("SQLite only")
    conn = DatabaseWrapper({**db, "NAME": str(tmp_path / "x.sqlite3"), "TEST": {}}, alias="wal-probe")
    try:
        with django_db_blocker.unblock(), conn.cursor() as cur:
            cur.execute("PRAGMA journal_mode")
            assert cur.fetchone()[0] == "wal"
    finally:
        conn.close()
