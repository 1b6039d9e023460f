"""Webhook URLs cannot reach the server's own network (issue 10 finding 4: server-side request forgery):
refused when saved (page and API, 400 with the reason) and again at every delivery, which connects to
the checked address and never follows a redirect; hosts on the operator's allow-list may be private."""

from __future__ import annotations

import ipaddress
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse

from hotline.calls.tests.test_api import bearer
from hotline.feedback import services
from hotline.feedback.models import FeedbackSettings, Message, WebhookDelivery
from hotline.feedback.tasks import retry_due_webhooks
from hotline.feedback.tests.test_page_settings import post_data
from hotline.feedback.webhook_urls import WebhookHostUnresolved, WebhookURLRefused, webhook_target

INTERNAL = [
    "http://127.0.0.1/hook", "http://127.1:8000/", "http://localhost:8000/x", "http://[::1]/",
    "http://10.1.2.3/", "http://172.16.0.9/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/", "http://[fc00::1]/", "http://224.0.0.1/", "http://[ff02::1]/", "http://0.0.0.0:8000/",
    "http://240.0.0.1/", "http://100.64.0.1/", "http://[::ffff:127.0.0.1]/", "http://[2002:7f00:1::]/",
    "http://[64:ff9b::7f00:1]/", "http://2130706433/", "http://0x7f000001/", "http://017700000001/",
    "https://LOCALHOST./", "http://[::]/", "http://sms.example.org@127.0.0.1/", "http://user:pw@10.0.0.1:8080/",
]  # fmt: skip


@pytest.mark.parametrize("url", INTERNAL)
def test_internal_addresses_are_refused(url, settings):
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = []
    with pytest.raises(WebhookURLRefused) as exc:
        webhook_target(url)
    assert not isinstance(exc.value, WebhookHostUnresolved)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ftp://x.org/", "http:///x", "http://[::1/"],
)
def test_other_schemes_and_broken_urls_are_refused(url):
    with pytest.raises(WebhookURLRefused):
        webhook_target(url)


def test_a_name_that_resolves_to_a_private_address_is_refused(settings):
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = []
    sneaky = lambda host, port: [ipaddress.ip_address("93.184.215.14"), ipaddress.ip_address("10.0.0.5")]  # noqa: E731
    with pytest.raises(WebhookURLRefused):
        webhook_target("https://hooks.attacker.example/x", resolve=sneaky)


def test_public_addresses_pass_and_the_checked_address_is_the_one_used(settings):
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = []
    public = lambda host, port: [ipaddress.ip_address("93.184.215.14")]  # noqa: E731
    t = webhook_target("https://sms.example.org:8443/send?x=1", resolve=public)
    assert (t.scheme, t.host, t.port, t.path, t.address) == (
        "https",
        "sms.example.org",
        8443,
        "/send?x=1",
        "93.184.215.14",
    )
    assert webhook_target("http://93.184.215.14/").address == "93.184.215.14"


def test_the_allow_list_admits_named_hosts_wildcards_and_networks(settings):
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = ["sms.corp.example", "*.intranet.example", "10.9.0.0/16"]
    private = lambda host, port: [ipaddress.ip_address("10.1.1.1")]  # noqa: E731
    assert webhook_target("http://sms.corp.example/", resolve=private).address == "10.1.1.1"
    assert webhook_target("http://a.b.intranet.example/", resolve=private).address == "10.1.1.1"
    assert webhook_target("http://10.9.3.4/").address == "10.9.3.4"
    with pytest.raises(WebhookURLRefused):
        webhook_target("http://10.8.3.4/")
    with pytest.raises(WebhookURLRefused):
        webhook_target("http://other.corp.example/", resolve=private)


def test_the_settings_page_refuses_an_internal_url_with_a_400_and_the_reason(personas, login, settings):
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = []
    client = login(personas.manager)
    url = reverse("feedback:settings")
    r = client.post(
        url, {**post_data(webhook_url="http://169.254.169.254/latest/"), "center": personas.center.code}
    )
    assert r.status_code == 400
    assert "内部网络地址" in r.content.decode() and not FeedbackSettings.objects.exists()
    client.cookies["django_language"] = "en"
    r = client.post(url, {**post_data(webhook_url="http://127.0.0.1:6379/"), "center": personas.center.code})
    assert r.status_code == 400 and "internal network address" in r.content.decode()


def test_the_api_refuses_an_internal_url_with_a_400_and_the_reason(client, personas, settings):
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = []
    r = client.post(
        "/api/feedback/settings?center=langfang",
        {"effective_from": "2099-01-01", "webhook_url": "http://localhost:5432/"},
        content_type="application/json", **bearer(personas.manager),
    )  # fmt: skip
    assert r.status_code == 400 and "内部网络地址" in r.json()["detail"]
    assert not FeedbackSettings.objects.exists()


class _Receiver(BaseHTTPRequestHandler):
    hits: list = []
    answer = 204
    location = ""

    def do_POST(self):  # noqa: N802
        type(self).hits.append(self.path)
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(type(self).answer)
        if type(self).location:
            self.send_header("Location", type(self).location)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    class R(_Receiver):
        hits: list = []

    server = HTTPServer(("127.0.0.1", 0), R)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, R
    server.shutdown()
    server.server_close()


def _delivery(personas, url):
    m = Message.objects.create(recipient=personas.agent, kind="urgent", title="注意")
    return WebhookDelivery.objects.create(message=m, url=url, payload=services.payload_of(m))


def test_a_stored_internal_url_is_refused_again_at_delivery_and_nothing_is_sent(personas, receiver, settings):
    server, seen = receiver
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = []  # e.g. saved before the rule, or the list was shortened
    d = _delivery(personas, f"http://127.0.0.1:{server.server_port}/hook")
    services.webhook_attempt(delivery=d)
    d.refresh_from_db()
    assert seen.hits == [] and d.status == WebhookDelivery.Status.FAILED and "内部网络地址" in d.last_error
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]  # allowed by the operator: it goes out
    d.status = WebhookDelivery.Status.PENDING
    d.save()
    services.webhook_attempt(delivery=d)
    d.refresh_from_db()
    assert seen.hits == ["/hook"] and d.status == WebhookDelivery.Status.SENT


def test_a_redirect_is_never_followed(personas, receiver, settings):
    server, seen = receiver
    inner = HTTPServer(("127.0.0.1", 0), type("Inner", (_Receiver,), {"hits": []}))
    threading.Thread(target=inner.serve_forever, daemon=True).start()
    try:
        settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
        seen.answer, seen.location = 307, f"http://127.0.0.1:{inner.server_port}/admin"
        d = _delivery(personas, f"http://127.0.0.1:{server.server_port}/hook")
        services.webhook_attempt(delivery=d)
        d.refresh_from_db()
        assert seen.hits == ["/hook"] and inner.RequestHandlerClass.hits == []
        assert d.status == WebhookDelivery.Status.PENDING and d.last_error == "HTTP 307"
    finally:
        inner.shutdown()
        inner.server_close()


def test_a_message_queues_its_delivery_instead_of_sending_it_in_the_request(
    personas, receiver, settings, django_capture_on_commit_callbacks
):
    server, seen = receiver
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    FeedbackSettings.objects.create(
        center=personas.center, webhook_url=f"http://127.0.0.1:{server.server_port}/h"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.urgent_push(sender=personas.leader, title="请回电", body="", agents=[personas.agent])
    d = WebhookDelivery.objects.get()
    assert seen.hits == [] and d.status == WebhookDelivery.Status.PENDING and d.attempts == 0
    assert retry_due_webhooks() == 1 and seen.hits == ["/h"]
