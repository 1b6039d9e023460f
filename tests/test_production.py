"""Production mode (issue 10 finding 3, issue 16 item 1): the settings refuse the development key, an
empty or short key and DEBUG; ``check --deploy`` is clean behind the proxy; ``hotline serve
--production`` really starts gunicorn and answers /healthz.

Each case runs the real ``hotline`` command in a subprocess, since settings are read once per process.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from hotline.conf import DEVELOPMENT_SECRET_KEY, production_problems

ROOT = Path(__file__).resolve().parents[1]
GOOD_KEY = (
    "k7Qz-Xv2pL9wR4mT8nB1cY6hJ3sF0dG5aE2uI7oP9qW4eR1tY8uI3oP6aS9dF2gH"  # fixed: xdist workers collect alike
)


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOTLINE_", "DATABASE_URL", "CELERY_"))}
    env.update(
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        HOTLINE_DATA_DIR=str(tmp_path / "data"),
        DJANGO_SETTINGS_MODULE="hotline.settings",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def _hotline(tmp_path, *args, timeout=120, **env):
    return subprocess.run(
        [sys.executable, "-m", "hotline", *args], env=_env(tmp_path, **env), capture_output=True, text=True,
        timeout=timeout, cwd=tmp_path,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("key", "debug", "says"),
    [
        (DEVELOPMENT_SECRET_KEY, False, "development key"),
        ("", False, "empty"),
        ("short-key-1234", False, "too short"),
        ("a" * 60, False, "too short"),  # long but one character: not random
        ("django-insecure-" + "x1y2z3" * 10, False, "development key"),
        (GOOD_KEY, True, "HOTLINE_DEBUG"),
    ],
    ids=["dev-key", "empty", "short", "one-char", "insecure-prefix", "debug"],
)
def test_the_production_rules_name_each_problem(key, debug, says):
    problems = production_problems(secret_key=key, debug=debug)
    assert problems and says in problems[0]


def test_a_long_random_key_without_debug_passes():
    assert production_problems(secret_key=GOOD_KEY, debug=False) == []


@pytest.mark.parametrize(
    "env",
    [
        {},  # no key at all: the development default
        {"HOTLINE_SECRET_KEY": DEVELOPMENT_SECRET_KEY},
        {"HOTLINE_SECRET_KEY": ""},
        {"HOTLINE_SECRET_KEY": "tooshort"},
        {"HOTLINE_SECRET_KEY": GOOD_KEY, "HOTLINE_DEBUG": "1"},
    ],
    ids=["default-key", "dev-key", "empty-key", "short-key", "debug"],
)
def test_serve_production_refuses_to_start_with_a_clear_message(tmp_path, env):
    r = _hotline(tmp_path, "serve", "--production", "--port", "9", **env)
    assert r.returncode == 2, r.stderr
    assert "refuses to start in production mode" in r.stderr
    assert "Traceback" not in r.stderr


def test_any_command_in_production_mode_refuses_the_development_key(tmp_path):
    r = _hotline(tmp_path, "manage", "check", HOTLINE_PRODUCTION=1)
    assert r.returncode == 2 and "development key" in r.stderr and "Traceback" not in r.stderr


def test_the_development_mode_still_accepts_the_development_key(tmp_path):
    r = _hotline(tmp_path, "manage", "check")
    assert r.returncode == 0, r.stderr


def test_check_deploy_is_clean_in_production_behind_the_proxy(tmp_path):
    r = _hotline(
        tmp_path, "manage", "check", "--deploy", "--fail-level", "WARNING",
        HOTLINE_PRODUCTION=1, HOTLINE_BEHIND_PROXY=1, HOTLINE_SECRET_KEY=GOOD_KEY,
        HOTLINE_ALLOWED_HOSTS="hotline.example.org",
    )  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, headers: dict | None = None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:  # noqa: S310 - loopback
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.mark.slow
def test_serve_production_starts_gunicorn_and_answers_healthz(tmp_path):
    port = _free_port()
    env = _env(
        tmp_path,
        HOTLINE_SECRET_KEY=GOOD_KEY,
        HOTLINE_STATIC_ROOT=tmp_path / "static",
        HOTLINE_LOG_FORMAT="json",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "hotline", "serve", "--production", "--port", str(port), "--workers", "2"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240  # migrate + collectstatic on a busy 2-core machine
        status = None
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read()
            try:
                status, headers, body = _get(base + "/healthz")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        assert status == 200, "no answer from the production server"
        assert json.loads(body) == {
            "status": "ok", "checks": {"database": "ok", "broker": "not configured", "recordings": "ok"},
        }  # fmt: skip
        assert "gunicorn" in headers.get("Server", "") and "/" not in headers.get("Server", "")  # no version
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        # A page and its static files, served by WhiteNoise with hashed names, gzip on request.
        status, headers, body = _get(base + "/login/")
        assert status == 200
        css = next(
            part.split('"')[0] for part in body.decode().split('href="')[1:] if part.startswith("/static/")
        )
        assert css.count(".") >= 2  # hotline.<hash>.css
        status, headers, _body = _get(base + css, {"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip"
        assert "max-age=315360000" in headers.get("Cache-Control", "")
        _get(base + '/healthz?x="}{')  # a quote in the request line cannot break the JSON access log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            output, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            output, _ = proc.communicate()
    access = [json.loads(line) for line in output.splitlines() if '"gunicorn.access"' in line]
    assert {(a["method"], a["path"], a["status"]) for a in access} >= {
        ("GET", "/healthz", 200),
        ("GET", "/login/", 200),
    }
    assert any(a["query"] == 'x="}{' for a in access)


def test_json_logs_are_one_object_a_line(tmp_path):
    code = (
        "import django, logging; django.setup(); log = logging.getLogger('hotline.test');"
        "log.warning('导入 %s 行', 3, extra={'center': 'langfang'})\n"
        "try:\n 1/0\nexcept ZeroDivisionError:\n log.exception('boom')"
    )
    r = subprocess.run([sys.executable, "-c", code], env=_env(tmp_path, HOTLINE_LOG_FORMAT="json"),
                       capture_output=True, text=True, timeout=60, cwd=tmp_path)  # fmt: skip
    first, second = (json.loads(line) for line in r.stderr.strip().splitlines())
    assert first["message"] == "导入 3 行" and first["level"] == "WARNING" and first["center"] == "langfang"
    assert first["logger"] == "hotline.test" and first["time"].endswith("+00:00")
    assert "ZeroDivisionError" in second["exception"]


def _hardened(monkeypatch, **env) -> dict:
    from hotline.settings_security import harden

    for k in ("HOTLINE_PRODUCTION", "HOTLINE_BEHIND_PROXY", "HOTLINE_LOG_FORMAT"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    ns = {
        "INSTALLED_APPS": ["django.contrib.admin", "django.contrib.auth"], "SECRET_KEY": GOOD_KEY, "DEBUG": False,
        "MIDDLEWARE": ["django.middleware.security.SecurityMiddleware", "x.Auth"], "STATIC_ROOT": "/tmp/s",
        "LOGGING": {"handlers": {"console": {}}},
    }  # fmt: skip
    harden(ns)
    return ns


def test_https_settings_come_only_with_the_proxy(monkeypatch):
    plain = _hardened(monkeypatch, HOTLINE_PRODUCTION="1")
    assert "SECURE_SSL_REDIRECT" not in plain and "SESSION_COOKIE_SECURE" not in plain
    assert plain["STORAGES"]["staticfiles"]["BACKEND"] == "hotline.staticfiles.ProductionStaticStorage"
    proxied = _hardened(monkeypatch, HOTLINE_PRODUCTION="1", HOTLINE_BEHIND_PROXY="1")
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert (
        proxied["SECURE_SSL_REDIRECT"] and proxied["SESSION_COOKIE_SECURE"] and proxied["CSRF_COOKIE_SECURE"]
    )
    assert proxied["SECURE_HSTS_SECONDS"] >= 31536000 and proxied["SECURE_REDIRECT_EXEMPT"] == [
        r"^healthz/?$"
    ]
    dev = _hardened(monkeypatch)
    assert "STORAGES" not in dev and dev["MIDDLEWARE"][1] == "csp.middleware.CSPMiddleware"
    assert dev["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"
    assert dev["INSTALLED_APPS"][0] == "hotline.org.admin_site.HotlineAdminConfig"


def test_the_settings_refuse_the_development_key_in_production(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from hotline.settings_security import harden

    monkeypatch.setenv("HOTLINE_PRODUCTION", "1")
    with pytest.raises(ImproperlyConfigured, match="development key"):
        harden({"SECRET_KEY": DEVELOPMENT_SECRET_KEY, "DEBUG": False})


def test_bad_worker_numbers_are_refused_with_a_message(tmp_path):
    port = str(_free_port())  # never reached: refused before anything starts
    r = _hotline(
        tmp_path,
        "serve",
        "--production",
        "--port",
        port,
        "--workers",
        "0",
        HOTLINE_SECRET_KEY=GOOD_KEY,
        timeout=60,
    )
    assert r.returncode == 2 and "at least 1" in r.stderr
    r = _hotline(
        tmp_path,
        "serve",
        "--production",
        "--port",
        port,
        HOTLINE_SECRET_KEY=GOOD_KEY,
        HOTLINE_WORKERS="many",
        timeout=60,
    )
    assert r.returncode == 2 and "HOTLINE_WORKERS" in r.stderr and "Traceback" not in r.stderr
    assert (
        _hotline(tmp_path, "kpi", "--help", HOTLINE_WORKERS="many").returncode == 0
    )  # other commands unharmed


def test_the_gunicorn_command_line():
    from hotline.cli.web import gunicorn_argv

    argv = gunicorn_argv(host="::1", port=8000, workers=3, threads=1, timeout=60)
    assert argv[argv.index("--bind") + 1] == "[::1]:8000" and argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--worker-class") + 1] == "sync" and "--no-control-socket" in argv
