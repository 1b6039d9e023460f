"""Request-side helpers of the security settings (hotline.settings_security): the client address and
the login lock-out page of django-axes."""

from __future__ import annotations

import ipaddress
import math

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address the login attempt came from.

    Directly served: ``REMOTE_ADDR``. Behind the reverse proxy (``HOTLINE_BEHIND_PROXY``): the last
    ``X-Forwarded-For`` entry, the one the proxy itself appended (``$proxy_add_x_forwarded_for``);
    entries before it come from the client and could be forged to dodge the throttle.
    """
    remote = _ip(request.META.get("REMOTE_ADDR", "") or "")
    if getattr(settings, "HOTLINE_BEHIND_PROXY", False):
        forwarded = [p for p in (request.META.get("HTTP_X_FORWARDED_FOR", "") or "").split(",") if p.strip()]
        if forwarded:
            return _ip(forwarded[-1]) or remote
    return remote


def lockout_response(request, credentials=None, *args, **kwargs):
    """429 with the login page and a message in the reader's language (the right password is refused
    too until the lock ends)."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    message = _(
        "登录失败次数过多，该账号已在此设备上暂时锁定。请 %(minutes)s 分钟后再试，或联系系统管理员。"
    ) % {"minutes": minutes}
    return render(
        request, "login.html", {"locked_message": message, "next": request.POST.get("next", "")}, status=429
    )


class ThrottledBackend(AxesStandaloneBackend):
    """django-axes' check before the password check — for web logins. A check without a request
    (the test client's ``login()``, a management command) has no address to throttle and is not
    reachable from the network: it goes straight to the password backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
