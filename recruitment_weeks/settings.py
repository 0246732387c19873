"""One settings module for every environment; production differs in values, not code paths.

Every value that differs between a laptop and production is read from the environment.

Importing this module only reads (the environment, var/secret_key): it creates no folder and writes no
file, so a management command, a test or a production process never leaves a var/ behind. Whatever
needs var/ makes what it needs: scripts/run-portal (`make run`) makes var/ and var/secret_key, the
Makefile makes the folder of the SQLite test database, the Celery app (recruitment_weeks/celery.py)
makes the filesystem broker's folders when it connects, and Django's file email backend and
FileSystemStorage make their folders when they write (tests/core/test_settings.py).
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_rate(name: str, default: str) -> str | None:
    """A DRF throttle rate such as "600/min"; "off" gives None, which DRF reads as no limit."""
    value = (os.environ.get(name) or default).strip()
    return None if value.lower() == "off" else value


DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("关闭 DEBUG 时必须设置 SECRET_KEY / SECRET_KEY must be set when DEBUG is off")
    # Local use only: scripts/run-portal (`make run`) generates var/secret_key once (never committed),
    # so sessions survive restarts and the web server and the Celery worker sign with the same key.
    path = VAR_DIR / "secret_key"
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = ""
    if key:
        return key
    # No key (no file, or an empty one): never a key made up for this process alone (it would differ
    # between the web server and the worker and change at every autoreload, so sessions and signed links
    # would break in ways that look like bugs), and no file written here (importing the settings writes
    # nothing). Commands that sign nothing (makemigrations, migrate, check) run; the first use of the
    # key raises this error.
    message = (
        f"未设置 SECRET_KEY，且 {path} 不存在或为空：请设置 SECRET_KEY，或先运行一次 `make run`（生成该文件）。 / "
        f"SECRET_KEY is not set and {path} is missing or empty: set SECRET_KEY, or run `make run` once "
        "(scripts/run-portal generates that file)."
    )

    def missing() -> str:
        raise ImproperlyConfigured(message)

    return lazy(missing, str)()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Absolute links in emails and feeds. Unset, it is the local server `make run` starts: PORT (the
# port scripts/run-portal serves on, 8000 unless set) on 127.0.0.1, so the links match the server.
SITE_URL = (os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}").rstrip("/")

INSTALLED_APPS = [
    # First, so `manage.py runserver` (what `make run` starts) is daphne's: the ASGI application with
    # the conversations' WebSockets, static files and autoreload as before.
    "daphne",
    "console.site.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # Django's form templates, for the project's template settings (forms/label.html)
    "rest_framework",
    "rest_framework.authtoken",
    # The staff's second factor (recruitment_weeks.accounts.second_factor): TOTP and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "recruitment_weeks.accounts",
    "recruitment_weeks.audit",
    "recruitment_weeks.notifications",
    "recruitment_weeks.reference",
    "events",
    "venues",
    "universities",
    "employers",
    "graduates",
    "marketplace",
    "fairs",
    "channels",
    "conversations",
    "invitations",
    "console",
]
# Development tools (demo data, seed_scale, bench): on with DEBUG, or DEV_TOOLS=1 (tests, the benchmark).
if env_bool("DEV_TOOLS", DEBUG):
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "recruitment_weeks.accounts.middleware.StaffSecondFactorMiddleware",  # staff: TOTP before /admin/
    "recruitment_weeks.accounts.middleware.SignInSessionMiddleware",  # the sessions page's "last seen"
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "recruitment_weeks.middleware.DatabaseUnavailableMiddleware",
    "recruitment_weeks.middleware.StatementTimeoutMiddleware",
    "recruitment_weeks.replicas.ReplicaReadsMiddleware",  # after DatabaseUnavailable: retries come first
]

ROOT_URLCONF = "recruitment_weeks.urls"
WSGI_APPLICATION = "recruitment_weeks.wsgi.application"
ASGI_APPLICATION = "recruitment_weeks.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "recruitment_weeks.notifications.context_processors.inbox",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# Default: SQLite under var/ (the embedded default of `make run`). DATABASE_URL=postgres://… in
# production and CI. Health checks let a web process survive a PostgreSQL restart.
# Every PostgreSQL session: no JIT (short OLTP queries: compiling costs more than it saves, measured
# on the job search), and DB_EFFECTIVE_IO_CONCURRENCY reads a bitmap heap scan's pages ahead in
# parallel. PostgreSQL's default of 1 reads them one by one: when the table is larger than memory,
# a search answered from the GIN index waited on the disk page by page (1 M postings, cold cache: a
# 47,634-page bitmap scan 6.3 s with 1, 1.25 s with 200). Flash and network disks take hundreds.
DB_EFFECTIVE_IO_CONCURRENCY = int(os.environ.get("DB_EFFECTIVE_IO_CONCURRENCY", "200"))
PG_SESSION_OPTIONS = f"-c jit=off -c effective_io_concurrency={DB_EFFECTIVE_IO_CONCURRENCY}"
# The memory a search's GIN answer may gather its matches in (SET LOCAL around the searches that read
# the index's matches after a walk, marketplace.search_plan.planned). A prefix term (a city filter is a
# prefix of the city's suffixes) is gathered as a bitmap of every posting holding it: past work_mem
# the bitmap keeps pages instead of rows, and every page of the prefix's postings is then read and
# rechecked even when nothing else matches. PostgreSQL's default of 4 MB keeps ~65,000 pages; a city
# of 1 in 31 postings at 10 M postings is ~320,000 (1 M postings, a 1 MB bitmap: 11,587 pages read,
# 123 ms, against 45 pages, 12.7 ms, exact).
SEARCH_WORK_MEM_MB = int(os.environ.get("SEARCH_WORK_MEM_MB", "64"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A busy timeout and IMMEDIATE transactions keep the web server, worker and beat from failing
    # with "database is locked" when they write at the same moment.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so a real Celery worker started by a test sees the test database; one per
    # test process so that two runs at once do not share it (Django deletes it at the end).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
else:
    # Short OLTP queries: JIT compilation costs more than it saves (measured on the job search).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = PG_SESSION_OPTIONS
    if os.environ.get("DATABASE_TEST_TEMPLATE"):
        # CI creates this template with LC_CTYPE=C.UTF-8 (with C, pg_trgm drops Chinese text).
        DATABASES["default"]["TEST"] = {"TEMPLATE": os.environ["DATABASE_TEST_TEMPLATE"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL: the longest one statement of a web request may run (ms) before the server cancels it
# and the visitor reads "too broad, add a filter" (recruitment_weeks.middleware). The public paths
# answer in milliseconds at national scale; the staff's national tables and downloads get longer.
DB_STATEMENT_TIMEOUT_MS = {
    "public": int(os.environ.get("DB_STATEMENT_TIMEOUT_PUBLIC_MS", "3000")),
    "staff": int(os.environ.get("DB_STATEMENT_TIMEOUT_STAFF_MS", "30000")),
}
# The fairs on a public venue page are rendered once per this many seconds per venue and language
# (a template fragment in the default cache); 0 renders them on every request.
VENUE_FAIRS_CACHE_SECONDS = int(os.environ.get("VENUE_FAIRS_CACHE_SECONDS", "60"))
# The venue directory (home page, week pages, the unified page, a main venue's branches), the duties,
# organisers and contacts change only when staff edit them: rendered once per this many seconds per
# language, so those pages cost what their few changing parts cost; 0 renders them every time.
PUBLIC_DIRECTORY_CACHE_SECONDS = int(os.environ.get("PUBLIC_DIRECTORY_CACHE_SECONDS", "60"))
# A graduate's recommendations and a posting's matching graduates: the ranking (which rows, in which
# order) is kept this many seconds in the default cache under the inputs it was ranked from, so a
# page seen again, or by anyone with the same preferences, only re-reads and re-scores those rows
# (dropping any that stopped being public or fitting); 0 ranks on every request.
MATCHING_CACHE_SECONDS = int(os.environ.get("MATCHING_CACHE_SECONDS", "300"))
# A PostgreSQL streaming replica for the public reads (recruitment_weeks/replicas.py): with
# DATABASE_REPLICA_URL set, GET/HEAD under REPLICA_READ_PATHS read from it, unless the client wrote in
# the last REPLICA_PIN_SECONDS or the replica is down or lags more than REPLICA_MAX_LAG_SECONDS.
# Only public reads go there, so its connections carry the public statement timeout themselves.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = {
        "options": f"{PG_SESSION_OPTIONS} -c statement_timeout={DB_STATEMENT_TIMEOUT_MS['public']}",
        "connect_timeout": 2,
    }
    # Tests read the primary's test database through this alias too (no second test database).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["recruitment_weeks.replicas.PrimaryReplicaRouter"]
REPLICA_READ_PATHS = env_list("REPLICA_READ_PATHS", "/jobs/,/api/v1/jobs/,/feeds/")
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "10"))
REPLICA_CHECK_SECONDS = float(os.environ.get("REPLICA_CHECK_SECONDS", "2"))
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "15"))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["recruitment_weeks.accounts.backends.PortalBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "landing"  # each role's workspace (recruitment_weeks.views.landing), unless `next`
LOGOUT_REDIRECT_URL = "home"
# The name authenticator apps show beside the staff's TOTP entry.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "招聘周门户")
# How many accounts one employer's team may have (administrators and recruiters together).
EMPLOYER_TEAM_LIMIT = int(os.environ.get("EMPLOYER_TEAM_LIMIT", "50"))
# A password-reset link works once (it is signed with the password hash) and for this many seconds.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(60 * 60)))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The job search reuses the SQL Django compiled for each search shape (marketplace/statements.py);
# SEARCH_REUSE_SQL=0 builds every search with the ORM instead (the same rows, more CPU per request).
SEARCH_REUSE_SQL = env_bool("SEARCH_REUSE_SQL", True)

# --- Language and time --------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
# Uploaded files (licences, résumés) are private: kept outside any public path and served only by
# views that check permission.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": PRIVATE_MEDIA_ROOT,
            "base_url": None,
            # Readable by the portal's own user only (not 0644, whatever the umask).
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# More than one web node: S3_BUCKET=… keeps the uploads in an S3-compatible object store that every
# node reads (django-storages), instead of one node's disk. The bucket stays private: objects are
# written with the "private" ACL and no public URL is ever handed out; the download views check
# permission and stream the object themselves (storage.url() still signs, for a short while, should
# anything call it).
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
            "region_name": os.environ.get("S3_REGION", "us-east-1"),
            "location": os.environ.get("S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("S3_URL_EXPIRE_SECONDS", "60")),
            "signature_version": "s3v4",
            # Never overwrite: two uploads with one name get two objects, as on the disk.
            "file_overwrite": False,
        },
    }

# --- Cache ----------------------------------------------------------------------------------------
# Default: local memory, per process (the embedded default of `make run`). CACHE_URL=redis://… (or
# REDIS_URL) gives every process on every node one cache (Django's own Redis backend): the API
# throttles, the sign-in throttle and the rendered fragments then count and hold for all of them.
# Failing open (recruitment_weeks/cache.py): with Redis unreachable a read is a miss and a write is
# skipped, after at most the short socket timeouts below, so pages keep answering.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "recruitment_weeks.cache.FailOpenRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX") or "rw",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A page of the public job search (page and API) is kept this many seconds in the default cache under
# its parameters, cursor, date and the postings' version (any write to a posting or an employer is a
# new version: marketplace.search), so the same search asked by many at once runs once; 0 searches on
# every request. By default only with a shared cache (CACHE_URL): with a cache per process, a write
# made in one process would reach the others' kept pages only when they expire.
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "60" if CACHE_URL else "0"))
# While one request searches for a page that is not kept yet, others asking the same page wait for it
# (polling the cache) at most this many seconds, then search themselves; also how long the first
# request's claim lasts if its process dies mid-search.
SEARCH_WAIT_SECONDS = float(os.environ.get("SEARCH_WAIT_SECONDS", "10"))

# --- Live conversations (Django Channels) ------------------------------------------------------------
# The channel layer carries a new message from the process that stored it to the processes holding
# the parties' WebSockets. CHANNEL_LAYER_URL (or REDIS_URL): Redis, shared by every web node, which is
# what production runs. Otherwise in memory, per process: enough for `make run` (one daphne process)
# and the tests. A failing layer costs only the live update (conversations.live).
CHANNEL_LAYER_URL = os.environ.get("CHANNEL_LAYER_URL") or os.environ.get("REDIS_URL") or ""
if CHANNEL_LAYER_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": CHANNEL_LAYER_URL, "socket_connect_timeout": 1, "socket_timeout": 1}],
                "prefix": os.environ.get("CHANNEL_LAYER_PREFIX") or "rw",
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# A message its reader has not read this many minutes after it was sent goes into one batched email
# (and an inbox notification) per reader at the next sweep.
CONVERSATION_AWAY_MINUTES = int(os.environ.get("CONVERSATION_AWAY_MINUTES", "10"))

# --- Email ----------------------------------------------------------------------------------------
# Default: each email is written to a file under var/mail/. EMAIL_BACKEND=smtp sends via EMAIL_HOST.
_email_backend = os.environ.get("EMAIL_BACKEND", "file")
if _email_backend == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
            },
        }
    }
elif _email_backend == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))},
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "招聘周门户 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Text messages (mobile verification codes): a backend class path; the default writes files under var/sms/.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "recruitment_weeks.accounts.sms.FileSMSBackend")
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", str(VAR_DIR / "sms"))

# --- Celery ----------------------------------------------------------------------------------------
# Default: Celery's filesystem transport under var/celery/ (no Redis needed for `make run`). Its folders
# are made by the Celery app when it connects (recruitment_weeks/celery.py), not here.
# Production and CI: CELERY_BROKER_URL=redis://…
CELERY_DATA_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "out"),
        "data_folder_out": str(CELERY_DATA_DIR / "out"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
else:
    # A hung Redis must not hang a web request: publishing gives up quickly and the outbox sweep
    # delivers later. visibility_timeout > the longest task so acks_late tasks are not redelivered early.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": 3,
        "socket_connect_timeout": 3,
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
        # How often a worker looks for tasks whose worker died unacknowledged (interval × throttle s).
        "unacked_restore_interval": int(os.environ.get("CELERY_UNACKED_RESTORE_INTERVAL", "10")),
        "unacked_restore_throttle": int(os.environ.get("CELERY_UNACKED_RESTORE_THROTTLE", "10")),
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Beat keeps its schedule in memory: every job is an idempotent sweep over database state, so nothing
# is lost by forgetting last-run times on restart, and no shelve file can be corrupted or locked
# (Python 3.13's dbm.sqlite3 shelve failed with "locking protocol" under beat here).
CELERY_BEAT_SCHEDULER = "celery.beat:Scheduler"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Every sweep is idempotent and decides from database state what is due, so a short period only
# makes notices timelier; crontab times are Asia/Shanghai (CELERY_TIMEZONE).
SWEEP_MINUTES = os.environ.get("SWEEP_MINUTES", "*/10")
# Rows per sweep batch: beat's run of a sweep publishes one task per id range of this many rows
# (graduates, employers, saved searches, postings, registrations, venues), which the workers share.
SWEEP_BATCH_SIZE = int(os.environ.get("SWEEP_BATCH_SIZE", "1000"))
# Invitations (邀约): how many one employer may send per Asia/Shanghai day, and how many days one
# waits for the graduate's answer before the sweep expires it.
INVITATIONS_PER_EMPLOYER_PER_DAY = int(os.environ.get("INVITATIONS_PER_EMPLOYER_PER_DAY", "50"))
INVITATION_EXPIRY_DAYS = int(os.environ.get("INVITATION_EXPIRY_DAYS", "14"))
# Tests only (the worker-death test): a folder where a sweep's second batch waits to be killed.
SWEEP_TEST_HOLD = os.environ.get("SWEEP_TEST_HOLD", "")
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep": {
        "task": "notifications.task_sweep_outbox",
        "schedule": float(os.environ.get("OUTBOX_SWEEP_SECONDS", "60")),
    },
    "venues-report-reminders": {"task": "venues.task_report_reminders", "schedule": crontab(minute=SWEEP_MINUTES)},
    "venues-report-missing": {"task": "venues.task_report_missing", "schedule": crontab(minute=SWEEP_MINUTES)},
    "fairs-week-opening": {"task": "fairs.task_week_opening", "schedule": crontab(minute=SWEEP_MINUTES)},
    "fairs-week-closing": {"task": "fairs.task_week_closing", "schedule": crontab(minute=SWEEP_MINUTES)},
    # Reminders a day and 15 minutes before booked sessions (fairs.reminders): often enough for the latter.
    "fairs-booking-reminders": {
        "task": "fairs.task_booking_reminders",
        "schedule": crontab(minute=os.environ.get("BOOKING_REMINDER_MINUTES", "*/5")),
    },
    "conversations-unread-messages": {
        "task": "conversations.task_unread_messages",
        "schedule": crontab(minute=os.environ.get("CONVERSATION_AWAY_SWEEP_MINUTES", "*/5")),
    },
    "marketplace-week-digest": {"task": "marketplace.task_week_digest", "schedule": crontab(minute=SWEEP_MINUTES)},
    # Daily, 08:00 Asia/Shanghai: yesterday's new postings for each saved search.
    "marketplace-saved-search-alerts": {
        "task": "marketplace.task_saved_search_alerts",
        "schedule": crontab(hour=8, minute=0),
    },
    # Daily, 09:00 Asia/Shanghai: reminders people read at the start of a working day.
    "marketplace-unanswered-applications": {
        "task": "marketplace.task_unanswered_applications",
        "schedule": crontab(hour=9, minute=0),
    },
    # Applications 48 hours without a decision: each reminded once, within the hour it falls due.
    "marketplace-decision-reminders": {
        "task": "marketplace.task_decision_reminders",
        "schedule": crontab(minute=SWEEP_MINUTES),
    },
    # Hourly at :15: each employer's usual reply time (marketplace.responsiveness), which moves slowly.
    "marketplace-reply-times": {
        "task": "marketplace.task_reply_times",
        "schedule": crontab(minute=os.environ.get("REPLY_TIMES_MINUTES", "15")),
    },
    # The statistics rollup the staff statistics page and downloads read (console.rollup).
    "console-refresh-statistics": {
        "task": "console.task_refresh_statistics",
        "schedule": crontab(minute=os.environ.get("STATISTICS_REFRESH_MINUTES", "*/10")),
    },
    # Hourly at :05, so postings that expired at midnight (Asia/Shanghai) are closed by 00:05.
    "employers-close-expired-postings": {
        "task": "employers.task_close_expired_postings",
        "schedule": crontab(minute=5),
    },
    # Invitations unanswered INVITATION_EXPIRY_DAYS after sending expire (invitations.sweeps).
    "invitations-expire": {"task": "invitations.task_expire_invitations", "schedule": crontab(minute=SWEEP_MINUTES)},
    # Daily, 04:30 Asia/Shanghai: sign-in failure rows past their use, expired API tokens.
    "accounts-prune-sign-in-records": {
        "task": "accounts.task_prune_sign_in_records",
        "schedule": crontab(hour=4, minute=30),
    },
}
# A pending notification older than this is taken over by the sweep (its own task was lost).
OUTBOX_SWEEP_GRACE_SECONDS = int(os.environ.get("OUTBOX_SWEEP_GRACE_SECONDS", "30"))

# --- DRF ---------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Session first: DRF answers "not signed in" with the first class's WWW-Authenticate header; the
    # session has none, so that stays a 403 as before tokens existed.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "recruitment_weeks.accounts.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Keyset pages in the queryset's order (no COUNT): see recruitment_weeks/pagination.py.
    "DEFAULT_PAGINATION_CLASS": "recruitment_weeks.pagination.KeysetCursorPagination",
    # JSON with limits on size and nesting, refusing NUL and lone surrogates (recruitment_weeks/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "recruitment_weeks.parsers.PortalJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 20,
    # One error format for every /api/ error, documented on every operation (recruitment_weeks/api_errors.py).
    "EXCEPTION_HANDLER": "recruitment_weeks.api_errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "recruitment_weeks.api_errors.PortalAutoSchema",
    # Counted in Django's default cache (local memory: per process; with CACHE_URL, one count for every
    # node). Generous: they stop runaway clients, not people; the sign-in lockout is what stops
    # password guessing.
    # Anonymous clients are counted by their address from TRUSTED_PROXIES (below), as the lockout is.
    "DEFAULT_THROTTLE_CLASSES": [
        "recruitment_weeks.accounts.throttling.AnonRateThrottle",
        "recruitment_weeks.accounts.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("THROTTLE_ANON", "600/min"),
        "user": env_rate("THROTTLE_USER", "1200/min"),
        "auth": "20/min",  # every sign-in attempt per address: login page, admin login, token endpoint
        "password_reset": "10/hour",  # "forgot password" requests per client address
        "password_reset_email": "3/hour",  # reset emails per email address (over it: dropped silently)
        "email_verify": "5/hour",  # verification emails per account
        "mobile_verify": "5/hour",  # verification text messages per account
    },
}
# Whom the throttles and the sign-in lockout count (recruitment_weeks/accounts/client.py): the
# connection's address, unless it is one of these proxies; then the first address from the right of
# X-Forwarded-For that is not one of them. Never the header as a client sent it. Addresses or
# networks, comma-separated; with BEHIND_TLS_PROXY the default is the proxy on this host.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1" if env_bool("BEHIND_TLS_PROXY", False) else "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} 不是 IP 地址或网段 / is not an IP address or network"
        ) from None
# An API token is refused (401) this many days after it was issued; sign in again for a new one.
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "30"))
# OpenAPI 3 at /api/schema/, Swagger UI at /api/docs/ from the sidecar's static files (no CDN).
SPECTACULAR_SETTINGS = {
    "TITLE": "全国高校毕业生就业网络联盟招聘周 API",
    "DESCRIPTION": "National Online Recruitment Weeks for College Graduates — /api/v1/",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status"; name each choice set after its model rather than a hash.
    "ENUM_NAME_OVERRIDES": {
        "EmployerStatusEnum": "employers.enums.EmployerStatus",
        "PostingStatusEnum": "employers.enums.PostingStatus",
        "FairRegistrationStatusEnum": "events.enums.FairRegistrationStatus",
        "GraduateStatusEnum": "graduates.enums.GraduateStatus",
        "ApplicationStatusEnum": "graduates.enums.ApplicationStatus",
        "InterviewModeEnum": "graduates.enums.InterviewMode",
        "IndustryEnum": "recruitment_weeks.reference.enums.Industry",
        "SessionKindEnum": "fairs.enums.SessionKind",
        "InvitationStatusEnum": "invitations.enums.InvitationStatus",
        "SessionStatusEnum": "fairs.enums.SessionStatus",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security ------------------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
# No page of the site is framed, not even by the site itself (check --deploy: security.W019).
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"mask_personal_data": {"()": "recruitment_weeks.logging_filters.MaskPersonalData"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_personal_data"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
