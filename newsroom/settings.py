"""Newsroom settings: one module, configured from the environment (12-factor).

Every variable read here is documented in README.md; tests/test_docs.py fails when
one is missing there.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsroom.staticfiles import add_security_headers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set the SECRET_KEY environment variable (a long random string), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # trigram lookups for claim matching; inert on SQLite
    "django_filters",
    # Installed so that its docs page (/api/docs) uses its bundled static files,
    # not a CDN: the page then fits the CSP below unchanged.
    "ninja",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "coverage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Readers' GETs read from the replica, when one is configured; around
    # everything that may read the database.
    "newsroom.replica.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor, if any, verified this session (request.user.is_verified),
    # then the admin refused to roles that need one until it is verified.
    "django_otp.middleware.OTPMiddleware",
    "coverage.second_factor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "coverage.public.context_processors.newsroom",
            ],
        },
    },
]


def database(url: str) -> dict:
    """One database's settings from its URL: the primary's and the replica's."""
    config = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Each transaction takes SQLite's write lock when it begins, so two desk
        # writes at once queue (up to the timeout) instead of one failing with
        # "database is locked" when it upgrades its read lock halfway through.
        options.update(transaction_mode="IMMEDIATE", timeout=20)
    if config["ENGINE"] == "django.db.backends.postgresql" and env_bool(
        "DATABASE_PREPARED_STATEMENTS", True
    ):
        # Server-side parameter binding lets psycopg prepare a statement the fifth
        # time a connection runs it, so PostgreSQL plans the public pages' queries
        # once per connection, not once per request. A pooler in transaction mode
        # in front of PostgreSQL must support prepared statements (PgBouncer 1.21+
        # with max_prepared_statements), or set DATABASE_PREPARED_STATEMENTS=0.
        options.update(server_side_binding=True, prepare_threshold=5)
    return config


DATABASES = {
    "default": database(
        os.environ.get("DATABASE_URL")
        or f"sqlite:///{BASE_DIR / 'var' / 'newsroom.sqlite3'}"
    )
}
# A read replica of the primary for readers' GETs (newsroom/replica.py). A replica
# that cannot be reached is skipped; one whose host does not answer at all costs
# each request the connect timeout, two seconds unless the URL gives another
# (?connect_timeout=N).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database(DATABASE_REPLICA_URL)
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"]["OPTIONS"].setdefault("connect_timeout", 2)
# Inert while no replica is configured.
DATABASE_ROUTERS = ["newsroom.replica.ReplicaRouter"]

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that a lost Redis reads as a miss and
            # skips writes instead of failing the request; see newsroom/cache.py.
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # One process's cache, for development, tests and the benchmarks. Django's
    # default of 300 entries holds twelve pages of 25 row fragments: a thirteenth
    # search pushed the first one's rows out, so a row already shown was drawn
    # again, where Redis keeps it.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address is refused before any
    # password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes): five wrong passwords for one username from one
# address lock that pair out for an hour; attempts are kept in the database, so
# losing the cache does not reset them.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # lockouts are still logged; no start-up banner on every command

# Desk accounts behind two factors (django-otp): superusers and these groups must
# confirm each login with a code from an authenticator app (TOTP) or a one-time
# recovery code before any admin page opens; they enrol on their first login.
NEWSROOM_OTP_REQUIRED_GROUPS = env_list(
    "NEWSROOM_OTP_REQUIRED_GROUPS", "Editor,Standards editor"
)
# After each wrong code, the next one is refused for 1, 2, 4, 8, ... seconds (per
# device, kept in the database): even the right code, until the wait is over.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Keys of enrolled devices never appear in the admin, not even to superusers.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"  # British date formats, in the admin and on public pages
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
# The desk and the public site are in English only, so Django's translation
# machinery is off, as its docs advise: every translated string and reversed URL
# would otherwise look up the active language. Formats still follow en-gb.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# WhiteNoise serves static files before the CSP and clickjacking middleware run:
# it adds their headers itself (newsroom/staticfiles.py).
WHITENOISE_ADD_HEADERS_FUNCTION = add_security_headers

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The public site: the organisation named as fact checker in ClaimReview markup, and
# how long rendered public pages stay in the cache (0 turns the page cache off).
NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "Newsroom Standards Desk")
OTP_TOTP_ISSUER = NEWSROOM_NAME  # what authenticator apps show next to the account
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Behind a TLS-terminating proxy in production; see README "Deployment".
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): every script and stylesheet comes from this
# site's own static files, with no inline code, on public pages and in the admin.
# JSON-LD <script type="application/ld+json"> blocks are data, never executed, so
# script-src does not apply to them. No nonces: public pages are cached whole.
# Writes one API token may make a minute (coverage/api/limits.py).
API_WRITES_PER_MINUTE = 60

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# The task queue (Celery). Production publishes tasks to Redis and runs them in
# `celery -A newsroom worker` processes (and `celery -A newsroom beat` for the
# schedule), so the desk scales by adding worker machines. With no broker set,
# the embedded default runs each task in process right after its transaction
# commits: nothing else to start, but no retries across restarts.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Acknowledged after the task ran, and given back to the queue when the worker
# running it dies, so a killed worker's task runs again on another one; each task
# is idempotent, so running twice has one effect.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How long a task taken by a worker that vanished waits before another worker gets
# it (Redis has no connection-level acknowledgement). Longer than any task runs.
# Every worker looks for such tasks every ten seconds (one indexed Redis read).
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
# The queue tasks are published to and workers read by default: newsrooms sharing
# one Redis each name their own (workers then run `--queues` with the same name).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": min(10, CELERY_VISIBILITY_TIMEOUT),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "requeue-lost-notifications": {
        "task": "coverage.tasks.requeue_due_notifications",
        "schedule": 5 * 60,
    },
    "requeue-lost-webhooks": {
        "task": "coverage.tasks.requeue_due_webhooks",
        "schedule": 5 * 60,
    },
    "requeue-lost-import-chunks": {
        "task": "coverage.tasks.requeue_stalled_import_chunks",
        "schedule": 5 * 60,
    },
    "daily-digest": {
        "task": "coverage.tasks.send_daily_digests",
        "schedule": 24 * 60 * 60,
    },
}

# E-mail (notifications to the desk, replies to readers), through Django's e-mail
# framework. Without EMAIL_HOST, messages are printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "standards@localhost")
# The address links in e-mails point to (no request to take it from in a worker).
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000")
NEWSROOM_MESSAGE_ID_DOMAIN = os.environ.get(
    "NEWSROOM_MESSAGE_ID_DOMAIN", "newsroom.local"
)

# Outgoing requests (webhooks; the outlet watcher) never reach private, loopback or
# link-local addresses unless this is on: for tests and intranets.
NEWSROOM_FETCH_ALLOW_PRIVATE = env_bool("NEWSROOM_FETCH_ALLOW_PRIVATE", False)
# Watching outlets (README, "Watching outlets"): how the newsroom fetches their pages.
NEWSROOM_FETCH_USER_AGENT = os.environ.get(
    "NEWSROOM_FETCH_USER_AGENT", "NewsroomStandardsDesk/1.0 (corrections desk)"
)
NEWSROOM_FETCH_TIMEOUT = float(os.environ.get("NEWSROOM_FETCH_TIMEOUT", "15"))
NEWSROOM_FETCH_MAX_BYTES = int(os.environ.get("NEWSROOM_FETCH_MAX_BYTES", "5242880"))
NEWSROOM_FETCH_MAX_REDIRECTS = int(os.environ.get("NEWSROOM_FETCH_MAX_REDIRECTS", "5"))
# Seconds between two requests to one host, counted across every worker.
NEWSROOM_FETCH_HOST_DELAY = float(os.environ.get("NEWSROOM_FETCH_HOST_DELAY", "2"))
# Days after it was first seen that an article stops being re-fetched.
NEWSROOM_WATCH_HORIZON_DAYS = int(os.environ.get("NEWSROOM_WATCH_HORIZON_DAYS", "90"))
NEWSROOM_WEBHOOK_TIMEOUT = int(os.environ.get("NEWSROOM_WEBHOOK_TIMEOUT", "10"))
# Failed attempts in a row after which a subscription is paused and its owner told.
NEWSROOM_WEBHOOK_PAUSE_AFTER = int(os.environ.get("NEWSROOM_WEBHOOK_PAUSE_AFTER", "10"))
# Background imports (README, "Background imports"): articles per chunk (one
# worker task, one transaction) and what an upload may hold.
NEWSROOM_IMPORT_CHUNK_SIZE = int(os.environ.get("NEWSROOM_IMPORT_CHUNK_SIZE", "50"))
NEWSROOM_IMPORT_MAX_FILES = int(os.environ.get("NEWSROOM_IMPORT_MAX_FILES", "1000"))
NEWSROOM_IMPORT_MAX_FILE_MB = int(os.environ.get("NEWSROOM_IMPORT_MAX_FILE_MB", "50"))
NEWSROOM_IMPORT_MAX_TOTAL_MB = int(
    os.environ.get("NEWSROOM_IMPORT_MAX_TOTAL_MB", "200")
)
# Correction requests from readers (the public form at /corrections/request/).
# How long the desk has to answer one; how long a reader's e-mail address is kept
# after the request closed, before the nightly task erases it; how many requests
# one network address may post, and one e-mail address may file, per hour; and
# how hard the proof-of-work challenge is (the largest number the browser may
# have to try: about a second of a phone's time at the default).
NEWSROOM_REQUEST_DEADLINE_DAYS = int(
    os.environ.get("NEWSROOM_REQUEST_DEADLINE_DAYS", "7")
)
NEWSROOM_REQUEST_EMAIL_RETENTION_DAYS = int(
    os.environ.get("NEWSROOM_REQUEST_EMAIL_RETENTION_DAYS", "90")
)
NEWSROOM_REQUEST_LIMIT_PER_ADDRESS = int(
    os.environ.get("NEWSROOM_REQUEST_LIMIT_PER_ADDRESS", "10")
)
NEWSROOM_REQUEST_LIMIT_PER_EMAIL = int(
    os.environ.get("NEWSROOM_REQUEST_LIMIT_PER_EMAIL", "3")
)
NEWSROOM_REQUEST_CHALLENGE_MAX_NUMBER = int(
    os.environ.get("NEWSROOM_REQUEST_CHALLENGE_MAX_NUMBER", "100000")
)
# How often `celery -A newsroom beat` queues the due polls and re-fetches.
CELERY_BEAT_SCHEDULE["watch-outlets"] = {
    "task": "coverage.tasks.enqueue_due_watches",
    "schedule": int(os.environ.get("NEWSROOM_WATCH_BEAT_SECONDS", "60")),
}
CELERY_BEAT_SCHEDULE["erase-expired-request-emails"] = {
    "task": "coverage.tasks.erase_expired_request_emails",
    "schedule": 24 * 60 * 60,
}
