"""Django settings for Partnerwijzer.

Everything that differs between a laptop and a server is read from the
environment (see ``partnerwijzer.env`` and docs/configuration.md):

``DJANGO_SECRET_KEY``      required when ``DJANGO_DEBUG`` is false
``DJANGO_DEBUG``           false by default
``DJANGO_ALLOWED_HOSTS``   comma-separated, default ``127.0.0.1,localhost``
``DATABASE_URL``           default: the embedded SQLite file ``var/partnerwijzer.sqlite3``
``DJANGO_HTTPS``           true by default; ``make run`` sets it to false for plain-HTTP local use
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from partnerwijzer.env import ConfigurationError, env_bool, env_int, env_list, env_str
from partnerwijzer.logsafety import install as install_log_masking

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PARTNERWIJZER_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigurationError(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(make run creates one in var/secret_key for local use)."
        )
    SECRET_KEY = "django-insecure-development-only-key-not-for-production-use-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
HTTPS = env_bool("DJANGO_HTTPS", True)
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "partnerwijzer.accounts",
    "partnerwijzer.audit",
    "partnerwijzer.knowledge",
    "partnerwijzer.journey",
    "partnerwijzer.outbox",
    "partnerwijzer.planning",
    "partnerwijzer.sourcing",
    "partnerwijzer.evaluation",
    "partnerwijzer.budget",
    "partnerwijzer.questionnaires",
    "partnerwijzer.portal",
    "partnerwijzer.contract",
    "partnerwijzer.results",
    "partnerwijzer.evidence",
    "partnerwijzer.letters",
    "partnerwijzer.documents",
    "partnerwijzer.advisers",
    "django_tasks_db",
    "partnerwijzer.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "partnerwijzer.accounts.middleware.SessionRenewalMiddleware",
    "partnerwijzer.accounts.middleware.CurrentMembershipMiddleware",
    # The organisation's own values for the guide's figures, for every calculation of the request.
    "partnerwijzer.knowledge.overrides.FigureOverridesMiddleware",
    "partnerwijzer.accounts.middleware.OrganisationLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: it tells members why they are sent to the two-factor set-up.
    "partnerwijzer.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees failed logins after every other middleware ran.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnerwijzer.urls"
WSGI_APPLICATION = "partnerwijzer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "partnerwijzer" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnerwijzer.accounts.context_processors.membership",
                "partnerwijzer.journey.context_processors.navigation",
            ],
            "builtins": ["partnerwijzer.templatetags.pw"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "partnerwijzer.sqlite3"
# Well above the 8 s a backup or a long import holds the lock, below gunicorn's 30 s timeout.
SQLITE_BUSY_SECONDS = env_int("PARTNERWIJZER_SQLITE_BUSY_SECONDS", 20)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] == str(SQLITE_PATH):
        VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    # WAL lets readers work while one writer writes; FULL keeps commits durable on power loss;
    # IMMEDIATE takes the write lock at the start of a transaction so that two requests never
    # deadlock upgrading a read lock. Django turns foreign keys on for every connection.
    # A writer waits up to SQLITE_BUSY_SECONDS for the write lock (a backup, an import or a burst
    # of other writers hold it for seconds); a request that still cannot get it answers 503 with a
    # retry (partnerwijzer/busy.py), the worker tries again (documents' db_worker).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
            f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}"
        ),
        "timeout": SQLITE_BUSY_SECONDS,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "journey:dashboard"
# An adviser organisation's home (accounts sends its members there after switching; docs/advisers.md).
ADVISER_HOME_URL = "advisers:portfolio"
LOGOUT_REDIRECT_URL = "accounts:login"
# Routes outside accounts that a member who must set up two-factor sign-in may still reach.
TWO_FACTOR_SETUP_ALLOWED_ROUTES = ("set_language", "api:openapi")

# Lockout after repeated failed logins: 5 failures for one account from one address lock it
# for 15 minutes (django-axes).
AXES_FAILURE_LIMIT = env_int("PARTNERWIJZER_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "partnerwijzer.accounts.client_ip.client_ip"

# Two-factor sign-in (django-otp): a time-based one-time password (TOTP, RFC 6238) from an
# authenticator app, and single-use recovery codes. Wrong codes slow down exponentially per device.
OTP_TOTP_ISSUER = "Partnerwijzer"
TWO_FACTOR_LOGIN_SECONDS = 5 * 60
"""How long the code step of a login may take after the password step."""

# Sessions end after 8 hours of inactivity and with the browser. A session is written when it
# changes and, to slide the expiry, at most once per SESSION_RENEW_SECONDS
# (accounts.middleware.SessionRenewalMiddleware), never on every request: a write needs the
# database's write lock, which a busy database may not give at once.
SESSION_COOKIE_AGE = env_int("PARTNERWIJZER_SESSION_SECONDS", 8 * 60 * 60)
SESSION_RENEW_SECONDS = 5 * 60

# Generated documents and candidates' uploads: outside the static and media roots, served only
# through views that check membership (documents, portal).
PRIVATE_FILES_DIR = Path(env_str("PARTNERWIJZER_FILES_DIR", str(VAR_DIR / "files")))

# --- Background tasks -----------------------------------------------------------------------------
# Django's task framework with the database backend of django-tasks-db: jobs are rows in the
# app's own database, so every app process can enqueue and any number of workers
# (`python manage.py db_worker`; `make run` starts one) take them with SELECT ... FOR UPDATE
# SKIP LOCKED on PostgreSQL (an exclusive transaction on SQLite). See docs/documents.md.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Monte Carlo samples behind each budget page (cost estimate and return); see docs/budget.md.
BUDGET_SIMULATION_ITERATIONS = env_int("PARTNERWIJZER_SIMULATION_SAMPLES", 100_000)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# --- Transport security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # The __Host- prefix makes the browser refuse the cookie unless it is Secure, has Path=/
    # and no Domain: a sibling subdomain cannot set or overwrite it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
else:
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_NAME = "pw_sessionid"
    CSRF_COOKIE_NAME = "pw_csrftoken"
    LANGUAGE_COOKIE_NAME = "pw_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# A strict policy: no inline scripts or styles anywhere, nothing from other origins.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "partnerwijzer" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"
USE_THOUSAND_SEPARATOR = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "partnerwijzer" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed, compressed file names need `collectstatic` first; tests and DEBUG use plain names.
if DEBUG or not env_bool("DJANGO_STATIC_MANIFEST", True):
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    # Serve straight from the source folders, looked up per request: no collectstatic needed.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

# --- E-mail -------------------------------------------------------------------------------------
# Every message goes through the outbox and the background worker (docs/messages.md). Console by
# default (the server's output, with tokens masked: the links are on the pages that made them); a
# deployment sets DJANGO_EMAIL_BACKEND to django.core.mail.backends.smtp.EmailBackend and the
# DJANGO_EMAIL_* values below. Django's SMTP backend is served by the outbox's subclass, which
# records the moment the handover to the mail server begins (just before DATA), so a worker killed
# before it sends the message again automatically (docs/messages.md, "Guarantees").
_EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "partnerwijzer.outbox.backends.ConsoleEmailBackend")
if _EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    _EMAIL_BACKEND = "partnerwijzer.outbox.backends.SmtpEmailBackend"
_EMAIL_OPTIONS: dict[str, object] = {}
if _EMAIL_BACKEND.endswith(("smtp.EmailBackend", "SmtpEmailBackend")):
    _EMAIL_OPTIONS = {
        "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
        "port": env_int("DJANGO_EMAIL_PORT", 587),
        "username": env_str("DJANGO_EMAIL_USER", ""),
        "password": env_str("DJANGO_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_TLS", True),
        "timeout": 20,
    }
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Partnerwijzer <noreply@localhost>")
# The address people open the product at: the links in messages sent by the worker start with it.
PARTNERWIJZER_SITE_URL = env_str("PARTNERWIJZER_SITE_URL", "http://127.0.0.1:8000")

# --- Product settings ---------------------------------------------------------------------------
INVITATION_VALID_DAYS = env_int("PARTNERWIJZER_INVITATION_DAYS", 7)

# Tokens in portal, invitation and password-reset paths are masked in every log record of the
# process (Django's loggers, gunicorn's access log, the worker): partnerwijzer/logsafety.py.
install_log_masking()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
