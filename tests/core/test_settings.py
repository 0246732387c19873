"""Importing the settings only reads: var/ is made by what needs it (scripts/run-portal, the Celery app).

The settings are imported in a fresh subprocess, so the environment (VAR_DIR, DEBUG, SECRET_KEY) is the
one each test gives, not the test process's own.
"""

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from recruitment_weeks.celery import PortalCelery
from tests.support.servers import free_port

ROOT = Path(settings.BASE_DIR)
# Variables that would point the settings away from the defaults under VAR_DIR (or at CI's services).
CLEARED = [
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "EMAIL_BACKEND",
    "EMAIL_FILE_PATH",
    "STATIC_ROOT",
    "PRIVATE_MEDIA_ROOT",
]

IMPORT_SETTINGS = """
import json
import recruitment_weeks.settings as s
print(json.dumps({
    "var_dir": str(s.VAR_DIR),
    "secret_key": s.SECRET_KEY,
    "database": s.DATABASES["default"]["NAME"],
    "broker_in": s.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"],
    "mail": s.MAILERS["default"]["OPTIONS"]["file_path"],
}))
"""

# A whole Django process start, as a management command or the web server does: apps loaded, the
# Celery app configured (no connection made).
SETUP_DJANGO = """
import django
django.setup()
from django.conf import settings
from recruitment_weeks import celery_app
assert celery_app.conf.broker_url == "filesystem://", celery_app.conf.broker_url
print(settings.VAR_DIR)
"""


def run_python(code: str, var_dir: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ.update(VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="recruitment_weeks.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def test_importing_settings_creates_no_folder_or_file(tmp_path):
    var_dir = tmp_path / "var"

    result = run_python(IMPORT_SETTINGS, var_dir, SECRET_KEY="settings-test")

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    # The settings did use the VAR_DIR given (SQLite, the filesystem broker, mail all point into it) ...
    assert values == {
        "var_dir": str(var_dir),
        "secret_key": "settings-test",
        "database": str(var_dir / "db.sqlite3"),
        "broker_in": str(var_dir / "celery" / "out"),
        "mail": str(var_dir / "mail"),
    }
    # ... and made none of it.
    assert var_dir.exists() is False
    assert list(tmp_path.iterdir()) == []


def test_django_setup_creates_no_folder_or_file(tmp_path):
    var_dir = tmp_path / "var"

    result = run_python(SETUP_DJANGO, var_dir, SECRET_KEY="settings-test")

    assert (result.returncode, result.stdout.strip()) == (0, str(var_dir)), result.stderr
    assert var_dir.exists() is False


def test_debug_without_secret_key_or_key_file_is_a_clear_error_when_the_key_is_used(tmp_path):
    """Commands that sign nothing (makemigrations --check, migrate) run without a key; the first use
    of the key is the clear error."""
    var_dir = tmp_path / "var"

    imported = run_python("import recruitment_weeks.settings", var_dir, DEBUG="1")
    result = run_python("import recruitment_weeks.settings as s; str(s.SECRET_KEY)", var_dir, DEBUG="1")

    assert imported.returncode == 0, imported.stderr

    assert result.returncode == 1
    assert "ImproperlyConfigured" in result.stderr
    assert f"SECRET_KEY is not set and {var_dir / 'secret_key'} is missing or empty" in result.stderr
    assert var_dir.exists() is False


def test_debug_without_secret_key_reads_the_key_file(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    (var_dir / "secret_key").write_text("key-from-the-file\n")

    result = run_python(IMPORT_SETTINGS, var_dir, DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["secret_key"] == "key-from-the-file"
    assert sorted(p.name for p in var_dir.iterdir()) == ["secret_key"]


def test_secret_key_is_required_without_debug_even_with_a_key_file(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    (var_dir / "secret_key").write_text("key-from-the-file\n")

    result = run_python(IMPORT_SETTINGS, var_dir, DEBUG="0")

    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


# --- The Celery app makes the filesystem broker's folders when it connects -----------------------------


def filesystem_options(base: Path) -> dict:
    return {
        "data_folder_in": str(base / "out"),
        "data_folder_out": str(base / "out"),
        "processed_folder": str(base / "processed"),
        "control_folder": str(base / "control"),
        "store_processed": False,
    }


@pytest.fixture
def fresh_app(tmp_path, monkeypatch):
    """A Celery app like the portal's, on the filesystem transport under tmp_path/celery (not yet made)."""
    for name in ("CELERY_BROKER_URL", "CELERY_BROKER_READ_URL", "CELERY_BROKER_WRITE_URL"):
        monkeypatch.delenv(name, raising=False)
    app = PortalCelery("settings-test", set_as_current=False)
    app.conf.broker_url = "filesystem://"
    app.conf.broker_transport_options = filesystem_options(tmp_path / "celery")
    return app


def test_filesystem_broker_folders_are_made_on_connection_and_carry_a_message(fresh_app, tmp_path):
    base = tmp_path / "celery"
    assert base.exists() is False  # configuring the app made nothing

    with fresh_app.connection_for_write() as conn:
        assert sorted(p.name for p in base.iterdir()) == ["control", "out", "processed"]
        queue = conn.SimpleQueue("settings-test")
        queue.put({"n": 1})
        queue.close()
    with fresh_app.connection_for_read() as conn:
        queue = conn.SimpleQueue("settings-test")
        message = queue.get(timeout=5)
        message.ack()
        queue.close()

    assert message.payload == {"n": 1}


def test_read_connection_and_explicit_url_make_the_folders_too(fresh_app, tmp_path):
    other = tmp_path / "other"

    fresh_app.connection_for_read()  # a worker's first connection
    fresh_app.connection_for_write("filesystem://", transport_options=filesystem_options(other))

    assert sorted(p.name for p in (tmp_path / "celery").iterdir()) == ["control", "out", "processed"]
    assert sorted(p.name for p in other.iterdir()) == ["control", "out", "processed"]


def test_no_folders_for_another_broker(fresh_app, tmp_path):
    # A connection object is lazy: nothing is contacted, and nothing is made for Redis.
    fresh_app.connection_for_write("redis://127.0.0.1:1/0")
    fresh_app.connection_for_read("redis://127.0.0.1:1/0")

    assert list(tmp_path.iterdir()) == []


# --- scripts/run-portal makes var/ and the secret key ---------------------------------------------------


@pytest.mark.skipif(not (ROOT / ".venv/bin/python").exists(), reason="scripts/run-portal runs .venv/bin/python")
def test_run_portal_starts_on_a_fresh_var_dir(tmp_path):
    """`make run`'s script on a VAR_DIR that does not exist yet: SQLite and the filesystem broker, never
    CI's PostgreSQL or Redis (their URLs are not passed on)."""
    var_dir = tmp_path / "var"
    port = free_port()
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(VAR_DIR=str(var_dir), PORT=str(port), HOST="127.0.0.1", DEMO="0", LOG_LEVEL="WARNING")
    log = tmp_path / "run-portal.log"
    proc = subprocess.Popen(
        ["scripts/run-portal"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, killed whole if it does not stop in time
    )
    try:
        status, deadline = None, time.monotonic() + 180
        while status is None:
            assert proc.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    status = response.status
            except OSError:
                time.sleep(0.5)
        # The worker connects on its own schedule: wait for it to have made the broker's folders.
        while not (var_dir / "celery" / "control").exists():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.5)
    finally:
        # The script's own stop (its TERM trap stops web, worker and beat one by one). Not the whole
        # group: a worker's pool children killed under it can leave the worker stuck at exit.
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)

    assert status == 200
    key_file = var_dir / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) >= 50
    assert {"admin-password", "celery", "db.sqlite3", "secret_key"} <= {p.name for p in var_dir.iterdir()}
    assert sorted(p.name for p in (var_dir / "celery").iterdir()) == ["control", "out", "processed"]


COOKIE_FLAGS = """
import json
import recruitment_weeks.settings as s
print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE]))
"""


@pytest.mark.parametrize(
    ("env", "secure"),
    [
        ({"SECRET_KEY": "settings-test"}, True),  # production: DEBUG off
        ({"SECRET_KEY": "settings-test", "DEBUG": "1"}, False),  # `make run` over plain HTTP
        ({"SECRET_KEY": "settings-test", "DEBUG": "1", "SECURE_COOKIES": "1"}, True),
        ({"SECRET_KEY": "settings-test", "SECURE_COOKIES": "0"}, False),
    ],
)
def test_language_cookie_is_secure_exactly_when_the_session_cookie_is(tmp_path, env, secure):
    result = run_python(COOKIE_FLAGS, tmp_path / "var", **env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [secure, secure, secure]


# --- The links in emails name the port the local server listens on -----------------------------------

SITE_URL_CODE = "import recruitment_weeks.settings as s; print(s.SITE_URL)"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({"PORT": "8123", "SITE_URL": "https://zph.example.cn/"}, "https://zph.example.cn"),
    ],
)
def test_site_url_follows_the_port_unless_set(tmp_path, env, expected):
    environ = {"PORT": "", "SITE_URL": "", **env}

    result = run_python(SITE_URL_CODE, tmp_path / "var", SECRET_KEY="settings-test", **environ)

    assert (result.returncode, result.stdout.strip()) == (0, expected), result.stderr


def test_run_portal_exports_the_port_it_serves_on():
    """The worker and web server scripts/run-portal starts read SITE_URL from the same PORT."""
    script = (ROOT / "scripts" / "run-portal").read_text()

    assert 'PORT="${PORT:-8000}"\n' in script
    assert "\nexport PORT\n" in script
    assert script.index("export PORT") < script.index("celery -A recruitment_weeks worker")
