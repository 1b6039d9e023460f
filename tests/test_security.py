"""Hardening of issue 10 (findings 3 and 4): security headers and the Content-Security-Policy, login
throttling on the login page and the admin login, /healthz, and the audit of admin edits."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from hotline.org.models import AuditEntry
from hotline.org.tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[1] / "hotline"
T0 = dt.datetime(2026, 10, 13, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


# --- headers and CSP ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_answer_carries_the_security_headers(client):
    r = client.get("/login/")
    assert r.status_code == 200
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]  # scripts: self or nonce only
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"
    assert r.headers["X-Frame-Options"] == "DENY"


def test_no_template_has_an_inline_script_without_the_nonce_or_an_inline_handler():
    bad = []
    for path in ROOT.rglob("templates/**/*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "nonce=" not in tag and "application/json" not in tag:
                bad.append(f"{path}: {tag}")
        bad += [f"{path}: {m}" for m in re.findall(r"\son[a-z]+=\"", text)]
        bad += [f"{path}: javascript: URL" for _ in re.findall(r"javascript:", text)]
    assert bad == []


@pytest.mark.django_db
def test_a_page_with_an_inline_script_gives_it_the_nonce_of_its_policy(personas, login):
    r = login(personas.manager).get("/quality/forms/regime/")
    assert r.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", r.headers["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in r.content.decode()
    again = login(personas.manager).get("/quality/forms/regime/")
    assert nonce not in again.headers["Content-Security-Policy"]  # a fresh nonce per answer


# --- /healthz -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_anonymous_probes_without_secrets(client, settings):
    r = client.get("/healthz")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    assert r.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "not configured", "recordings": "ok"},
    }
    assert "no-store" in r["Cache-Control"]
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down_and_says_no_more(client, settings):
    settings.CELERY_BROKER_URL = "redis://:hunter2@127.0.0.1:1/0"  # nothing listens on port 1
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json() == {
        "status": "error",
        "checks": {"database": "ok", "broker": "error", "recordings": "ok"},
    }
    assert b"hunter2" not in r.content and b"127.0.0.1" not in r.content


@pytest.mark.django_db
def test_healthz_is_503_when_the_recordings_storage_is_unreachable(client, settings, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    settings.RECORDINGS_DIR = blocker / "recordings"  # under a file: can never exist
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["checks"]["recordings"] == "error"
    assert str(tmp_path).encode() not in r.content


# --- login throttling -----------------------------------------------------------------------------


def _try(client, password, path="/login/", ip="10.0.0.7", username="8001"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_on_this_address_even_for_the_right_one(client, personas):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(4):
            assert _try(client, "wrong").status_code == 200  # the form again, "wrong password"
        locked = _try(client, "wrong")
        assert locked.status_code == 429
        assert "登录失败次数过多" in locked.content.decode() and "15 分钟" in locked.content.decode()
        right = _try(client, PASSWORD)
        assert right.status_code == 429 and "_auth_user_id" not in client.session
        # Another desk (address) is not locked out by the attacker's attempts.
        assert _try(client, PASSWORD, ip="10.0.0.8").status_code == 302
        client.logout()
        clock.shift(dt.timedelta(minutes=14))
        assert _try(client, PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=2))
        assert _try(client, PASSWORD).status_code == 302  # the lock has ended


@pytest.mark.django_db
def test_the_lock_message_is_in_the_readers_language(client, personas):
    client.cookies["django_language"] = "en"
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            r = _try(client, "wrong")
    assert r.status_code == 429
    assert "Too many failed logins" in r.content.decode()


@pytest.mark.django_db
def test_the_admin_login_where_api_tokens_are_issued_is_throttled_too(client):
    get_user_model().objects.create_superuser("root", "", "root-pass-1234")
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            _try(client, "wrong", path="/admin/login/", username="root")
        r = _try(client, "root-pass-1234", path="/admin/login/", username="root")
    assert r.status_code == 429 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_success_clears_the_earlier_failures(client, personas):
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            _try(client, "wrong")
        assert _try(client, PASSWORD).status_code == 302
        client.logout()
        for _ in range(4):
            _try(client, "wrong")
        assert _try(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, personas, settings):
    settings.HOTLINE_BEHIND_PROXY = True
    with time_machine.travel(T0, tick=False):
        for i in range(5):  # the attacker forges a new first X-Forwarded-For entry each time
            client.post("/login/", {"username": "8001", "password": "wrong"}, REMOTE_ADDR="127.0.0.1",
                        HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 203.0.113.9")  # fmt: skip
        r = client.post("/login/", {"username": "8001", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                        HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9")  # fmt: skip
    assert r.status_code == 429


# --- admin edits are audited ----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_change_of_a_published_result_leaves_an_audit_record(client, personas):
    from hotline.quality import services as qs
    from hotline.quality.models import Kind, Session

    root = get_user_model().objects.create_superuser("root", "", "root-pass-1234")
    client.force_login(root)
    s = Session.objects.create(
        kind=Kind.RECORDING, agent=personas.agent, monitor=personas.monitor, period="2026-10-H1",
        date=dt.date(2026, 10, 13), form=qs.active_form(),
    )  # fmt: skip
    url = f"/admin/quality/session/{s.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()})
    data["period"] = "2026-10-H2"
    r = client.post(url, {k: v for k, v in data.items() if not isinstance(v, list | dict)})
    assert r.status_code == 302, r.context["adminform"].form.errors if r.context else r
    e = AuditEntry.objects.get(action="admin.change", object_type="quality.session", object_id=str(s.pk))
    assert e.actor == root and e.before["period"] == "2026-10-H1" and e.after["period"] == "2026-10-H2"


@pytest.mark.django_db
def test_an_admin_delete_is_audited_and_secrets_never_reach_the_trail(client, personas):
    from hotline.feedback.models import FeedbackSettings

    root = get_user_model().objects.create_superuser("root", "", "root-pass-1234")
    client.force_login(root)
    u = personas.agent.user
    r = client.post(f"/admin/auth/user/{u.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    e = AuditEntry.objects.get(action="admin.delete", object_type="auth.user", object_id=str(u.pk))
    assert e.before["username"] == "8001" and e.before["password"] == "***"
    fs = FeedbackSettings(webhook_secret="s3cret")
    from hotline.org.admin_site import snapshot

    fs.pk = 1
    assert snapshot(fs)["webhook_secret"] == "***"


@pytest.mark.django_db
def test_the_test_clients_login_still_works_without_a_request(client, personas):
    assert client.login(username="8001", password=PASSWORD)
    assert not client.login(username="8001", password="wrong")


def test_every_admin_is_audited():
    from django.contrib import admin

    from hotline.org.admin_site import AuditedAdminMixin

    assert admin.site._registry
    assert all(isinstance(ma, AuditedAdminMixin) for ma in admin.site._registry.values())


@pytest.mark.django_db
def test_spelling_the_username_differently_does_not_earn_more_tries(client, personas):
    with time_machine.travel(T0, tick=False):
        for variant in (
            " 8001",
            "8001 ",
            "８００１",
            "\t8001",
            "8001",
        ):  # the form strips and NFKC-normalises
            _try(client, "wrong", username=variant)
        assert _try(client, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_healthz_reaches_a_live_broker(client, settings):
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["checks"]["broker"] == "ok"
