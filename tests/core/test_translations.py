"""The English catalogue is complete: every message has a translation and none is fuzzy.

Parsed with plain Python (no gettext tools needed), so CI catches a ``makemessages`` run whose new
strings nobody translated.
"""

import ast
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import translation

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file (obsolete ``#~`` entries skipped); strings are unescaped and joined."""
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal entry
        if entry.msgstr or entry.msgid:
            entries.append(entry)
        entry = Entry()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            current = None
        elif line.startswith("#,"):
            if entry.msgstr:
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            if entry.msgstr and not line.startswith("#~"):
                finish()
        elif line.startswith("msgctxt "):
            if entry.msgstr:
                finish()
            entry.msgctxt = ast.literal_eval(line[len("msgctxt ") :])
            current = ("msgctxt", 0)
        elif line.startswith("msgid_plural "):
            entry.msgid_plural = ast.literal_eval(line[len("msgid_plural ") :])
            current = ("msgid_plural", 0)
        elif line.startswith("msgid "):
            if entry.msgstr:
                finish()
            entry.line = number
            entry.msgid = ast.literal_eval(line[len("msgid ") :])
            current = ("msgid", 0)
        elif line.startswith("msgstr["):
            index = int(line[len("msgstr[") : line.index("]")])
            entry.msgstr[index] = ast.literal_eval(line[line.index("]") + 1 :].strip())
            current = ("msgstr", index)
        elif line.startswith("msgstr "):
            entry.msgstr[0] = ast.literal_eval(line[len("msgstr ") :])
            current = ("msgstr", 0)
        elif line.startswith('"') and current is not None:
            part = ast.literal_eval(line)
            kind, index = current
            if kind == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + part
            elif kind == "msgid":
                entry.msgid += part
            elif kind == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + part
            else:
                entry.msgstr[index] += part
    finish()
    return entries


def test_parse_po_reads_plurals_continuations_and_flags():
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "首页"\nmsgstr "Home"\n\n'
        'msgid "一"\n"二"\nmsgid_plural "%(n)s 条"\nmsgstr[0] "one"\nmsgstr[1] ""\n\n'
        'msgctxt "plural"\nmsgid "会场"\nmsgstr "Venues"\n\n'
        '#~ msgid "旧"\n#~ msgstr ""\n'
    )

    entries = parse_po(text)

    assert [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, e.flags) for e in entries] == [
        (None, "", None, {0: "Language: en\n"}, set()),
        (None, "首页", None, {0: "Home"}, {"fuzzy", "python-format"}),
        (None, "一二", "%(n)s 条", {0: "one", 1: ""}, set()),
        ("plural", "会场", None, {0: "Venues"}, set()),
    ]


def test_english_catalogue_has_a_translation_for_every_message():
    entries = parse_po(PO_FILE.read_text(encoding="utf-8"))

    untranslated = [
        f"line {e.line}: {e.msgid!r}" for e in entries if e.msgid and (not e.msgstr or "" in e.msgstr.values())
    ]

    assert len(entries) > 100
    assert untranslated == []


def test_english_catalogue_has_no_fuzzy_entries():
    entries = parse_po(PO_FILE.read_text(encoding="utf-8"))

    assert [f"line {e.line}: {e.msgid!r}" for e in entries if "fuzzy" in e.flags] == []


def test_english_catalogue_is_compiled_and_loaded():
    with translation.override("en"):
        assert (translation.gettext("首页"), translation.gettext("进行中")) == ("Home", "Open")
        assert (translation.gettext("会场"), translation.pgettext("plural", "会场")) == ("Venue", "Venues")


def test_admin_names_models_and_apps_in_the_plural_in_english(admin_client):
    """Chinese has one word for one and many (用人单位); English needs both, or the admin reads
    "Home › Employer › Employer"."""
    from django.apps import apps

    from employers.models import Employer, JobPosting
    from graduates.models import Application, Graduate
    from venues.models import Venue

    models = (Employer, JobPosting, Graduate, Application, Venue)
    with translation.override("en"):
        assert [str(m._meta.verbose_name_plural) for m in models] == [
            "Employers",
            "Job postings",
            "College graduates",
            "Job applications",
            "Venues",
        ]
        assert [str(m._meta.verbose_name) for m in models] == [
            "Employer",
            "Job posting",
            "College graduate",
            "Job application",
            "Venue",
        ]
        assert str(apps.get_app_config("employers").verbose_name) == "Employers"
    with translation.override("zh-hans"):
        plurals = [str(m._meta.verbose_name_plural) for m in models]
        assert plurals == ["用人单位", "招聘职位", "高校毕业生", "求职申请", "会场"]
        assert str(apps.get_app_config("employers").verbose_name) == "用人单位"

    page = admin_client.get("/admin/employers/employer/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<title>Select Employer to change" in page
    assert '<a href="/admin/employers/">Employers</a>' in page
