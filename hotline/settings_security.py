"""The security settings, applied to ``hotline.settings`` by :func:`harden` (one place to read them).

Two modes (docs/DECISIONS.md "Production mode", deploy/README.md):

- development (the default: ``make demo``, tests): the development secret key is accepted, static files
  come from the app folders, HTTP only;
- production (``HOTLINE_PRODUCTION=1``, which ``hotline serve --production`` sets): the settings refuse
  to load with the development key, an empty or short key, or ``HOTLINE_DEBUG`` on; static files are
  collected (WhiteNoise, compressed, hashed names). Behind a TLS-terminating reverse proxy
  (``HOTLINE_BEHIND_PROXY=1``) cookies are Secure, HTTP is redirected to HTTPS, HSTS is sent and the
  proxy's ``X-Forwarded-Proto`` / ``X-Forwarded-For`` are trusted.

In both modes: a Content-Security-Policy (django-csp; inline scripts carry the request's nonce),
``X-Content-Type-Options: nosniff``, a strict Referrer-Policy, and login throttling (django-axes: 5
failures of one username from one address within 15 minutes lock that pair for 15 minutes).
"""

from __future__ import annotations

import datetime as dt

from hotline.conf import env_bool, env_int, env_list, env_str, production_problems


def harden(ns: dict) -> None:
    """Add the security settings to the settings module's namespace ``ns`` (its ``globals()``)."""
    from django.core.exceptions import ImproperlyConfigured

    production = env_bool("HOTLINE_PRODUCTION", False)
    behind_proxy = env_bool("HOTLINE_BEHIND_PROXY", False)
    ns["HOTLINE_PRODUCTION"] = production
    ns["HOTLINE_BEHIND_PROXY"] = behind_proxy
    if production:
        problems = production_problems(secret_key=ns["SECRET_KEY"], debug=ns["DEBUG"])
        if problems:
            raise ImproperlyConfigured(
                "hotline refuses to start in production mode:\n  - " + "\n  - ".join(problems)
            )

    if production and ns.get("HOTLINE_PAGE_CACHE_SECONDS", 0) > 0 and not ns.get("HOTLINE_CACHE_URL"):
        # Several worker processes, each with its own memory: one would serve a page another's write
        # made stale. The page cache needs the shared cache (hotline/pagecache.py).
        raise ImproperlyConfigured(
            "hotline refuses to start in production mode:\n  - HOTLINE_PAGE_CACHE_SECONDS needs HOTLINE_CACHE_URL "
            "(a Redis shared by the web workers, e.g. redis://127.0.0.1:6379/1)"
        )

    apps: list = ns["INSTALLED_APPS"]
    # The admin site audits every change made through it (hotline.org.admin_site).
    apps[apps.index("django.contrib.admin")] = "hotline.org.admin_site.HotlineAdminConfig"
    apps += ["ninja", "axes", "csp"]  # ninja: the API docs from local static files (no CDN, §10)

    middleware: list = ns["MIDDLEWARE"]
    middleware.insert(
        middleware.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware"
    )
    middleware.append("axes.middleware.AxesMiddleware")  # after authentication (django-axes' rule)

    ns["CSRF_TRUSTED_ORIGINS"] = env_list("HOTLINE_CSRF_TRUSTED_ORIGINS", [])
    ns["SECURE_CONTENT_TYPE_NOSNIFF"] = True
    ns["SECURE_REFERRER_POLICY"] = "same-origin"
    ns["SECURE_CROSS_ORIGIN_OPENER_POLICY"] = "same-origin"
    ns["X_FRAME_OPTIONS"] = "DENY"  # no page of hotline is framed, by itself or anyone else
    ns["SESSION_COOKIE_HTTPONLY"] = True
    ns["LANGUAGE_COOKIE_SAMESITE"] = "Lax"
    ns["LANGUAGE_COOKIE_HTTPONLY"] = True

    # Content-Security-Policy: scripts only from this site or inline with the request's nonce
    # ({{ request.csp_nonce }}); styles may be inline (shift colours, plotly's own styling); plotly's
    # bundle is served locally, so nothing is fetched from another origin.
    from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

    ns["CONTENT_SECURITY_POLICY"] = {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": [SELF, "data:", "blob:"],
            "font-src": [SELF, "data:"],
            "media-src": [SELF, "blob:"],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }

    # Login throttling (django-axes): the login page, the admin login and with it API-token issuing
    # (tokens are issued in the admin). Username and address together, so one attacker cannot lock a
    # colleague out from another desk.
    ns["AUTHENTICATION_BACKENDS"] = [
        "hotline.security.ThrottledBackend",  # django-axes' backend, also without a request
        "django.contrib.auth.backends.ModelBackend",
    ]
    ns["AXES_ENABLED"] = env_bool("HOTLINE_LOGIN_THROTTLE", True)
    ns["AXES_FAILURE_LIMIT"] = env_int("HOTLINE_LOGIN_FAILURES", 5)
    ns["AXES_COOLOFF_TIME"] = dt.timedelta(minutes=env_int("HOTLINE_LOGIN_LOCK_MINUTES", 15))
    ns["AXES_LOCKOUT_PARAMETERS"] = [["username", "ip_address"]]
    ns["AXES_RESET_ON_SUCCESS"] = True
    ns["AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT"] = False
    ns["AXES_LOCKOUT_CALLABLE"] = "hotline.security.lockout_response"
    ns["AXES_CLIENT_IP_CALLABLE"] = "hotline.security.client_ip"
    ns["AXES_VERBOSE"] = False

    # Outgoing webhooks may reach these hosts even on private addresses (hotline/feedback/webhook_urls.py).
    ns["HOTLINE_WEBHOOK_ALLOWED_HOSTS"] = env_list("HOTLINE_WEBHOOK_ALLOWED_HOSTS", [])

    # Celery beat: the scheduled jobs of the production path (deploy/README.md, "The schedule"). Run
    # exactly one beat per site.
    from celery.schedules import crontab

    ns["CELERY_BEAT_SCHEDULE"] = {
        "webhooks-retry-due": {"task": "hotline.feedback.tasks.retry_due_webhooks", "schedule": 60.0},
        "resume-stale-jobs": {"task": "hotline.jobs.resume_stale", "schedule": 120.0},
        # yesterday's calls of every center, at 02:30 in TIME_ZONE (CELERY_TIMEZONE)
        "daily-inspection": {
            "task": "hotline.inspection.tasks.inspect_yesterday",
            "schedule": crontab(hour=2, minute=30),
        },  # fmt: skip
        "intraday-refresh": {"task": "hotline.workforce.tasks.intraday_refresh", "schedule": 300.0},
    }

    if env_str("HOTLINE_LOG_FORMAT", "text").lower() == "json":  # structured logs (hotline/logs.py)
        logging_config = ns["LOGGING"]
        logging_config.setdefault("formatters", {})["json"] = {"()": "hotline.logs.JsonFormatter"}
        logging_config["handlers"]["console"]["formatter"] = "json"

    if production:
        ns["STATIC_ROOT"] = env_str("HOTLINE_STATIC_ROOT", str(ns["STATIC_ROOT"]))
        ns["WHITENOISE_USE_FINDERS"] = False
        ns["WHITENOISE_AUTOREFRESH"] = False
        ns["STORAGES"] = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "hotline.staticfiles.ProductionStaticStorage"},
        }
    if behind_proxy:
        # The proxy terminates TLS and sets X-Forwarded-Proto (deploy/nginx.conf); never enable this
        # when clients can reach hotline directly, or they could claim HTTPS themselves.
        ns["SECURE_PROXY_SSL_HEADER"] = ("HTTP_X_FORWARDED_PROTO", "https")
        ns["SECURE_SSL_REDIRECT"] = True
        ns["SECURE_REDIRECT_EXEMPT"] = [r"^healthz/?$"]  # the proxy's and systemd's probes over HTTP
        ns["SESSION_COOKIE_SECURE"] = True
        ns["CSRF_COOKIE_SECURE"] = True
        ns["LANGUAGE_COOKIE_SECURE"] = True
        ns["SECURE_HSTS_SECONDS"] = env_int("HOTLINE_HSTS_SECONDS", 31536000)
        ns["SECURE_HSTS_INCLUDE_SUBDOMAINS"] = env_bool("HOTLINE_HSTS_INCLUDE_SUBDOMAINS", True)
        ns["SECURE_HSTS_PRELOAD"] = env_bool("HOTLINE_HSTS_PRELOAD", True)
