"""Every transactional test restores the database it found (serialized_rollback).

A transactional test without it ends with a flush that runs post_migrate, which writes the content
types and permissions again; the next serialized test then loads its saved copy of them on top and
fails on their unique keys (on PostgreSQL) — every such test after it, in whatever order they run."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent


def test_every_transactional_test_uses_serialized_rollback():
    offenders = [
        f"{path.relative_to(TESTS)}:{number}"
        for path in TESTS.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"django_db\([^)]*transaction=True", line) and "serialized_rollback=True" not in line
    ]
    assert offenders == []
