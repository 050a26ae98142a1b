"""Tocsin's one settings module: everything comes from the environment.

With nothing set, Tocsin runs embedded: a SQLite file and a Celery broker on SQLite in the
data folder (``TOCSIN_DATA_DIR``, default ``./var``), a secret key generated once and kept
there. ``TOCSIN_ENV=production`` turns on every deploy safeguard and requires a real
``SECRET_KEY`` and ``ALLOWED_HOSTS``. ``DATABASE_URL`` switches to PostgreSQL,
``CELERY_BROKER_URL`` to Redis or RabbitMQ, ``REDIS_URL`` moves the cache to Redis.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets type annotations such as ModelForm[Firm] work at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TOCSIN_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = os.environ.get("TOCSIN_ENV", "").lower() == "production"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("TOCSIN_ENV=production needs SECRET_KEY in the environment.")
    # Embedded mode: generate once, keep it beside the database, readable by us alone.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("TOCSIN_ENV=production needs ALLOWED_HOSTS.")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")
# Only behind a reverse proxy that sets it may X-Forwarded-For name the caller (audit trail,
# throttling); otherwise anyone could pick the address they are counted under.
TOCSIN_BEHIND_PROXY = _env_bool("TOCSIN_BEHIND_PROXY", PRODUCTION)
SITE_URL = os.environ.get("TOCSIN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "tocsin.firms",
    "tocsin.sources",
    "tocsin.mentions",
    "tocsin.analysis",
    "tocsin.alerts",
    "tocsin.crises",
    "tocsin.responses",
    "tocsin.public",
    "tocsin.recovery",
    "tocsin.preparedness",
]

MIDDLEWARE = [
    "tocsin.lib.retryable.RetryableErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tocsin.firms.middleware.TwoFactorMiddleware",
    "tocsin.lib.unstorable.UnstorableValueMiddleware",
]

ROOT_URLCONF = "tocsin.urls"
WSGI_APPLICATION = "tocsin.wsgi.application"

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
                "tocsin.firms.context.navigation",
                "tocsin.preparedness.context.drill_sandbox",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'tocsin.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a worker writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        # The database cache is shared by every web process, so login throttling holds.
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tocsin_cache",
        }
    )
}

AUTH_USER_MODEL = "firms.Person"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Failed sign-ins allowed per account and per address within the window, then refused.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", "900"))

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag instead.
PASSWORD_RESET_TIMEOUT = 3600

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Embedded mode serves static files straight from the apps; production collects them.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"

_SMTP_HOST = os.environ.get("EMAIL_HOST", "")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _SMTP_HOST or "localhost",
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": _env_bool("EMAIL_USE_TLS", False),
                "use_ssl": _env_bool("EMAIL_USE_SSL", False),
                "timeout": 20,
            },
        }
        if _SMTP_HOST or PRODUCTION
        # Embedded mode: mail lands as files in the data folder for the person trying Tocsin.
        else {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(DATA_DIR / "mail")},
        }
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tocsin <tocsin@localhost>")

# Celery: the same task code runs on the embedded broker and on Redis or RabbitMQ.
CELERY_BROKER_URL = os.environ.get(
    "CELERY_BROKER_URL", f"sqlite:///{DATA_DIR / 'celery-broker.sqlite3'}"
)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = _env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "verify-audit-trail": {"task": "firms.verify_audit_trail", "schedule": 24 * 3600.0},
    "crisis-reminders": {"task": "crises.remind_due", "schedule": 300.0},
    "collect-sources": {"task": "sources.collect_due", "schedule": 60.0},
    "analyse-pending": {"task": "mentions.analyse_pending", "schedule": 300.0},
    "public-purge": {"task": "public.purge_conversations", "schedule": 24 * 3600.0},
    "drill-tick": {"task": "preparedness.drill_tick", "schedule": 30.0},
    "publish-due": {"task": "responses.publish_due", "schedule": 60.0},
    "update-reminders": {"task": "responses.remind_updates", "schedule": 300.0},
    "check-publishing-accounts": {"task": "responses.check_accounts", "schedule": 3600.0},
    "recovery-reminders": {"task": "recovery.remind_actions", "schedule": 3600.0},
    "alerts-sweep": {"task": "alerts.sweep", "schedule": 60.0},
    "alerts-curves": {"task": "alerts.run_curves", "schedule": 60.0},
    "alerts-digests": {"task": "alerts.send_digests", "schedule": 3600.0},
    "alerts-resume-stuck": {"task": "alerts.resume_stuck", "schedule": 60.0},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Seconds before the first retry of a failed alert delivery (then doubled, up to 4×), and
# after which after-ingest work that never ran is taken as lost and done again.
TOCSIN_ALERTS_RETRY_BASE = float(os.environ.get("TOCSIN_ALERTS_RETRY_BASE", "30"))
TOCSIN_ALERTS_STUCK_AFTER = float(os.environ.get("TOCSIN_ALERTS_STUCK_AFTER", "60"))
if CELERY_BROKER_URL.startswith(("sqlite:", "sqlalchemy+sqlite:")):
    # The embedded broker: a SQLite table that workers poll (tocsin/lib/embedded_broker.py).
    CELERY_BROKER_URL = CELERY_BROKER_URL.removeprefix("sqlalchemy+")
    CELERY_BROKER_TRANSPORT = "tocsin.lib.embedded_broker:Transport"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The lead of the path is fixed; the interface is never served over plain HTTP.
    SECURE_REDIRECT_EXEMPT: list[str] = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
