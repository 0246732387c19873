"""README's table of demo users is the demo data set: every user it loads, with its review status."""

import re
from pathlib import Path

from django.conf import settings

from devtools.demo import EMPLOYERS, GRADUATES, STAFF

README = Path(settings.BASE_DIR) / "README.md"
RANGE = re.compile(r"`(?P<prefix>[a-z-]+?)(?P<first>\d+)` … `(?P=prefix)(?P<last>\d+)`")
NAME = re.compile(r"`(demo-[a-z0-9-]+)`")


def demo_table() -> dict[str, str]:
    """username → the description README gives it, from the table after "the demo users"."""
    text = README.read_text()
    start = text.index("the demo users (password `demo-pass-2020`)")
    rows = {}
    for line in text[start:].splitlines()[1:]:
        if rows and not line.startswith("|"):
            break
        if not line.startswith("| `demo-"):
            continue
        users, description = (cell.strip() for cell in line.strip("|").split("|"))
        names = []
        for match in RANGE.finditer(users):
            prefix = match["prefix"]
            names += [f"{prefix}{n}" for n in range(int(match["first"]), int(match["last"]) + 1)]
        if not names:
            names = NAME.findall(users)
        for name in names:
            assert name not in rows, f"{name} appears twice in README's demo table"
            rows[name] = description
    return rows


def test_readme_lists_every_demo_user_and_no_other():
    assert sorted(demo_table()) == sorted([*STAFF, *EMPLOYERS, *GRADUATES])


def test_readme_gives_each_demo_employer_its_status():
    table = demo_table()
    for username, data in EMPLOYERS.items():
        assert str(data["status"]) in table[username], (username, data["status"], table[username])


def test_readme_counts_the_demo_graduates_by_status():
    table = demo_table()
    statuses = [str(data["status"]) for data in GRADUATES.values()]
    words = {1: "one", 2: "two", 3: "three"}
    for username in GRADUATES:
        for status in set(statuses):
            assert f"{words[statuses.count(status)]} {status}" in table[username]
