"""Django settings. Everything that differs between machines comes from the environment (conf.py)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from hotline.conf import DEVELOPMENT_SECRET_KEY, data_dir, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()
RECORDINGS_DIR = Path(env_str("HOTLINE_RECORDINGS_DIR", str(DATA_DIR / "recordings"))).resolve()
# Missing recordings made on demand, by path prefix (the demo synthesises its calls on first play).
RECORDING_GENERATORS = {"demo/": "hotline.demo.audio.ensure_demo_audio"}
# Where recordings live (§10): "local" (RECORDINGS_DIR) or "s3" (an S3-compatible bucket through
# django-storages; credentials from the usual AWS_* environment). See deploy/README.md.
RECORDINGS_STORAGE = env_str("HOTLINE_RECORDINGS_STORAGE", "local").strip().lower()
RECORDINGS_S3 = {
    "bucket_name": env_str("HOTLINE_S3_BUCKET", ""),
    "endpoint_url": env_str("HOTLINE_S3_ENDPOINT_URL", "") or None,
    "location": env_str("HOTLINE_S3_PREFIX", "").strip("/"),
    "region_name": env_str("HOTLINE_S3_REGION", "") or None,
    "addressing_style": env_str("HOTLINE_S3_ADDRESSING_STYLE", "") or None,  # default: path with an endpoint
}

DEBUG = env_bool("HOTLINE_DEBUG", False)
SECRET_KEY = env_str("HOTLINE_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("HOTLINE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "hotline.org",
    "hotline.jobs",
    "hotline.calls",
    "hotline.quality",
    "hotline.workforce",
    "hotline.performance",
    "hotline.reports",
    "hotline.feedback",
    "hotline.inspection",
    "hotline.problems",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hotline.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hotline.pagecache.PageCacheMiddleware",  # off unless HOTLINE_PAGE_CACHE_SECONDS > 0
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hotline.errors.HotlineErrorMiddleware",  # a HotlineError from a page → a 4xx page (hotline/errors.py)
]

ROOT_URLCONF = "hotline.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hotline.org.context.person",
            ]
        },
    }
]
WSGI_APPLICATION = "hotline.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'hotline.sqlite3'}"),
        conn_max_age=env_int("HOTLINE_DB_CONN_MAX_AGE", 60),  # 0 under `hotline serve` (thread per request)
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL: readers (logins, pages) are never blocked by an import's write batch (§10, issue 10).
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
# Each language is listed in its own name (not translated), so a reader can always find theirs.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("HOTLINE_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"


def _plotly_js_dir() -> str:
    """plotly's bundled plotly.min.js, served locally as static/vendor/plotly/ (no CDN, §10)."""
    import plotly

    return str(Path(plotly.__file__).parent / "package_data")


STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/plotly", _plotly_js_dir())]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Jobs run in-process unless a broker is configured (one machine out of the box, §10).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Background jobs (hotline/jobs): "celery" with a broker, else "thread" (a web request never waits);
# "inline" runs a job in its caller (tests). Chunks are acknowledged late: a killed worker's chunk goes
# to another worker; a job silent for JOBS_STALE_SECONDS is resumed (beat, settings_security.py).
JOBS_RUNNER = env_str("HOTLINE_JOBS_RUNNER", "")
JOBS_RETRY_BASE_SECONDS = env_int("HOTLINE_JOBS_RETRY_BASE_SECONDS", 5)
JOBS_STALE_SECONDS = env_int("HOTLINE_JOBS_STALE_SECONDS", 300)
# Pages start forecasts and report files as jobs: auto (only with a broker), on, off (issue 16 item 4).
HOTLINE_REQUEST_JOBS = env_str("HOTLINE_REQUEST_JOBS", "auto")
JOBS_CHUNK_CALLS = env_int("HOTLINE_JOBS_CHUNK_CALLS", 500)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# The scheduled jobs (Celery beat): CELERY_BEAT_SCHEDULE in settings_security.py.

HOTLINE_PAGE_SIZE = env_int("HOTLINE_PAGE_SIZE", 50)

# The cache: Redis when HOTLINE_CACHE_URL names one, or else the broker's Redis (shared by every web worker:
# production), else each process's memory. The page cache (hotline/pagecache.py: a person's page kept that
# many seconds, dropped by any write to the database) is on by default only with a shared cache.
HOTLINE_CACHE_URL = env_str("HOTLINE_CACHE_URL", "").strip() or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else ""
)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": HOTLINE_CACHE_URL,
         "KEY_PREFIX": "hotline", "TIMEOUT": 300}
        if HOTLINE_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hotline"}
    )
}  # fmt: skip
HOTLINE_PAGE_CACHE_SECONDS = env_int("HOTLINE_PAGE_CACHE_SECONDS", 15 if HOTLINE_CACHE_URL else 0)

# Local speech recognition for automatic inspection (§8): off unless an engine is named. A call with a
# recording and no imported transcript is transcribed during inspection (hotline.core.inspection.asr):
# "sherpa-onnx", "funasr-onnx" (their model directory in HOTLINE_ASR_MODEL_DIR, installed by the
# operator, never downloaded) or "python:package.module:factory" for a center's own engine.
HOTLINE_ASR_ENGINE = env_str("HOTLINE_ASR_ENGINE", "").strip()
HOTLINE_ASR_MODEL_DIR = env_str("HOTLINE_ASR_MODEL_DIR", str(DATA_DIR / "asr-model"))

# KPI pages sum the call rollups (issue 16); off: computed from the calls (bench baseline, diagnosis).
HOTLINE_KPI_ROLLUPS = env_bool("HOTLINE_KPI_ROLLUPS", True)
# ... and the month rollups for the whole months of a range; off: the day rollups only (bench baseline).
HOTLINE_KPI_MONTH_ROLLUPS = env_bool("HOTLINE_KPI_MONTH_ROLLUPS", True)
# Score pages read the score rollups (agent × month × kind); off: computed from the sessions.
HOTLINE_SCORE_ROLLUPS = env_bool("HOTLINE_SCORE_ROLLUPS", True)
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("HOTLINE_LOG_LEVEL", "WARNING")},
}

# --- Security and production mode (docs/DECISIONS.md "Production mode"; deploy/README.md) ----------
from hotline.settings_security import harden  # noqa: E402

# CSP, login throttling, HTTPS behind a proxy, static files; refuses a development key in production.
harden(globals())
