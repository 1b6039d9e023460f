"""``/healthz``: is this server fit to take requests? For the reverse proxy, systemd and monitoring.

No login (probes have none) and nothing secret in the answer: only the name and state of each check,
never a host name, a path, a URL or an error text. 200 when every configured dependency answers, 503
otherwise::

    {"status": "ok", "checks": {"database": "ok", "broker": "not configured", "recordings": "ok"}}

"recordings" is the folder (readable, or creatable) or, with ``HOTLINE_RECORDINGS_STORAGE=s3``, the
bucket (``HeadBucket`` with the configured credentials).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)
BROKER_TIMEOUT = 2.0  # seconds


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _broker() -> str:
    url = getattr(settings, "CELERY_BROKER_URL", "")
    if not url:
        return "not configured"  # jobs run in-process (the one-machine default, §10)
    from kombu import Connection

    with Connection(url, connect_timeout=BROKER_TIMEOUT) as conn:
        conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)
    return "ok"


S3_TIMEOUT = 2.0  # seconds


def _recordings() -> str:
    from hotline.calls import storage

    if storage.is_s3():  # the bucket answers and these credentials may read it (HeadBucket)
        import boto3
        from botocore.config import Config

        store = storage.s3()  # its settings and credentials, with a probe's short timeouts
        config = store.client_config.merge(
            Config(connect_timeout=S3_TIMEOUT, read_timeout=S3_TIMEOUT, retries={"max_attempts": 1})
        )
        s3 = boto3.session.Session().client(
            "s3",
            endpoint_url=store.endpoint_url or None,
            region_name=store.region_name or None,
            aws_access_key_id=store.access_key or None,
            aws_secret_access_key=store.secret_key or None,
            aws_session_token=store.security_token or None,
            config=config,
        )
        s3.head_bucket(Bucket=store.bucket_name)
        return "ok"
    root = Path(settings.RECORDINGS_DIR)
    if root.is_dir():
        return "ok" if os.access(root, os.R_OK | os.X_OK) else "error"
    # Not there yet (no recording imported): fine as long as it can be made.
    parent = next((p for p in root.parents if p.exists()), None)
    return "ok" if parent is not None and os.access(parent, os.W_OK | os.X_OK) else "error"


CHECKS = {"database": _database, "broker": _broker, "recordings": _recordings}


@never_cache
@require_safe
def healthz(request):
    checks = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = check()
        except Exception:  # noqa: BLE001 - any failure is "error"; the detail goes to the log only
            log.exception("health check %s failed", name)
            checks[name] = "error"
    ok = all(v != "error" for v in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)
