"""OpenSEND settings: one file, every value read from the environment.

Every setting is listed in the README. The defaults start a working demo on SQLite;
production sets OPENSEND_DEBUG=0, OPENSEND_SECRET_KEY, OPENSEND_ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from opensend.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("OPENSEND_DEBUG", default=False)

_DEV_SECRET = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105 - refused below unless DEBUG
SECRET_KEY = env_str("OPENSEND_SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("OPENSEND_SECRET_KEY must be set to a secret value when OPENSEND_DEBUG is off.")

ALLOWED_HOSTS = env_list("OPENSEND_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("OPENSEND_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "opensend",
    "template_partials",
    "csp",
    "axes",
    "accounts",
    "schools",
    "pupils",
    "register",
    "plans",
    "provision",
    "audit",
    "analytics",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opensend.urls"
WSGI_APPLICATION = "opensend.wsgi.application"

# Widgets render through the project's templates (templates/django/forms/ may replace Django's), the commonest ones
# written in Python by opensend.forms.FormRenderer.
FORM_RENDERER = "opensend.forms.FormRenderer"

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
                "opensend.context_processors.navigation",
            ],
            # Loaded after Django's own: its `date` filter answers as Django's, faster (see the module).
            "builtins": ["opensend.templatetags.dates"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's native psycopg pool (Django 5.1+); sized by OPENSEND_DB_POOL_MAX.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env_int("OPENSEND_DB_POOL_MAX", 10),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers work while a writer writes; IMMEDIATE avoids lock upgrades mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )

# A streaming replica for reads (opensend/routers.py): writes, reads in transactions and a user's reads just after
# their own writes go to the primary. PostgreSQL only.
DATABASE_REPLICA_PIN_SECONDS = env_int("OPENSEND_DB_REPLICA_PIN_SECONDS", 10)
if _replica_url := env_str("OPENSEND_DB_REPLICA_URL", ""):
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("OPENSEND_DB_REPLICA_URL needs DATABASE_URL to be PostgreSQL too.")
    DATABASES["replica"] = dj_database_url.parse(_replica_url, conn_max_age=0)
    DATABASES["replica"]["OPTIONS"] = {"pool": dict(DATABASES["default"]["OPTIONS"]["pool"])}
    # In tests that create their own database, the replica is the same connection (opensend/tests/replica/ tests
    # the real pair).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["opensend.routers.PrimaryReplicaRouter"]
    # After the session middleware: it reads and updates the session's "wrote a moment ago" mark.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        "opensend.routers.ReplicaPinMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"

# Sign-in rate limiting (django-axes): lock an account and address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("OPENSEND_SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("OPENSEND_SIGN_IN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False

# Sessions expire after a period without activity.
SESSION_COOKIE_AGE = env_int("OPENSEND_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("OPENSEND_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("OPENSEND_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("OPENSEND_HSTS_PRELOAD", False)
# How many reverse proxies stand in front of OpenSEND, each appending to X-Forwarded-For: the audit trail and
# sign-in lockouts then see the client's address rather than the proxy's (audit.services.client_ip). 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("OPENSEND_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "audit.services.client_ip"
if env_bool("OPENSEND_BEHIND_PROXY", False):
    # Only behind a reverse proxy that sets this header itself (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# Flash messages may name what was saved; keep them server-side rather than in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SILENCED_SYSTEM_CHECKS = [
        # HSTS preload is a decision for the operator of the domain, not for the application.
        "security.W021",
    ]

# Everything is served from our own origin: no CDNs, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("OPENSEND_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed file names (for long cache lifetimes) need `collectstatic`; the demo and tests serve from source.
        "BACKEND": (
            "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
            if env_bool("OPENSEND_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded documents live outside the web root and are served only through an access check.
MEDIA_ROOT = Path(env_str("OPENSEND_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Stored documents are readable by the application's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Largest document a user may attach (advice reports, scanned letters), in megabytes.
UPLOAD_MAX_MB = env_int("OPENSEND_UPLOAD_MAX_MB", 10)

REGISTER_PAGE_SIZE = env_int("OPENSEND_REGISTER_PAGE_SIZE", 50)

# Logs carry identifiers and actions, never names or pupil details.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("OPENSEND_LOG_LEVEL", "INFO")},
    "loggers": {
        # django-axes would log the attempted user name; the audit log records sign-in attempts instead.
        "axes": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Request errors would echo URLs and POST data; the 500 page says nothing personal.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
