"""Where an outgoing webhook may go (issue 10 finding 4: server-side request forgery).

A webhook URL names a host; the server resolves it and POSTs there. Unless the host is on the
operator's allow-list (``HOTLINE_WEBHOOK_ALLOWED_HOSTS``), every address it resolves to must be a
public one: loopback, private (RFC 1918, fc00::/7), link-local (169.254.0.0/16 — cloud metadata —,
fe80::/10), multicast, reserved, unspecified, shared (100.64.0.0/10) addresses and IPv4 addresses
wrapped in IPv6 (``::ffff:127.0.0.1``, 6to4, Teredo) are refused. The rule is checked when the URL is
saved (page and API: a 400 with the reason) and again at every delivery, which connects to the very
address that was checked (no second DNS answer can slip in) and never follows a redirect.

The allow-list holds host names (``sms.example.org``), ``*.example.org`` for every subdomain, IP
addresses or networks (``10.1.2.0/24``); listed hosts may be on any address (an SMS gateway on the
intranet, a test receiver on loopback).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from hotline.core.errors import InvalidInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class WebhookURLRefused(InvalidInput):
    """The URL may not be used (the message, in the reader's language, says why)."""


class WebhookHostUnresolved(WebhookURLRefused):
    """The host name has no address (now): cannot be judged; a delivery retries later."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with the query
    address: str  # the checked address to connect to


def allowed_hosts() -> list[str]:
    return [
        h.strip().lower().rstrip(".")
        for h in getattr(settings, "HOTLINE_WEBHOOK_ALLOWED_HOSTS", [])
        if h.strip()
    ]


def _embedded_v4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip.teredo is not None:
            return ip.teredo[1]
        if ip in NAT64:  # 64:ff9b::/96 carries an IPv4 address in its last 32 bits
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip: IPAddress) -> bool:
    """A globally reachable unicast address (IPv4 or IPv6, wrapped IPv4 judged by what it wraps)."""
    inner = _embedded_v4(ip)
    if inner is not None and not is_public(inner):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local)


def _listed(host: str, ips: list[IPAddress], allow: list[str]) -> bool:
    for entry in allow:
        if entry.startswith("*.") and (host == entry[2:] or host.endswith(entry[1:])):
            return True
        if host == entry:
            return True
        try:
            net = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            continue
        if ips and all(ip in net for ip in ips):
            return True
    return False


def _resolve(host: str, port: int) -> list[IPAddress]:
    out = []
    for *_rest, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        out.append(ipaddress.ip_address(str(sockaddr[0]).split("%")[0]))
    return out


def webhook_target(url: str, *, resolve=_resolve) -> Target:
    """Check ``url`` and pick the address to connect to; raises :class:`WebhookURLRefused`."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise WebhookURLRefused(_("外发地址无效")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookURLRefused(_("外发地址须以 http:// 或 https:// 开头并包含主机名"))
    host = parts.hostname.lower().rstrip(".")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        ips = resolve(host, port)
    except (OSError, UnicodeError, ValueError):
        ips = []
    if not ips:
        raise WebhookHostUnresolved(_("无法解析外发地址的主机名 %(host)s") % {"host": host})
    if not _listed(host, ips, allowed_hosts()):
        bad = next((ip for ip in ips if not is_public(ip)), None)
        if bad is not None:
            raise WebhookURLRefused(
                _(
                    "外发地址 %(host)s 指向内部网络地址（回环、私有、链路本地、组播或保留地址），已拒绝；"
                    "如确需使用，请系统管理员将其加入允许列表 HOTLINE_WEBHOOK_ALLOWED_HOSTS"
                )
                % {"host": host}
            )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme=parts.scheme, host=host, port=port, path=path, address=str(ips[0]))


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict, timeout: float = 10.0) -> int:
    """POST to the checked address of ``url`` and return the HTTP status (a redirect is a status
    like any other: it is never followed)."""
    target = webhook_target(url)
    conn = (_PinnedHTTPS if target.scheme == "https" else _PinnedHTTP)(target, timeout)
    try:
        conn.request("POST", target.path, body=body, headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()
