"""The outgoing webhook: signed JSON, exponential back-off with a fake clock, a real HTTP delivery."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from hotline.feedback import services
from hotline.feedback.models import FeedbackSettings, Message, WebhookDelivery
from hotline.feedback.tasks import deliver_webhook, retry_due_webhooks

SECRET = "s3cret"


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]  # these tests' receivers run on loopback


@pytest.fixture
def hook(personas):
    return FeedbackSettings.objects.create(
        center=personas.center, webhook_url="http://127.0.0.1:9/x", webhook_secret=SECRET
    )


def _delivery(personas):
    m = Message.objects.create(recipient=personas.agent, kind="urgent", title="注意")
    return WebhookDelivery.objects.create(
        message=m, url="http://127.0.0.1:9/x", payload=services.payload_of(m)
    )


def test_failed_attempts_back_off_30_60_120_240_480_seconds_then_fail(personas, hook):
    d = _delivery(personas)
    t = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    calls = []

    def down(url, body, headers):
        calls.append(t)
        raise ConnectionRefusedError("down")

    gaps = []
    for _ in range(services.MAX_ATTEMPTS):
        deliver_webhook(d.pk, now=t, post=down)
        d.refresh_from_db()
        if d.next_attempt_at is None:
            break
        gaps.append((d.next_attempt_at - t).total_seconds())
        t = d.next_attempt_at  # the fake clock jumps to the retry time
    assert gaps == [30, 60, 120, 240, 480]
    assert d.status == WebhookDelivery.Status.FAILED and d.attempts == 6 and "down" in d.last_error
    assert len(calls) == 6


def test_the_retry_sweep_only_takes_deliveries_that_are_due(personas, hook):
    d = _delivery(personas)
    t = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    services.webhook_attempt(delivery=d, now=t, post=lambda *a: 503)
    assert retry_due_webhooks(now=t + dt.timedelta(seconds=29)) == 0
    d.refresh_from_db()
    assert d.last_error == "HTTP 503" and d.attempts == 1


class _Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((body, self.headers.get(services.SIGNATURE_HEADER)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_real_http_delivery_carries_a_valid_hmac_signature(personas, django_capture_on_commit_callbacks):
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/sms"
        FeedbackSettings.objects.create(center=personas.center, webhook_url=url, webhook_secret=SECRET)
        _Hook.received = []
        with django_capture_on_commit_callbacks(execute=True):
            services.urgent_push(
                sender=personas.leader, title="请立即复述订单", body="", agents=[personas.agent]
            )
        assert _Hook.received == []  # queued, never sent inside the (web) request
        assert retry_due_webhooks() == 1  # the sweep (beat, or `hotline webhooks retry`) sends it
        assert len(_Hook.received) == 1
        body, signature = _Hook.received[0]
        assert signature == "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        data = json.loads(body)
        assert data["title"] == "请立即复述订单" and data["recipient"]["work_number"] == "8001"
        assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.SENT
    finally:
        server.shutdown()
        server.server_close()


def test_failures_are_listed_for_managers_and_can_be_retried(personas, hook, login):
    d = _delivery(personas)
    d.status, d.attempts, d.last_error = WebhookDelivery.Status.FAILED, 6, "boom"
    d.save()
    c = login(personas.manager)
    assert "boom" in c.get("/feedback/webhooks/").content.decode()
    c.post("/feedback/webhooks/", {"delivery": d.pk})  # re-queued for the sweep, not tried in the request
    d.refresh_from_db()
    assert d.status == WebhookDelivery.Status.PENDING and d.attempts == 0 and d.next_attempt_at is not None
    assert retry_due_webhooks() == 1  # port 9: refused, so it backs off again
    d.refresh_from_db()
    assert d.status == WebhookDelivery.Status.PENDING and d.attempts == 1 and "Connection" in d.last_error
