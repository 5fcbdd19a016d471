"""Golden Thread settings: one module, driven by the environment.

Every setting a council's server needs is read from an environment variable (see
`.env.example`). With nothing set, the app runs for trying it out: SQLite in the project
folder and background jobs run inline.
"""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from core.ops.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("Set SECRET_KEY in the environment")
    # Only for trying it out: a council's server sets SECRET_KEY (docker-compose requires it).
    SECRET_KEY = "insecure-key-for-local-trial-only"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

COUNCIL_NAME = env("COUNCIL_NAME", "Borough of Elmbridge Vale")
SERVICE_NAME = "Golden Thread"
# Fix "today" for quarterly updates and overdue checks (YYYY-MM-DD); empty: the real date.
PLANNING_TODAY = env("PLANNING_TODAY", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "crispy_forms",
    "crispy_forms_gds",
    "core",
    "planning",
    "performance",
    "risk",
    "audit",
    "reporting",
    "axes",
]

MIDDLEWARE = [
    # /healthz, /readyz and /metrics, answered before anything else; then the request id,
    # its log lines and its count (core/ops/middleware.py).
    "core.ops.middleware.ops_endpoints",
    "core.ops.middleware.request_context",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "planning.middleware.SlidingSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside everything that adds the request's own headers and cookies (core/pagecache.py).
    "core.pagecache.PageCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "planning.middleware.MethodNotAllowedPageMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.csp",
                "planning.context_processors.council",
                "planning.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Two checkouts on one machine (say, a release branch beside main) must never share a
    # test database: name it after this checkout's folder unless one is given.
    _checkout = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:6]
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME", env("TEST_DATABASE_NAME", f"test_{DATABASES['default']['NAME']}_{_checkout}")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "planning.Person"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out sign-in is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's own permissions (the admin's), read in one statement: planning/backends.py.
    "planning.backends.PersonBackend",
    # Single sign-on: does nothing unless configured (planning/sso/backend.py).
    "planning.sso.backend.ProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "planning:home"
LOGOUT_REDIRECT_URL = "login"

# --- Single sign-on (README, "Single sign-on"; docs/adr/0023) --------------------------
# OpenID Connect with the council's sign-in service (Entra ID or any standard provider):
# on when a client id and either the issuer (its endpoints read from its discovery
# document) or the endpoints themselves are set. Through mozilla-django-oidc
# (planning/sso/), which reads these names rather than its own.
OIDC_ISSUER = env("OIDC_ISSUER").rstrip("/")
OIDC_AUTHORIZATION_ENDPOINT = env("OIDC_AUTHORIZATION_ENDPOINT")
OIDC_TOKEN_ENDPOINT = env("OIDC_TOKEN_ENDPOINT")
OIDC_USERINFO_ENDPOINT = env("OIDC_USERINFO_ENDPOINT")
OIDC_JWKS_ENDPOINT = env("OIDC_JWKS_ENDPOINT")
OIDC_END_SESSION_ENDPOINT = env("OIDC_END_SESSION_ENDPOINT")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET")
OIDC_SCOPES = env("OIDC_SCOPES", "openid email profile")
OIDC_SIGN_ALGO = env("OIDC_SIGN_ALGO", "RS256")
OIDC_TIMEOUT = int(env("OIDC_TIMEOUT", "10"))
# Shown on the sign-in page: "Sign in with <name>".
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", "your council account")
# The claims that carry the person's lasting id (Entra ID: "oid"), email and groups.
OIDC_SUBJECT_CLAIM = env("OIDC_SUBJECT_CLAIM", "sub")
OIDC_EMAIL_CLAIM = env("OIDC_EMAIL_CLAIM", "email")
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM", "groups")
# Someone the app does not know yet is added at their first sign-in (otherwise refused).
OIDC_CREATE_USERS = env_bool("OIDC_CREATE_USERS", False)
# LOCAL_SIGNIN=0: no passwords but administrators' on the break-glass page.
LOCAL_SIGNIN = env_bool("LOCAL_SIGNIN", True)
_sso_configured = bool(OIDC_CLIENT_ID and (OIDC_ISSUER or OIDC_AUTHORIZATION_ENDPOINT))
if not LOCAL_SIGNIN and not _sso_configured:
    raise ImproperlyConfigured(
        "LOCAL_SIGNIN=0 switches passwords off: set OIDC_CLIENT_ID and OIDC_ISSUER too"
    )

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party front-end assets come from npm at set-up and are served straight from
# node_modules; our compiled stylesheet is built into build/ by `npm run build`.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk-frontend", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("moj-frontend", BASE_DIR / "node_modules" / "@ministryofjustice" / "frontend" / "moj"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("build", BASE_DIR / "build"),
]


def object_storage(
    bucket: str,
    *,
    endpoint_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    prefix: str = "",
    addressing_style: str = "auto",
    connect_timeout: float = 5,
    read_timeout: float = 30,
) -> dict:
    """The default storage in an S3-compatible bucket (django-storages)."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Empty: Amazon S3 itself; otherwise the store's address (MinIO, Ceph, ...).
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            # Keys: these, else boto3's own (AWS_ACCESS_KEY_ID, a pod's or machine's role).
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            # Every key under this folder of the bucket (one bucket, several councils).
            "location": prefix.strip("/"),
            # Private files, never overwritten (a second file of one name gets a new name).
            "default_acl": None,
            "file_overwrite": False,
            "client_config": Config(
                signature_version="s3v4",
                s3={"addressing_style": addressing_style},
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                retries={"max_attempts": 3, "mode": "standard"},
                # Checksums only where S3 needs them: many S3-compatible stores refuse
                # the newer ones boto3 would otherwise add to every upload.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        },
    }


# Uploaded and generated files (report runs, committee downloads, import uploads): in the
# MEDIA_ROOT folder by default (`make run`, the tests, one server), or in an S3-compatible
# bucket when STORAGE_BUCKET is set, so that no web process keeps a file on its own disk
# and any process can serve what another wrote (docs/adr/0027).
STORAGE_BUCKET = env("STORAGE_BUCKET", env("AWS_STORAGE_BUCKET_NAME"))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
_default_storage = (
    object_storage(
        STORAGE_BUCKET,
        endpoint_url=env("STORAGE_ENDPOINT_URL", env("AWS_S3_ENDPOINT_URL")),
        region=env("STORAGE_REGION", env("AWS_S3_REGION_NAME")),
        access_key=env("STORAGE_ACCESS_KEY_ID"),
        secret_key=env("STORAGE_SECRET_ACCESS_KEY"),
        prefix=env("STORAGE_PREFIX"),
        addressing_style=env("STORAGE_ADDRESSING_STYLE", "auto"),
        connect_timeout=float(env("STORAGE_CONNECT_TIMEOUT", "5")),
        read_timeout=float(env("STORAGE_READ_TIMEOUT", "30")),
    )
    if STORAGE_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# Long drop-downs (core.forms.LongSelect) are GOV.UK selects like any other.
CRISPY_CLASS_CONVERTERS = {"longselect": "govuk-select"}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Security (README, "Security") ---------------------------------------------------
# A council's server is reached over HTTPS only: secure cookies, a redirect from plain HTTP
# and HSTS are on unless ALLOW_PLAIN_HTTP=1 says otherwise, for a trial on plain HTTP (the
# test suite's live servers are one). DEBUG=1 (`make run`) serves plain HTTP too.
ALLOW_PLAIN_HTTP = DEBUG or env_bool("ALLOW_PLAIN_HTTP", False)
SESSION_COOKIE_SECURE = not ALLOW_PLAIN_HTTP
CSRF_COOKIE_SECURE = not ALLOW_PLAIN_HTTP
SECURE_SSL_REDIRECT = not ALLOW_PLAIN_HTTP
# HSTS: a year by default (a council rolling out HTTPS may start lower). Subdomains of the
# app's own host name are included; preloading is left to the council, since it binds the
# whole registered domain (see SILENCED_SYSTEM_CHECKS).
SECURE_HSTS_SECONDS = 0 if ALLOW_PLAIN_HTTP else int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload: the council's decision, above
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    # The proxy terminates TLS and says so in X-Forwarded-Proto; it must strip that header
    # from what clients send.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A session ends after this many minutes without a request (default 8 hours, a working
# day). Each request counts, but the session is saved again at most every five minutes.
# Django's database sessions, read from the shared cache first (planning/sessions.py).
SESSION_ENGINE = "planning.sessions"
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_MINUTES", "480")) * 60
SESSION_REFRESH_SECONDS = 300

# Content-Security-Policy: everything comes from this site. No inline script runs except
# GOV.UK Frontend's two lines in base.html, which carry the request's nonce; no inline
# style except the printable plan on a page's own stylesheet, which carries it too (it is
# printed from that one self-contained page), and never a style attribute; no eval (htmx
# is configured without it, see base.html); no plugins, no framing; forms post only here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}


def origin(url: str) -> str:
    """scheme://host[:port] of an address."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


# Signing out posts to this site, which sends the browser on to the sign-in service to end
# its session there too: browsers hold that redirect to the form's policy.
if _sso_configured:
    SECURE_CSP["form-action"].append(origin(OIDC_END_SESSION_ENDPOINT or OIDC_ISSUER))

# Sign-in throttling (django-axes). After SIGN_IN_FAILURE_LIMIT wrong passwords for one
# username from one address, that username is locked out from that address for
# SIGN_IN_LOCKOUT_MINUTES (0: until an administrator lifts it), even with the right
# password. Keyed on both so that one person typing wrongly does not lock out colleagues
# behind the same council proxy, and a guesser cannot lock out everyone from elsewhere.
AXES_FAILURE_LIMIT = int(env("SIGN_IN_FAILURE_LIMIT", "5"))
_lockout_minutes = int(env("SIGN_IN_LOCKOUT_MINUTES", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes) if _lockout_minutes else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "planning.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "planning.signin.client_ip_address"
# Single sign-on's passwords are checked, and throttled, by the council's sign-in service.
AXES_WHITELIST_CALLABLE = "planning.signin.is_single_sign_on"
AXES_VERBOSE = False

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Background jobs. With REDIS_URL unset, Celery runs every task inline in the request:
# the zero-setup way to try the product. With it set, tasks go to Redis for a worker.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True

# The cache every web process and worker shares: Redis where CACHE_URL (or else REDIS_URL)
# names one, otherwise each process's own memory (`make run`, a single process).
CACHE_URL = env("CACHE_URL", REDIS_URL)
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "gt"),
            "TIMEOUT": 3600,
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Pages a signed-in person reads are kept in that cache until the data changes
# (docs/adr/0014-page-cache.md): PAGE_CACHE=0 switches it off. On by default only where the
# cache is shared: a write in one process must retire the pages every process keeps.
PAGE_CACHE = env_bool("PAGE_CACHE", bool(CACHE_URL))
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "900"))
# Never kept: the admin (its own pages and messages), sign-in and out, and the operations
# endpoints (which are answered before the page cache anyway).
PAGE_CACHE_SKIP_PREFIXES = ("/admin/", "/accounts/", "/healthz", "/readyz", "/metrics")
# Sessions and the signed-in person (with their roles and permissions) are read from the
# cache before the database (planning/sessions.py, planning/person_cache.py). Only safe where
# every process shares the cache — a sign-out or a role removed on one process must count on
# all — so on by default with Redis; a single process (`make run`) may set it on.
SIGNED_IN_CACHE = env_bool("SIGNED_IN_CACHE", bool(CACHE_URL))
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Celery's defaults wait a long time for a broker that does not answer: keep a request
# that enqueues a job from hanging when Redis is down.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    "max_retries": 1,
    # A job taken by a worker that then died (killed, its machine lost) goes back on the
    # queue after this many seconds: longer than the longest job, since a job still running
    # then would be handed to a second worker too (docs/adr/0024).
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600")),
}
# A worker told to stop (SIGTERM, with REMAP_SIGTERM=SIGQUIT as the image sets) lets its job
# run on for this many seconds, then stops it and puts it back on the queue for another
# worker; keep it below the platform's grace period (Kubernetes: 60 s in deploy/kubernetes).
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = float(env("WORKER_SHUTDOWN_SECONDS", "30"))
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}

# Logs: plain text by default; LOG_FORMAT=json writes one JSON object a line with the
# request id, person, path, status and duration (core/ops/logs.py), in workers too.
LOG_FORMAT = env("LOG_FORMAT", "text")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env("LOG_LEVEL", "WARNING"))
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# /metrics: read with "Authorization: Bearer <METRICS_TOKEN>", or only from this machine
# when no token is set. /readyz answers within this many seconds whatever is down.
METRICS_TOKEN = env("METRICS_TOKEN")
READY_TIMEOUT_SECONDS = float(env("READY_TIMEOUT_SECONDS", "0.8"))

# Risk and audit rules a council may set (see docs/adr/0003).
# A risk scoring at least this much below corporate level prompts escalation to corporate.
RISK_ESCALATION_THRESHOLD = int(env("RISK_ESCALATION_THRESHOLD", "16"))
# Recommendation RAG: how many percentage points progress may trail the time elapsed and
# still be GREEN, or AMBER (further behind is RED).
TRACKER_RAG_GREEN_MARGIN = int(env("TRACKER_RAG_GREEN_MARGIN", "10"))
TRACKER_RAG_AMBER_MARGIN = int(env("TRACKER_RAG_AMBER_MARGIN", "30"))
# The recommendation priority scale: "1:High,2:Medium,3:Low".
AUDIT_PRIORITIES = {
    int(number): label
    for number, _, label in (
        item.partition(":")
        for item in env_list("AUDIT_PRIORITIES", "1:1 (high),2:2 (medium),3:3 (low)")
    )
}

# Report runs (see docs/adr/0004). The scheduler sweeps every minute: a run building with
# no sign of life for REPORT_STALE_SECONDS ends failed; a queued run not handed to a worker
# (the job service was down) is handed over again.
REPORT_STALE_SECONDS = int(env("REPORT_STALE_SECONDS", "300"))
REPORT_REQUEUE_SECONDS = int(env("REPORT_REQUEUE_SECONDS", "600"))
# A run whose worker died is started again by the sweep until it has been started this many
# times (the same job handed back by the queue also starts it again, docs/adr/0024).
REPORT_MAX_ATTEMPTS = int(env("REPORT_MAX_ATTEMPTS", "3"))
# A long committee paper is laid out by up to this many processes at once (never more than
# the worker's CPUs); 1 lays it out in the worker alone.
PDF_PROCESSES = int(env("PDF_PROCESSES", "2"))
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "celery")
# A committee download (its run and file) is removed this many days after it was asked for.
DOWNLOADS_KEEP_DAYS = int(env("DOWNLOADS_KEEP_DAYS", "30"))
CELERY_BEAT_SCHEDULE = {
    "sweep-report-runs": {"task": "reporting.sweep_report_runs", "schedule": 60.0},
    "expire-downloads": {"task": "reporting.expire_downloads", "schedule": 24 * 3600.0},
    # Notifications (docs/adr/0022): emails left pending are handed over again every
    # minute; reminders follow the council's calendar, checked each morning; digests go
    # at seven each morning and on Monday mornings.
    "sweep-emails": {"task": "planning.sweep_emails", "schedule": 60.0},
    "send-reminders": {
        "task": "reporting.send_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "daily-digest": {"task": "planning.daily_digest", "schedule": crontab(hour=7, minute=0)},
    "weekly-digest": {
        "task": "planning.weekly_digest",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
}

# Email (docs/adr/0022), through Django's mailers: the SMTP server EMAIL_HOST names (a
# server with none set sends through its own mail service on localhost:25, Django's
# default). With DEBUG on and no EMAIL_HOST (`make run`) each email is written to the
# console instead.
_email_host = env("EMAIL_HOST", "" if DEBUG else "localhost")
_email_port = int(env("EMAIL_PORT", "587" if env("EMAIL_HOST") else "25"))
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": _email_port,
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", _email_port == 587),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": int(env("EMAIL_TIMEOUT", "20")),
            },
        }
        if _email_host
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Golden Thread <no-reply@localhost>")
# The address people reach the app at, for the links in emails.
SITE_URL = env("SITE_URL", "http://localhost:8000")
