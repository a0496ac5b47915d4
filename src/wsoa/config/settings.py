"""Settings for wsoa, read from the environment.

SQLite by default (a fresh clone runs with no server); PostgreSQL when DATABASE_URL is set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from wsoa.core.storage_settings import default_storage

SRC_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("WSOA_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = os.environ.get("WSOA_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("WSOA_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("WSOA_ENV") == "production":
        raise RuntimeError("WSOA_SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = [
    h for h in os.environ.get("WSOA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
if os.environ.get("WSOA_ENV") == "test" or "PYTEST_CURRENT_TEST" in os.environ:
    ALLOWED_HOSTS.append("testserver")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "wsoa.core",
    "wsoa.jobs",
    "wsoa.plans",
    "wsoa.benchmarks",
    "wsoa.partners",
    "wsoa.progress",
    "wsoa.kpi",
    "wsoa.inspections",
    "wsoa.reports",
    "wsoa.public",
    "wsoa.documents",
    "wsoa.casework",
    "wsoa.ops",
    "wsoa.demo",
]

MIDDLEWARE = [
    # First, so it times and logs every request, with an id set on the response (wsoa.ops.logs).
    "wsoa.ops.logs.request_log",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After static files, before anything that reads the database: a saturated process answers
    # 503 with Retry-After at once rather than after tens of seconds (wsoa.ops.backpressure).
    "wsoa.ops.backpressure.BackPressure",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Here, so it sees every response below it: signed-in pages and files are never stored.
    "wsoa.core.middleware.no_store",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wsoa.core.auth.session_time_limit",
    "wsoa.core.auth.require_two_factor",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wsoa.core.middleware.content_security_policy",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wsoa.config.urls"
WSGI_APPLICATION = "wsoa.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'wsoa.sqlite3'}",
        conn_max_age=60,
        # A kept connection is checked before each request's first query and made again if the
        # database restarted meanwhile, so the service recovers by itself (ADR 0025).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's hashers, its PBKDF2 (same name, cost and stored form) taking turns: a process checks
# WSOA_PASSWORD_CHECKS_AT_ONCE passwords at a time, so sign-ins do not take every core from the
# pages (wsoa.ops.backpressure, ADR 0031).
PASSWORD_HASHERS = [
    "wsoa.ops.backpressure.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Signing in: django-allauth (username or e-mail and password, TOTP two-factor authentication,
# password reset by e-mail), django-axes (lockout after repeated failures). See ADR 0008.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:areas"
LOGOUT_REDIRECT_URL = "login"
ACCOUNT_ADAPTER = "wsoa.core.auth.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False  # no "remember me": a shared office PC must not stay signed in
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
# Changing how one signs in asks for the password again unless it was typed this recently; a
# sign-in counts too (core.auth.AccountAdapter), so a manager is not asked twice in a row.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = "wsoa: "
# django-axes counts failed sign-ins in the database, shared by every app server.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
MFA_ADAPTER = "wsoa.core.auth.MFAAdapter"
# The code step has its own limit, counted in the database (wsoa.core.code_attempts): five wrong
# codes (authenticator or recovery) stop the account for 30 minutes from any address, and too
# many from one address stop it for every account.
MFA_FORMS = {
    "authenticate": "wsoa.core.auth.AuthenticateForm",
    "reauthenticate": "wsoa.core.auth.ReauthenticateForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "wsoa"
# A code is accepted in the 30-second step before and after its own (RFC 6238 §5.2: a code typed
# at the end of its step and checked a few seconds later, by a busy server, is not refused);
# wsoa.core.auth.once_in_its_window refuses it a second time for the whole 90 seconds.
MFA_TOTP_TOLERANCE = 1
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "wsoa.core.auth.attempted_username"
AXES_LOCKOUT_CALLABLE = "wsoa.core.auth.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
TWO_FACTOR_FAILURE_LIMIT = 5
TWO_FACTOR_ADDRESS_FAILURE_LIMIT = 20
TWO_FACTOR_COOL_OFF = timedelta(minutes=30)

# Sessions end after 2 hours without a request, and 8 hours after signing in whatever happens
# (wsoa.core.auth.session_time_limit, which saves "last seen" at most every 5 minutes rather than
# writing the session on every request). The cookie itself goes when the browser closes.
SESSION_IDLE_AGE = timedelta(hours=2)
SESSION_ABSOLUTE_AGE = timedelta(hours=8)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_AGE.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"


def _seconds(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit():
        raise RuntimeError(f"{name} must be a whole number of seconds, such as {default}")
    return int(value)


if os.environ.get("WSOA_ENV") == "production":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The proxy in front says whether the browser used HTTPS; plain HTTP is sent to HTTPS, and
    # browsers are told to use only HTTPS for the site from then on (0 turns that off).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("WSOA_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = _seconds("WSOA_HSTS_SECONDS", 31_536_000)
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Uploaded evidence files. Never served as public URLs: only through a view that checks the
# area (progress.views.evidence_file). With several app servers this folder must be shared
# storage (a network volume), or the files kept in an S3 bucket (WSOA_S3_BUCKET, see STORAGES).
MEDIA_ROOT = Path(os.environ.get("WSOA_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files over wsoa.core.uploads.MAX_UPLOAD_BYTES are counted, not kept; forms refuse them.
FILE_UPLOAD_HANDLERS = [
    "wsoa.core.uploads.SizeCap",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Form fields other than files: far more than the longest text a form accepts (10,000
# characters, 30,000 for an agenda) even at 9 bytes a character as sent; more is refused (400).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Casework (children's personal data): Fernet keys, newest first, comma-separated; without them
# a key is generated into the file below (development, demo, tests); production must set them.
WSOA_CASEWORK_KEY = os.environ.get("WSOA_CASEWORK_KEY", "")
WSOA_CASEWORK_KEY_FILE = VAR_DIR / "casework.key"
# Closed cases are deleted this many days after closing (`wsoa casework purge`): 6 years.
WSOA_CASEWORK_RETENTION_DAYS = int(os.environ.get("WSOA_CASEWORK_RETENTION_DAYS", "2190"))


def _at_least_one(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < 1:
        raise RuntimeError(f"{name} must be a whole number of 1 or more, such as {default}")
    return int(value)


# Back-pressure (wsoa.ops.backpressure, ADR 0031): each app-server process works on this many
# requests at once (gunicorn gives it twice as many threads, wsoa.config.gunicorn) and checks
# this many passwords at once; a request that finds no slot within the wait gets 503 with
# Retry-After, having done nothing.
WSOA_REQUESTS_AT_ONCE = _at_least_one("WSOA_REQUESTS_AT_ONCE", 4)
WSOA_PASSWORD_CHECKS_AT_ONCE = _at_least_one("WSOA_PASSWORD_CHECKS_AT_ONCE", 1)
WSOA_REQUEST_WAIT_SECONDS = _seconds("WSOA_REQUEST_WAIT_SECONDS", 5)
# `wsoa worker` lowers its CPU priority by this much (0 to 19; 0 keeps it): where workers share
# a machine with app servers, a board pack takes the CPU that people waiting for pages leave.
_nice = os.environ.get("WSOA_WORKER_NICE", "").strip() or "10"
if not _nice.isdigit() or int(_nice) > 19:
    raise RuntimeError("WSOA_WORKER_NICE must be a whole number from 0 to 19, such as 10")
WSOA_WORKER_NICE = int(_nice)

# Links in e-mail (reminders) point here.
WSOA_BASE_URL = os.environ.get("WSOA_BASE_URL", "http://127.0.0.1:8000")

# E-mail (password reset): printed to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("WSOA_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("WSOA_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("WSOA_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("WSOA_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("WSOA_EMAIL_USE_TLS", "1") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("WSOA_DEFAULT_FROM_EMAIL", "wsoa <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# App servers keep no state: with several of them, the cache (allauth's rate limits, used TOTP
# codes, the roles stamps of wsoa.core.auth.roles_changed) must be shared, so production sets
# WSOA_REDIS_URL. While Redis cannot be reached each app server answers from its own memory
# (wsoa.config.cache), so people can still sign in.
REDIS_URL = os.environ.get("WSOA_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "wsoa.config.cache.RedisOrMemoryCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (wsoa.config.celery, ADR 0023). With WSOA_CELERY_BROKER_URL (Redis, e.g.
# redis://127.0.0.1:6379/1) tasks go to `wsoa worker` processes and `wsoa beat` sends the daily
# ones. Only that variable turns the queue on, not WSOA_REDIS_URL: a deployment that shares a
# cache but runs no worker would otherwise queue packs that nobody makes. Without it every task
# runs in the process that sends it.
CELERY_BROKER_URL = os.environ.get("WSOA_CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False  # so retries run in-process too; callers check results
CELERY_TASK_IGNORE_RESULT = True  # what people see is kept in rows (PackJob, ReminderSent …)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message taken by a worker that died is given to another after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _seconds("WSOA_CELERY_VISIBILITY_TIMEOUT", 900),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# Sending to a broker that is down gives up within about a second (the job stays queued).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = "Europe/London"
# Long work started from a page runs as a task with a progress page (wsoa.jobs, ADR 0030):
# publishing, the DfE and national loads, and plan workbooks over this size (bytes) or with
# more rows than this. Smaller workbooks are read and applied within the request.
LONG_WORKBOOK_BYTES = int(os.environ.get("WSOA_LONG_WORKBOOK_BYTES", "") or 200 * 1024)
LONG_WORKBOOK_ROWS = int(os.environ.get("WSOA_LONG_WORKBOOK_ROWS", "") or 300)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("WSOA_STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [SRC_DIR / "static"]
# Uploaded files: MEDIA_ROOT, or an S3-compatible bucket when WSOA_S3_BUCKET is set (ADR 0024).
STORAGES = {
    "default": default_storage(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# The GOV.UK class of each widget crispy-forms-gds leaves bare (links, numbers, dates, files).
CRISPY_CLASS_CONVERTERS = {
    "urlinput": "govuk-input",
    "numberinput": "govuk-input govuk-input--width-10",
    "dateinput": "govuk-input govuk-input--width-10",
    "datetimeinput": "govuk-input govuk-input--width-20",
    "timeinput": "govuk-input govuk-input--width-5",
    "fileinput": "govuk-file-upload",
    "selectmultiple": "govuk-select",
    "nullbooleanselect": "govuk-select",
    "listselect": "govuk-select",  # wsoa.progress.forms.ListSelect: a select written in Python
}

# Logs go to standard error: one JSON object a line in production (a line per request from
# wsoa.ops.logs, at INFO), readable text elsewhere; WSOA_LOG_FORMAT and WSOA_LOG_LEVEL choose.
_PRODUCTION = os.environ.get("WSOA_ENV") == "production"
LOG_FORMAT = os.environ.get("WSOA_LOG_FORMAT", "json" if _PRODUCTION else "text")
if LOG_FORMAT not in ("json", "text"):
    raise RuntimeError("WSOA_LOG_FORMAT must be json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "wsoa.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "wsoa.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("WSOA_LOG_LEVEL", "INFO" if _PRODUCTION else "WARNING").upper(),
    },
}
