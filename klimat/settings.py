"""Settings for the Klimatkontrakt follow-up dashboard.

One module, read from the environment. With no environment variables set everything
runs embedded: a SQLite file, Celery tasks executed eagerly in-process and a
local-memory cache. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis
(broker, result backend and cache). Malformed values stop start-up with a message that
names the variable (see ``klimat/env.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from klimat.env import env_bool, env_dir, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off; generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    # Only ever used with DEBUG on, on a developer's own machine.
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "cities",
    "contracts",
    "indicators",
    "actions",
    "partners",
    "capability",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, so static files (precompressed, brotli and gzip) skip it.
    "core.middleware.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Swedish unless the visitor chose English with the switch (not Accept-Language).
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "klimat.urls"
WSGI_APPLICATION = "klimat.wsgi.application"
ASGI_APPLICATION = "klimat.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
#: SQLite's options, embedded or named by a ``sqlite:///`` URL: writers wait for each other
#: (a transaction takes the write lock when it begins) instead of failing with "database
#: is locked" halfway through.
_SQLITE_OPTIONS: dict[str, object] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
#: PostgreSQL's options: parameters bound by the server, so that a query the site asks
#: again and again (a city page's reads, an import's insert) is the same text whatever
#: its values, and prepared statements (after a connection's fifth asking of one): the
#: server plans it once per connection instead of on every asking, which was half of the
#: server's time on a city page. Behind a pooler that shares connections between
#: transactions (PgBouncer in transaction mode) ``?server_side_binding=false`` turns both
#: off. The URL's own options win.
_POSTGRES_OPTIONS: dict[str, object] = {"server_side_binding": True, "prepare_threshold": 5}
_database_url = env_url("DATABASE_URL", schemes={"sqlite", "postgres", "postgresql"})
if _database_url:
    try:
        DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from None
    _engine_options = {
        "django.db.backends.sqlite3": _SQLITE_OPTIONS,
        "django.db.backends.postgresql": _POSTGRES_OPTIONS,
    }.get(DATABASES["default"]["ENGINE"], {})
    DATABASES["default"]["OPTIONS"] = {
        **_engine_options,
        **DATABASES["default"].get("OPTIONS", {}),
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / "db.sqlite3"),
            "OPTIONS": dict(_SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker, result backend, cache --------------------------------------
REDIS_URL = env_url("REDIS_URL", schemes={"redis", "rediss"})
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "klimat",
        }
    }
else:
    # Embedded: tasks run in-process, synchronously, and raise like ordinary calls.
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "klimat",
        }
    }
# Embedded (no worker): a page found older than the data after a restart is rebuilt by a
# thread of the web process while visitors get the stored one (core.stored_pages).
STORED_PAGES_THREAD = True
CELERY_TASK_ACKS_LATE = True  # a killed worker's task is redelivered, never lost
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Stockholm"
CELERY_BEAT_SCHEDULE: dict = {}
# Issue 4: re-render the contract cities' pages within a minute of a data change.
CELERY_BEAT_SCHEDULE["city-pages-warm"] = {
    "task": "dashboards.tasks.city_pages_warm",
    "schedule": 60.0,
}
# Issue 7: the staff comparison (dashboards/compare) likewise; its tasks module is not an
# app's own tasks.py, so the worker imports it by name.
CELERY_IMPORTS = (
    "dashboards.city.tasks",
    "dashboards.compare.tasks",
    "dashboards.report.tasks",
    "dashboards.workspace.tasks",
)
CELERY_BEAT_SCHEDULE["compare-page-warm"] = {
    "task": "dashboards.compare_page_warm",
    "schedule": 60.0,
}

# --- Data -----------------------------------------------------------------------------
KLIMAT_DATA_DIR = env_dir("KLIMAT_DATA_DIR", BASE_DIR.parent / "shared" / "data")
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# Issue 14: the largest file attached as evidence to a value, an action or a follow-up.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)

# --- Data imports: jobs and scheduled fetch (issue 3) ---------------------------------
# A running import job's worker renews a lease every IMPORT_JOB_HEARTBEAT_SECONDS; a job
# whose lease lapsed (IMPORT_JOB_LEASE_SECONDS) lost its worker and is marked failed (its
# transaction never committed, so nothing was written). The longest import may take
# IMPORT_JOB_MAX_SECONDS: the task's hard time limit, and below the broker's visibility
# timeout, so that Redis never hands a running task to a second worker.
IMPORT_JOB_HEARTBEAT_SECONDS = env_int("IMPORT_JOB_HEARTBEAT_SECONDS", 15)
IMPORT_JOB_LEASE_SECONDS = env_int("IMPORT_JOB_LEASE_SECONDS", 60)
IMPORT_JOB_MAX_SECONDS = env_int("IMPORT_JOB_MAX_SECONDS", 60 * 60)
if IMPORT_JOB_LEASE_SECONDS < 2 * IMPORT_JOB_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "IMPORT_JOB_LEASE_SECONDS must be at least twice IMPORT_JOB_HEARTBEAT_SECONDS."
    )
# Redis redelivers a task not acknowledged within this time (acks_late): longer than the
# longest task, else a slow import would run twice at once.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": IMPORT_JOB_MAX_SECONDS + 15 * 60}


def _fetch_urls(name: str) -> list[str]:
    """Space-separated http(s) URLs (a Kolada URL may itself hold commas: N00401,N07702)."""
    from urllib.parse import urlsplit

    urls = env_str(name).split()
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(f"{name}: {url!r} is not an http(s) URL.")
    return urls


# SMHI's Länsrapport Excel endpoint(s), fetched yearly; Kolada API data URL(s), monthly.
KLIMAT_FETCH_SMHI_URL = _fetch_urls("KLIMAT_FETCH_SMHI_URL")
KLIMAT_FETCH_KOLADA_URL = _fetch_urls("KLIMAT_FETCH_KOLADA_URL")
KLIMAT_FETCH_TIMEOUT = env_int("KLIMAT_FETCH_TIMEOUT", 60)


CELERY_BEAT_SCHEDULE["import-jobs-fail-stale"] = {
    "task": "indicators.tasks.import_jobs_fail_stale_task",
    "schedule": 15.0,  # and whenever a running job is read (import_job_check)
}
if KLIMAT_FETCH_SMHI_URL:
    CELERY_BEAT_SCHEDULE["fetch-smhi-yearly"] = {
        "task": "indicators.tasks.fetch_source_task",
        "schedule": crontab(minute=0, hour=4, day_of_month=1, month_of_year=6),
        "args": ("smhi",),
    }
if KLIMAT_FETCH_KOLADA_URL:
    CELERY_BEAT_SCHEDULE["fetch-kolada-monthly"] = {
        "task": "indicators.tasks.fetch_source_task",
        "schedule": crontab(minute=30, hour=4, day_of_month=3),
        "args": ("kolada",),
    }

# --- Auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Email ----------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "klimatkontrakt@localhost")

# --- Language and time ----------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Number and date formats per language (klimat/formats/<lang>/formats.py): Swedish
# "1 234,5" and "24 november 2026", English "1,234.5" and "24 November 2026".
FORMAT_MODULE_PATH = ["klimat.formats"]
# Off so that years read 2024, not 2 024; numbers are grouped explicitly by the `num` filter.
USE_THOUSAND_SEPARATOR = False

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env_dir("MEDIA_ROOT", BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security (production) ------------------------------------------------------------
# Content-Security-Policy on every response (core.middleware): scripts, styles, images,
# fonts and requests only from this site, no inline script or style, no framing. Pages
# keep their JavaScript in static/js and their CSS in static/css. data: images are the
# icons inside Swagger UI's stylesheet.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- API ------------------------------------------------------------------------------
# Rate limits: requests per client address without a login, and per signed-in person or
# API key ("120/min", "10/s", "5000/day"; empty = no limit). Over the limit the API
# answers 429 with Retry-After. Counted in the cache (Redis when REDIS_URL is set).
API_RATE_ANONYMOUS = env_str("API_RATE_ANONYMOUS", "120/min").strip()
API_RATE_USER = env_str("API_RATE_USER", "1200/min").strip()
for _name, _rate in (("API_RATE_ANONYMOUS", API_RATE_ANONYMOUS), ("API_RATE_USER", API_RATE_USER)):
    if _rate and not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", _rate):
        raise ImproperlyConfigured(f"{_name}={_rate!r} is not a rate; write e.g. 120/min.")
# Proxies in front of the app whose X-Forwarded-For is trusted for the client address
# (0: use the connection's address, so a client cannot dodge the limit with a header).
API_NUM_PROXIES = env_int("API_NUM_PROXIES", 0)
# Days an API key is valid (0: until revoked).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 365)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.Schema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Session first: a browser's login (with CSRF), then an officer's API key. Being first,
    # the session decides that a missing login answers 403, as the forms do.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "cities.api.auth.ApiTokenAuthentication",
    ],
    # JSON bodies checked for size and depth before parsing; NaN and infinities refused.
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api.renderers.Negotiation",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttles.AnonymousRateThrottle",
        "core.api.throttles.SignedInRateThrottle",
    ],
    "NUM_PROXIES": API_NUM_PROXIES,
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Klimatkontrakt 2030 – uppföljning API",
    "DESCRIPTION": (
        "Open data on Swedish municipalities' climate goals, indicators and territorial "
        "emissions. Sources are credited on every response that carries data."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.postprocess_schema",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two different "status" choice sets: a target's progress and a commitment's follow-up.
    "ENUM_NAME_OVERRIDES": {
        "ProgressStatusEnum": [
            "achieved",
            "on_track",
            "at_risk",
            "off_track",
            "no_data",
            "insufficient_data",
        ],
        "FollowUpStatusEnum": "contracts.models.FollowUpStatus",
        # Open data and write API (issue 7): more choice sets named "status" and "kind".
        "ObservationStatusEnum": "indicators.models.ObservationStatus",
        "ActionStatusEnum": "actions.models.ActionStatus",
        "ActionFollowUpStatusEnum": "actions.models.FollowUpStatus",
        "TargetKindEnum": "indicators.models.TargetKind",
        # Issue 16: an action's kind (mitigation/adaptation), a member organisation's kind.
        "ActionKindEnum": "actions.models.ActionKind",
        "MemberKindEnum": "partners.models.MemberKind",
        "MemberFollowUpStatusEnum": "partners.models.MemberFollowUpStatus",
        "FollowUpTextKindEnum": "contracts.models.FollowUpTextKind",
    },
}

# --- Officer workspace: sign-in throttling, reminders (issue 5) ------------------------
# Failed logins allowed per account from one client address, and per client address, within
# the window; after that each failure doubles the wait before the next attempt (1 s, 2 s,
# 4 s …, at most LOGIN_BACKOFF_MAX_SECONDS), refused meanwhile with 429 and Retry-After.
# Never a lock of the account itself: its owner can log in from their own address.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
LOGIN_BACKOFF_MAX_SECONDS = env_int("LOGIN_BACKOFF_MAX_SECONDS", 15 * 60)
# Where links in mail sent without a request (reminders) point.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# The reminder digest goes out this many days before a follow-up period's due date.
REMINDER_LEAD_DAYS = env_int("REMINDER_LEAD_DAYS", 14)
CELERY_BEAT_SCHEDULE["follow-up-reminders"] = {
    "task": "dashboards.send_reminder_digests",
    "schedule": crontab(hour=7, minute=0),
}
# Issue 14: each city administrator hears once a day when drafts wait to be published.
CELERY_BEAT_SCHEDULE["drafts-digests"] = {
    "task": "dashboards.send_drafts_digests",
    "schedule": crontab(hour=7, minute=5),
}

# --- Errors reach someone ----------------------------------------------------------------
# Server errors (500) are mailed to ADMINS ("Name <mail>" or plain addresses, separated by
# commas) through the mail settings above, from SERVER_EMAIL; and sent to Sentry when
# SENTRY_DSN is set (needs the sentry-sdk package: pip install sentry-sdk).
_MAIL = r"[^<>@\s]+@[^<>@\s]+"


def _admins(name: str) -> list[tuple[str, str]]:
    admins = []
    for entry in env_list(name, []):
        match = re.fullmatch(rf"\s*(?:(.*?)\s*<({_MAIL})>|({_MAIL}))\s*", entry)
        if not match:
            raise ImproperlyConfigured(f"{name}: {entry!r} is not a mail address.")
        address = match[2] or match[3]
        admins.append((match[1] or address, address))
    return admins


ADMINS = _admins("ADMINS")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install sentry-sdk"
        ) from None
    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, traces_sample_rate=0.0)

# Django's default logging (kept: disable_existing_loggers False) mails every server
# error logged by django.request to ADMINS when DEBUG is off.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
