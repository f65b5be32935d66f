"""Settings for each environment, read from the environment variables the README lists."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

# The development key is public; production refuses to start with it (see park.create_app).
DEV_SECRET_KEY = "dev-only-not-secret-change-me"  # noqa: S105


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Hosting platforms hand out postgres:// URLs; psycopg 3 needs the explicit driver.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Base:
    NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE / 'park.sqlite3'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    PARK_NAME = "Chongqing Industrial Design Industrial Park"
    PARK_TIMEZONE = os.environ.get("PARK_TIMEZONE", "Asia/Shanghai")

    # Translations: the user's preference, then Accept-Language, then this default.
    LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
    BABEL_DEFAULT_LOCALE = os.environ.get("BABEL_DEFAULT_LOCALE", "en")
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "park" / "translations")

    # Cookies: never readable from JavaScript, not sent on cross-site POSTs.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8

    # Rate limits (Flask-Limiter). Redis holds the counters when REDIS_URL is set, so every
    # worker shares them.
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Redis going away must not take the site down: limits fall back to this process's memory
    # until it is back, and a storage error lets the request through rather than failing it.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    RATELIMIT_PASSWORD_RESET = os.environ.get(
        "RATELIMIT_PASSWORD_RESET", "5 per minute;20 per hour"
    )
    RATELIMIT_SIGNUP = os.environ.get("RATELIMIT_SIGNUP", "10 per hour")
    # Per API token (per address for anonymous calls).
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute;10000 per hour")

    # Cache (Flask-Caching): Redis when REDIS_URL is set, so every worker sees one cache and
    # an invalidation reaches all of them; otherwise a cache inside the one process.
    CACHE_TYPE = os.environ.get("CACHE_TYPE", "RedisCache" if REDIS_URL else "SimpleCache")
    CACHE_REDIS_URL = REDIS_URL
    CACHE_KEY_PREFIX = "park:"
    CACHE_DEFAULT_TIMEOUT = int(os.environ.get("CACHE_DEFAULT_TIMEOUT", "300"))
    # Part of every key: bump it when what a cached entry holds changes shape.
    CACHE_VERSION = os.environ.get("CACHE_VERSION", "1")

    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto/-Host/-Prefix.
    # 0 trusts none of those headers (a client could forge them), so rate limits count per
    # connecting address; set it to the number of proxies in front of Park, usually 1.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    # Mail (Flask-Mailman): smtp in production, the console in development, memory in tests.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_FILE_PATH = os.environ.get("MAIL_FILE_PATH", str(INSTANCE / "mail"))
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Park <no-reply@park.example>")

    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds a reset link stays valid
    # Links in e-mails sent outside a request (the event reminders run from cron).
    PARK_BASE_URL = os.environ.get("PARK_BASE_URL", "http://127.0.0.1:5000")
    INVITATION_DAYS = 14
    PER_PAGE = 25

    # Uploaded files (logos, later deliverables) live outside the static folder and are
    # served only through views that check permission. Shared between workers in production.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE / "uploads"))
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(64 * 1024 * 1024)))
    LOGO_MAX_BYTES = 2 * 1024 * 1024
    DELIVERABLE_MAX_BYTES = int(os.environ.get("DELIVERABLE_MAX_BYTES",
                                               str(50 * 1024 * 1024)))
    IMPORT_MAX_BYTES = 5 * 1024 * 1024

    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BTN_STYLE = "primary"

    HSTS = False


class Development(Base):
    NAME = "development"
    DEBUG = True
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")


class Testing(Base):
    NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    MAIL_BACKEND = "locmem"
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # Tests never depend on what an earlier request left in a cache.
    CACHE_TYPE = "NullCache"
    CACHE_NO_NULL_WARNING = True
    TRUSTED_PROXIES = 0
    WTF_CSRF_ENABLED = True
    SERVER_NAME = None


class Production(Base):
    NAME = "production"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https"
    HSTS = True
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "pool_recycle": 1800}


CONFIGS: dict[str, type[Base]] = {
    "development": Development,
    "testing": Testing,
    "production": Production,
}


def config_from_environment() -> type[Base]:
    """The settings class named by PARK_ENV (development unless told otherwise)."""
    name = os.environ.get("PARK_ENV", "development").strip().lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"PARK_ENV={name!r} is not one of {', '.join(sorted(CONFIGS))}"
        ) from None
