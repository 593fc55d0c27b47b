"""Settings, read from the environment with safe defaults.

One variable chooses the database: ``DATABASE_URL``. Without it the app uses an embedded
SQLite file under ``var/`` so the quick start needs nothing else.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


DEBUG = envbool("DEBUG", "false")


def envkey(name: str) -> str:
    """A key from the environment. Only under DEBUG may it fall back to a development key:
    that key is public, so data protected by it is not protected at all. The fallback
    starts with "django-insecure-", which ``check --deploy`` reports."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if DEBUG:
        return f"django-insecure-development-{name.lower().replace('_', '-')}-do-not-use-in-production"
    raise ImproperlyConfigured(
        f"{name} is not set. Outside DEBUG the application refuses to start without both SECRET_KEY and "
        "PERSONAL_DATA_KEY: set each to its own long random value (see README, Keys and secrets)."
    )


SECRET_KEY = envkey("SECRET_KEY")
# Key material for protected personal data (citizen ID numbers), kept apart from SECRET_KEY
# and from backups; the stored data is checked against it at start-up (pdms.audit.keys).
PERSONAL_DATA_KEY = envkey("PERSONAL_DATA_KEY")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # runserver serves static files through WhiteNoise too: Django's own handler answers a
    # path that climbs out of the static folder with a 500 instead of a 404.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Before django_tasks_db: pdms.core's db_worker command wraps the one of django_tasks_db.
    "pdms.core",
    "django_tasks",
    "django_tasks_db",
    "pdms.accounts",
    "pdms.audit",
    "pdms.organizations",
    "pdms.members",
    "pdms.indicators",
    "pdms.imports",
    "pdms.workdays",
    "pdms.documents",
    "pdms.recruitment",
    "pdms.checks",
    "pdms.targets",
    "pdms.dashboards",
    "pdms.followups",
    "pdms.reporting",
    "pdms.demo",
]

MIDDLEWARE = [
    "pdms.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pdms.accounts.middleware.LoginRequiredMiddleware",
    "pdms.accounts.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    "pdms.core.cache_control.NoStoreForUsersMiddleware",
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
            ],
        },
    }
]

# Not kept as a setting of its own: the URL holds the password (see DEFAULT_EXCEPTION_REPORTER_FILTER).
if os.environ.get("DATABASE_URL", "").strip():
    DATABASES = {"default": dj_database_url.config(conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "var" / "db.sqlite3")),
            # WAL and immediate transactions let the web process and the job worker share
            # the file without "database is locked" errors.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
    {"NAME": "pdms.accounts.passwords.DemoPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Two-factor login (TOTP with recovery codes) for administrators and staff: required in
# production, off by default under DEBUG (the demo) and in tests.
OTP_REQUIRED = envbool("OTP_REQUIRED", "false" if DEBUG else "true")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "PDMS")

# Lock after repeated failures, counted per username across addresses (a new address
# does not reset them) and per address (one address trying many usernames). Behind a
# reverse proxy, the client's address is read from the header the proxy sets: name it and
# the number of proxies, or every user shares the proxy's address (see README).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_IPWARE_META_PRECEDENCE_ORDER = [
    h.strip() for h in os.environ.get("AXES_IPWARE_META_PRECEDENCE_ORDER", "REMOTE_ADDR").split(",") if h.strip()
]
AXES_IPWARE_PROXY_COUNT = envint("AXES_IPWARE_PROXY_COUNT", 0) or None
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# A success must not wipe failures: it would clear those of every username tried from the
# same address.
AXES_RESET_ON_SUCCESS = False

# Citizen IDs a user may look up and find recorded outside their scope within the window,
# before their lookups are refused (pdms/members/identity.py).
CITIZEN_ID_LOOKUP_LIMIT = envint("CITIZEN_ID_LOOKUP_LIMIT", 20)
CITIZEN_ID_LOOKUP_WINDOW_MINUTES = envint("CITIZEN_ID_LOOKUP_WINDOW_MINUTES", 24 * 60)

SECURE_COOKIES = envbool("SECURE_COOKIES", "false")
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions end after this many minutes without a request.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind HTTPS: browsers keep to HTTPS for a year, and the reverse proxy, which must set
# X-Forwarded-Proto itself (never pass on the client's), tells Django a request was secure.
if SECURE_COOKIES:
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy: only the site's own static files run or style a page; no inline
# script, style attribute or <style> (templates use classes from app.css and data
# attributes that static/app.js turns into sizes). The one exception is the <style> of the
# 500 page, which must not depend on static files, allowed by its hash (checked by
# tests/test_headers.py). Bootstrap draws its icons as data: SVG.
CSP_SERVER_ERROR_STYLE = "'sha256-5Nr8XF1Mj4amUG79iwn/HfmDBbKyvObKxmknYXYCq3I='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF, CSP_SERVER_ERROR_STYLE],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    },
}

LANGUAGE_CODE = "vi"
# The interface is Vietnamese whatever language the browser asks for.
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Django's own "vi" formats use d-m-Y and no input formats; ours use dd/mm/yyyy.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and envbool("STATIC_MANIFEST", "false")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# Background jobs: a database queue served by `manage.py db_worker`; tests run them inline.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A job is stopped after JOB_TIME_LIMIT_SECONDS. While it runs it writes a heartbeat every
# JOB_HEARTBEAT_SECONDS; one silent for JOB_STALE_SECONDS has lost its worker and is marked
# failed. /healthz reports the queue down when a task has waited QUEUE_MAX_WAIT_SECONDS.
JOB_TIME_LIMIT_SECONDS = envint("JOB_TIME_LIMIT_SECONDS", 15 * 60)
JOB_HEARTBEAT_SECONDS = envint("JOB_HEARTBEAT_SECONDS", 30)
JOB_STALE_SECONDS = envint("JOB_STALE_SECONDS", 5 * 60)
QUEUE_MAX_WAIT_SECONDS = envint("QUEUE_MAX_WAIT_SECONDS", 5 * 60)

# Uploads: a request whose body is larger than MAX_UPLOAD_MB (plus room for the form's
# other fields) is refused before it is read (pdms.core.middleware); the reverse proxy
# should refuse it first (client_max_body_size, see README). Uploaded files above 2.5 MB
# are spooled to a temporary file, not held in memory.
MAX_UPLOAD_MB = envint("MAX_UPLOAD_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Error reports never show keys, passwords or the database URL, even with DEBUG on.
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.error_reports.SecretHidingFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
