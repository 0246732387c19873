"""Every PostgreSQL session of the portal runs without JIT and reads bitmap heap scans ahead
(DB_EFFECTIVE_IO_CONCURRENCY): read back from the server, on the connection Django opened."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="session options are PostgreSQL's"),
]


def show(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_the_session_has_no_jit_and_reads_ahead():
    assert settings.DB_EFFECTIVE_IO_CONCURRENCY == 200
    assert show("jit") == "off"
    assert show("effective_io_concurrency") == "200"


def test_the_read_ahead_follows_its_variable(monkeypatch):
    monkeypatch.setenv("DB_EFFECTIVE_IO_CONCURRENCY", "32")
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SHOW effective_io_concurrency'); print(c.fetchone()[0])\n"
    )
    env_out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    assert env_out.stdout.strip() == "32"
