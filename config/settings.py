"""Settings for the township governance app.

Everything that differs between machines comes from environment variables. The embedded
defaults are for development only (SQLite, in-process tasks); production sets DATABASE_URL,
REDIS_URL, SECRET_KEY and the ID-number keys.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.dev_secrets import DEVELOPMENT_ONLY

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


DEBUG = env_bool("DEBUG", False)

# --- secrets ---------------------------------------------------------------------------------
# Production (DEBUG=0) refuses to start without its own three secrets: nothing is derived from a
# value in the repository. The fixed values of config/dev_secrets.py fill in only with DEBUG=1;
# the test suite and the benchmarks pass them explicitly (tests/settings.py).
HOW_TO_MAKE = {
    "SECRET_KEY": 'python -c "import secrets; print(secrets.token_urlsafe(50))"',
    "ID_ENCRYPTION_KEY": 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"',
    "ID_HMAC_KEY": 'python -c "import secrets; print(secrets.token_hex(32))"',
}


def _secrets() -> dict[str, str]:
    """The three secrets from the environment; with DEBUG=1 the development values fill gaps."""
    values, missing = {}, []
    for name, how in HOW_TO_MAKE.items():
        value = os.environ.get(name, "").strip()
        if not value or "change-me" in value:  # unset, or the placeholder of .env.example
            if DEBUG:
                value = DEVELOPMENT_ONLY[name]
            else:
                missing.append(f"  {name}：{how}")
        values[name] = value
    if missing:
        raise ImproperlyConfigured(
            "生产模式（DEBUG=0）拒绝启动：缺少以下密钥（或仍是示例值）。请各生成一个，写进环境变量"
            "（如 /etc/township.env 或 .env），与数据库备份分开保管；两个身份证号密钥一经使用不可更换：\n"
            + "\n".join(missing)
            + "\n只在本机开发时可以设置 DEBUG=1 使用开发用的固定值。"
        )
    try:
        from cryptography.fernet import Fernet

        Fernet(values["ID_ENCRYPTION_KEY"].encode())
    except ValueError as exc:
        raise ImproperlyConfigured(
            "ID_ENCRYPTION_KEY 不是有效的 Fernet 密钥（32 字节的 URL 安全 base64）。"
            f"生成：{HOW_TO_MAKE['ID_ENCRYPTION_KEY']}"
        ) from exc
    return values


_SECRETS = _secrets()
SECRET_KEY = _SECRETS["SECRET_KEY"]
# Keys for ID-card numbers: encryption (Fernet) and the keyed HMAC that makes them unique and searchable.
ID_ENCRYPTION_KEY = _SECRETS["ID_ENCRYPTION_KEY"]
ID_HMAC_KEY = _SECRETS["ID_HMAC_KEY"]

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# --- HTTPS: one switch ------------------------------------------------------------------------
# HTTPS=proxy (the production default): TLS ends at a reverse proxy (nginx, docs/operations.md)
#   that sets X-Forwarded-Proto and appends the client to X-Forwarded-For; HSTS, the HTTPS
#   redirect and secure cookies are on, and the proxy's header says a request came over HTTPS.
# HTTPS=direct: the same, with TLS ending in gunicorn itself (no proxy header trusted).
# HTTPS=off (the development default): plain HTTP, e.g. a trial on a laptop; check --deploy warns.
HTTPS = os.environ.get("HTTPS", "") or ("off" if DEBUG else "proxy")
if HTTPS not in {"proxy", "direct", "off"}:
    raise ImproperlyConfigured(f"HTTPS 只能是 proxy、direct 或 off，现在是 {HTTPS!r}")
if HTTPS != "off":
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if HTTPS == "proxy":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies stand in front of gunicorn, each appending to X-Forwarded-For: the
# client is that many entries from the right (accounts.security.client_ip). 0 trusts no header.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if HTTPS == "proxy" else 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "mptt",
    "import_export",
    "simple_history",
    "django_filters",
    "accounts.security.AxesConfig",
    "csp",
    # Foundation (accounts → places → core), then features, then reports: docs/decisions/0006.
    "accounts",
    "places",
    "core",
    "grids",
    "township",
    "visits",
    "issues",
    "stars",
    "points",
    "worklog",
    "training",
    "economy",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.AbsoluteSessionLifetimeMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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
                "csp.context_processors.nonce",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # make run: the web server and the worker write the same file; wait for each other's writes.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sessions expire after two idle hours, and twelve hours after login however busy
# (accounts.middleware.AbsoluteSessionLifetimeMiddleware). The idle timeout is renewed at most
# once a minute (core.middleware.SessionRenewalMiddleware), not by a database write on every page.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 2 * 60 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True

# Lock a username from one address, never a whole office behind one public address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client's address behind the reverse proxy (TRUSTED_PROXY_COUNT), so the lock stays per
# username and client rather than per username behind the proxy's one address.
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "zh-hans"
# Dates shown and read the one way (core.dates): our zh_Hans formats over Django's.
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Files appear whole or not at all (a worker killed mid-write leaves no truncated PDF).
    "default": {"BACKEND": "core.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        # Production (docker-compose) runs collectstatic and sets STATIC_MANIFEST=1.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Uploads: one limit for spreadsheets, one for photos and evidence.
XLSX_MAX_BYTES = env_int("XLSX_MAX_BYTES", 10 * 1024 * 1024)
XLSX_MAX_UNPACKED_BYTES = env_int("XLSX_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
XLSX_MAX_ENTRIES = env_int("XLSX_MAX_ENTRIES", 2000)
XLSX_MAX_RATIO = env_int("XLSX_MAX_RATIO", 200)
# Spreadsheet rows: an import of more rows is refused before any row is checked; an export or an
# import of more than the *_INLINE_ROWS runs in the background (Celery) with its progress shown.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_INLINE_ROWS = env_int("IMPORT_INLINE_ROWS", 2_000)
EXPORT_INLINE_ROWS = env_int("EXPORT_INLINE_ROWS", 2_000)
# The home page's figures are cached this long per user (and dropped on any write): core.dashboard.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 60)
# A register list's row count is reused this long for the same query (and dropped on any write).
LIST_COUNT_CACHE_SECONDS = env_int("LIST_COUNT_CACHE_SECONDS", 60)
# A register list's drop-down options (the user's villages, grids ...) likewise: core.listing.
LIST_CHOICES_CACHE_SECONDS = env_int("LIST_CHOICES_CACHE_SECONDS", 60)
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Celery ----------------------------------------------------------------------------------
# Production: Redis is the broker, the result store and the shared cache. `make run` has no server:
# EMBEDDED_DIR holds kombu's filesystem broker, Celery's file result backend and a file cache, so
# its worker and beat run tasks in the background as production does. Tasks are sent through the
# outbox (core.outbox), never from inside a request; see docs/operations.md "后台任务" for the numbers.
REDIS_URL = os.environ.get("REDIS_URL", "")
EMBEDDED_DIR = os.environ.get("EMBEDDED_DIR", "")
# A task a worker took but never acknowledged (the worker was killed) is given to another worker
# after this many seconds. Every task must finish well within it (the hard time limit below is
# checked against it) and no countdown or ETA may reach it, or a task would run twice.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 600)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
if CELERY_TASK_TIME_LIMIT >= CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "CELERY_TASK_TIME_LIMIT 必须小于 CELERY_VISIBILITY_TIMEOUT，否则仍在执行的任务会被再次派发"
    )
_REDIS_SOCKETS = {"socket_connect_timeout": 1.0, "socket_timeout": 10.0}
if REDIS_URL:
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        # kombu looks for expired unacknowledged messages every interval × throttle seconds
        # (10 × 10 by default); every 10 s here, so a killed task is redone within ~timeout + 10 s.
        "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 5)),
        "unacked_restore_throttle": 1,
        # One Redis for several deployments (or test runs): each keeps its keys under a prefix.
        "global_keyprefix": os.environ.get("CELERY_KEY_PREFIX", ""),
        **_REDIS_SOCKETS,
    }
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = _REDIS_SOCKETS["socket_connect_timeout"]
    CELERY_REDIS_SOCKET_TIMEOUT = _REDIS_SOCKETS["socket_timeout"]
elif EMBEDDED_DIR:
    _embedded = Path(EMBEDDED_DIR).resolve()
    for _folder in ("queue", "control", "results", "cache"):
        (_embedded / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_embedded / "queue"),
        "data_folder_out": str(_embedded / "queue"),
        "control_folder": str(_embedded / "control"),
    }
    CELERY_RESULT_BACKEND = f"file://{_embedded / 'results'}"
else:
    CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    CELERY_RESULT_BACKEND = None
CELERY_BROKER_CONNECTION_TIMEOUT = 2.0
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Send what the outbox holds when the broker was down as it was written.
    "outbox-relay-every-minute": {
        "task": "core.tasks.outbox_relay",
        "schedule": 60.0,
    },
    "task-records-prune-daily": {
        "task": "core.tasks.prune_task_records",
        "schedule": crontab(hour=3, minute=40),
    },
    "heartbeat-every-5-minutes": {
        "task": "township.tasks.heartbeat",
        "schedule": crontab(minute="*/5"),
    },
    # Contact system: flag cadres behind their monthly visit quota and risks open past their deadline.
    "visits-flags-daily": {
        "task": "visits.tasks.refresh_flags",
        "schedule": crontab(hour=6, minute=10),
    },
    # Party-member points: rank each period shortly after it ends (drafts; the office publishes).
    "points-rankings-monthly": {
        "task": "points.tasks.rankings_compute_due",
        "schedule": crontab(minute=30, hour=1, day_of_month=1),
        "args": ("month",),
    },
    "points-rankings-quarterly": {
        "task": "points.tasks.rankings_compute_due",
        "schedule": crontab(minute=45, hour=1, day_of_month=1, month_of_year="1,4,7,10"),
        "args": ("quarter",),
    },
    "points-rankings-yearly": {
        "task": "points.tasks.rankings_compute_due",
        "schedule": crontab(minute=0, hour=2, day_of_month=1, month_of_year=1),
        "args": ("year",),
    },
    # Import previews hold full ID numbers: none is kept longer than a day.
    "core-purge-import-previews-daily": {
        "task": "core.tasks.purge_import_previews",
        "schedule": crontab(hour=3, minute=40),
    },
    "issues-mark-overdue-daily": {
        "task": "issues.tasks.mark_overdue_problems",
        "schedule": crontab(hour=0, minute=20),
    },
    # Work log: flag key tasks still open past their deadline (dashboard, the responsible person's page).
    "worklog-mark-overdue-daily": {
        "task": "worklog.tasks.mark_overdue_tasks",
        "schedule": crontab(hour=0, minute=25),
    },
    # Star ratings: a branch rating whose publicity has run out becomes final; on the rating day the
    # office set, the year's secretary rating is computed into a draft.
    "stars-finalise-rounds-daily": {
        "task": "stars.tasks.finalise_rounds",
        "schedule": crontab(hour=0, minute=40),
    },
    "stars-rate-secretaries-daily": {
        "task": "stars.tasks.rate_secretaries",
        "schedule": crontab(hour=1, minute=10),
    },
    # Progress report: draft each township's report shortly after each period ends (after the rankings).
    "reports-draft-monthly": {
        "task": "reports.tasks.draft_due_reports",
        "schedule": crontab(minute=30, hour=3, day_of_month=1),
        "args": ("month",),
    },
    "reports-draft-quarterly": {
        "task": "reports.tasks.draft_due_reports",
        "schedule": crontab(minute=45, hour=3, day_of_month=1, month_of_year="1,4,7,10"),
        "args": ("quarter",),
    },
    "reports-draft-yearly": {
        "task": "reports.tasks.draft_due_reports",
        "schedule": crontab(minute=0, hour=4, day_of_month=1, month_of_year=1),
        "args": ("year",),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # nothing of this app is shown in a frame

# A cache shared by the web and worker processes (the heartbeat, cached figures): Redis in
# production, wrapped so that pages go on when Redis is unreachable; files under `make run`.
if REDIS_URL:
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # A dead Redis costs a request one short timeout, then none for a few seconds.
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.5, "retry": Retry(NoBackoff(), 0)},
        }
    }
elif EMBEDDED_DIR:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(EMBEDDED_DIR).resolve() / "cache"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
