"""A database created and filled by the previous layout of the code migrates forward with nothing lost.

The packages were reorganised into layers (marketplace, fairs, console, devtools); models stayed with
their apps, so every table keeps its name. This test proves it on real data: it unpacks the last
commit of the previous layout, lets that code migrate a fresh SQLite database and load the notice's
data and the demo set, then migrates the same file with today's code and compares every table's row
count and rows (the columns the old table had).
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# The last commit of the previous layout (before marketplace/, fairs/, console/ and devtools/).
PREVIOUS_LAYOUT = "fc4a1c5925ae4852156dcdc138137fa7037b24f7"


def _manage(cwd: Path, env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=600)


# Tables a new model adds rows to; every row they had must still be there, unchanged.
GROWS_WITH_NEW_MODELS = {"auth_permission", "django_content_type"}


def _snapshot(db: Path) -> dict[str, tuple[list[str], int, list[tuple]]]:
    """{table: (columns, row count, every row ordered by its columns)} for the project's tables."""
    with sqlite3.connect(db) as conn:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            if not name.startswith("sqlite_") and name != "django_migrations"
        ]
        out = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            out[table] = (columns, *_rows(conn, table, columns))
        return out


def _rows(conn, table: str, columns: list[str]) -> tuple[int, list[tuple]]:
    quoted = ", ".join(f'"{c}"' for c in columns)
    rows = conn.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {quoted}').fetchall()
    return len(rows), rows


@pytest.mark.slow
def test_database_of_the_previous_layout_migrates_forward(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    archive = subprocess.run(["git", "archive", PREVIOUS_LAYOUT], cwd=REPO, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    db = tmp_path / "db.sqlite3"
    var = tmp_path / "var"
    var.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "VAR_DIR": str(var),
        "SECRET_KEY": "forward-migration-test",
        "DEBUG": "1",
        "DEV_TOOLS": "1",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "EMAIL_BACKEND": "console",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_TEST_TEMPLATE", None)

    _manage(old, env, "migrate", "--no-input")
    _manage(old, env, "load_notice_data")
    _manage(old, env, "load_demo_data")
    before = _snapshot(db)

    _manage(REPO, env, "migrate", "--no-input")
    after = _snapshot(db)

    filled = ["employers_employer", "employers_jobposting", "events_fairregistration", "events_recruitmentweek"]
    filled += ["graduates_application", "graduates_graduate", "venues_venue"]
    assert [table for table in filled if before[table][1] == 0] == []  # the demo set really is there
    missing = sorted(set(before) - set(after))
    assert missing == []
    changed = []
    with sqlite3.connect(db) as conn:
        for table, (columns, count, rows) in before.items():
            # Only the columns the old table had: a new column may be added (and backfilled) forward.
            now_count, now_rows = _rows(conn, table, columns)
            if table in GROWS_WITH_NEW_MODELS:  # a new model adds its content type and permissions
                if not set(rows) <= set(now_rows):
                    changed.append((table, count, now_count))
            elif (now_count, now_rows) != (count, rows):
                changed.append((table, count, now_count))
    assert changed == []
