"""Settings, read from the environment.

Defaults let a fresh clone run on SQLite under ``var/``. Production
(``DEBUG`` off) refuses to start without ``SECRET_KEY``; every secret may
also be given as ``NAME_FILE``, the path of a file holding it.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from civic311.city import DEMO_PROFILE, load_profile

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CIVIC311_VAR_DIR", BASE_DIR / "var"))
# SQLite cannot create the folder its file lives in, and the static files
# server warns about a missing one: both live here.
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)


def env(name: str, default: str = "") -> str:
    """Return ``name`` from the environment, or the content of ``NAME_FILE``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# development, staging or production. Outside production nothing may reach
# real departments or residents.
ENVIRONMENT = env("ENVIRONMENT", "development" if DEBUG else "production")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off; set SECRET_KEY or "
            "SECRET_KEY_FILE, or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

CITY = load_profile(Path(env("CITY_PROFILE") or DEMO_PROFILE))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "civic311.core",
    "civic311.catalog",
    "civic311.calendars",
    "civic311.servicerequests",
    "civic311.routing",
    "civic311.people",
    "civic311.apiclients",
    "civic311.open311",
    "civic311.console",
    "civic311.portal",
    "civic311.knowledge",
    "civic311.residents",
    "civic311.demo",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "civic311.core.middleware.CollapseSlashesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "civic311.urls"
WSGI_APPLICATION = "civic311.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

# Connections are kept open between requests; the health check replaces one
# the database closed.
CONN_MAX_AGE = int(env("CONN_MAX_AGE", "600"))
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'civic311.sqlite3'}",
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE transactions
    # make concurrent writers queue instead of failing with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA cache_size=-32000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in memory

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
]

LOGIN_URL = "console:sign-in"
LOGIN_REDIRECT_URL = "console:home"
LOGOUT_REDIRECT_URL = "console:sign-in"
# How the city's accounts show in authenticator apps.
OTP_TOTP_ISSUER = f"{CITY.name} 311"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("am", "አማርኛ"),
    ("ar", "العربية"),
    ("fr", "Français"),
    ("zh-hans", "简体中文"),
    ("vi", "Tiếng Việt"),
    ("ko", "한국어"),
]
LOCALE_PATHS = [BASE_DIR / "civic311" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE") or CITY.time_zone

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages from npm (package.json), installed by make. Without
# them the pages still work: maps are simply not drawn, and the resident
# portal shows unstyled.
LEAFLET_DIR = BASE_DIR / "node_modules" / "leaflet" / "dist"
USWDS_DIR = BASE_DIR / "node_modules" / "@uswds" / "uswds" / "dist"
STATICFILES_DIRS = [
    (prefix, folder)
    for prefix, folder in [("vendor/leaflet", LEAFLET_DIR), ("vendor/uswds", USWDS_DIR)]
    if folder.is_dir()
]
MAP_TILES = env("MAP_TILES", CITY.map_tiles)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or VAR_DIR / "media")
# Serve uploaded media from the application; turn off when a web server or
# object store in front serves MEDIA_ROOT instead.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

# Uploads: photos attached to requests. Bigger files are refused with an
# Open311 error; the limit applies to each file.
MEDIA_MAX_BYTES = int(env("MEDIA_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
)
SESSION_COOKIE_SECURE = not DEBUG and SITE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Request lists are cached per worker process, keyed on a change counter, so
# a cached answer is never older than the data; see civic311/open311/cache.py.
# OPEN311_CACHE_SECONDS bounds how late a renamed service shows (0 turns the
# cache off).
OPEN311_CACHE_SECONDS = int(env("OPEN311_CACHE_SECONDS", "60"))
# A worker reads the change counter again after this many seconds, so a
# change made through another worker shows in cached answers that late at
# most (0 reads it for every answer); see civic311/servicerequests/changes.py.
CHANGES_RECHECK_SECONDS = float(env("CHANGES_RECHECK_SECONDS", "1"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "open311": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "open311",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
    # Single requests: small answers, many of them.
    "open311-requests": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "open311-requests",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "civic311.security": {"level": "INFO"},
        # Django's own console handler would print each line twice.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Static files are found in the apps directly, so a fresh clone serves the
# admin without running collectstatic first.
WHITENOISE_USE_FINDERS = True

# Work done after a page has answered: emails to residents. "immediate"
# runs it at once in the same process (development, small sites);
# "database" queues it for `civic311 db_worker`.
TASK_BACKEND = env("TASK_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASK_BACKEND]
    }
}

# Email to residents. In development it is written to files under
# var/mail, never sent.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{CITY.name} 311 <noreply@localhost>")

# Address search on the report form, through the geocoders the city profile
# lists; off (GEOCODING=0), residents type the address.
GEOCODING_ENABLED = env_bool("GEOCODING", True)
