"""No English inside Chinese pages: every page (public, each role's workspace, the admin's index,
changelists, add and change forms) rendered in zh-hans shows none of the English strings that a
catalog translates — Django's, the admin's and auth's, DRF's (their msgids with a zh-hans
translation), and ours (the English of our own messages). An English string on a zh-hans page is a
message that missed its translation (Django's "- Select an option -" was one on every drop-down).
"""

import contextlib
import gettext
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
import rest_framework
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.core.test_translations import PO_FILE, parse_po

pytestmark = pytest.mark.django_db

DJANGO = Path(django.__file__).parent
# Django's English catalogs list every message Django has (translated into Chinese or not yet: Django's
# "- Select an option -" had no zh-hans translation); DRF ships compiled catalogs only, so its
# messages are those its zh-hans catalog translates.
DJANGO_CATALOGS = [
    DJANGO / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "admin" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "auth" / "locale" / "en" / "LC_MESSAGES" / "django.po",
]
DRF_CATALOG = Path(rest_framework.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
# Words that are English in every language: the language switcher names English in English; names
# of products and formats.
ALLOWED = {"English", "Excel", "Email", "Django", "Swagger"}
# English that is data, not a message: the disciplines' English names (a column of their own), and
# Django's permission names, which it stores in English (auth.Permission.name) in the group and user forms.
DATA = {
    "/admin/reference/discipline/": {"Education", "History"},
    "/admin/auth/group/add/": {"Token", "content type", "group", "log entry", "permission", "user"},
    "/admin/accounts/user/<id>/change/": {"Token", "content type", "group", "log entry", "permission", "user"},
}
PLACEHOLDER = re.compile(r"%(\([^)]*\))?[sdif]|\{[^}]*\}")


def _usable(text: str) -> str | None:
    """The whole string as it would appear on a page, if it is a fixed English text worth looking
    for: no placeholders, some letters, not one of the ALLOWED words, at least four letters."""
    text = " ".join(text.split())
    if not text or PLACEHOLDER.search(text) or not re.search(r"[A-Za-z]{2}", text):
        return None
    if re.search(r"[\u4e00-\u9fff]", text) or text in ALLOWED or len(re.sub(r"[^A-Za-z]", "", text)) < 4:
        return None
    return text


@cache
def english_strings() -> tuple[str, ...]:
    found = set()
    for path in DJANGO_CATALOGS:
        for entry in parse_po(path.read_text()):
            for msgid in (entry.msgid, entry.msgid_plural):
                if msgid and (text := _usable(msgid)):
                    found.add(text)
    with DRF_CATALOG.open("rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog
    for key, translated in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid and translated and translated != msgid and (text := _usable(msgid)):
            found.add(text)
    for entry in parse_po(PO_FILE.read_text()):
        for translated in entry.msgstr.values():
            if entry.msgid and translated and translated != entry.msgid and (text := _usable(translated)):
                found.add(text)
    return tuple(sorted(found, key=len, reverse=True))


@cache
def english_pattern() -> re.Pattern:
    words = "|".join(re.escape(s) for s in english_strings())
    return re.compile(r"(?<![\w@.-])(?:" + words + r")(?![\w@.-])")  # not inside a username or address


class _Visible(HTMLParser):
    """The text people read: element text (options included) and the attributes read aloud or shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style", "template")
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label", "alt") and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style", "template")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def english_in(html: bytes) -> list[str]:
    parser = _Visible()
    parser.feed(html.decode())
    text = " ".join(" ".join(parser.parts).split())
    return sorted(set(english_pattern().findall(text)))


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def admin_pages() -> list[str]:
    """The index, and for every registered model its changelist, add form and first object's form."""
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        for name, args in (("changelist", []), ("add", [])):
            with contextlib.suppress(NoReverseMatch):
                pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
    return pages


def role_pages(world) -> dict[str, tuple[Client, list[str]]]:
    employer, graduate = world.approved_a, world.application_a.graduate
    public = [
        reverse("home"),
        reverse("jobs:search"),
        reverse("jobs:detail", args=[world.posting_a.pk]),
        reverse("employers:register"),
        reverse("graduates:register"),
        reverse("accounts:login"),
        reverse("contact"),
    ]
    return {
        "public": (Client(HTTP_ACCEPT_LANGUAGE="zh-hans"), public),
        "employer": (
            signed_in(employer.user),
            [
                reverse("employers:dashboard"),
                reverse("employers:profile"),
                reverse("employers:posting_list"),
                reverse("employers:posting_create"),
                reverse("employers:posting_edit", args=[world.posting_a.pk]),
                reverse("employers:application_list", args=[world.posting_a.pk]),
                reverse("employers:application_detail", args=[world.application_a.pk]),
                reverse("notifications:inbox"),
            ],
        ),
        "graduate": (
            signed_in(graduate.user),
            [
                reverse("graduates:dashboard"),
                reverse("graduates:profile"),
                reverse("graduates:application_list"),
                reverse("graduates:application_detail", args=[world.application_a.pk]),
                reverse("graduates:recommended"),
                reverse("graduates:saved_postings"),
                reverse("graduates:saved_searches"),
                reverse("graduates:account_delete"),
            ],
        ),
        "venue staff": (signed_in(world.users["staff_a"]), admin_pages()),
        "superuser": (signed_in(world.users["superuser"]), admin_pages()),
    }


def test_the_catalogs_give_english_strings_to_look_for():
    strings = english_strings()
    assert "- Select an option -" in strings  # Django's
    assert "Save and continue editing" in strings  # the admin's
    assert "Authentication credentials were not provided." in strings  # DRF's
    assert "Choose a recruitment week" in strings  # ours


def test_no_page_in_zh_hans_shows_an_english_string_a_catalog_translates(world):
    assert settings.LANGUAGE_CODE == "zh-hans"
    found = {}
    for role, (client, pages) in role_pages(world).items():
        for page in pages:
            response = client.get(page)
            if page.startswith("/admin/") and response.status_code in (403, 404):
                continue  # a form this role is not offered (an audit entry is never added by hand)
            assert response.status_code == 200, (role, page, response.status_code)
            if english := sorted(set(english_in(response.content)) - DATA.get(re.sub(r"/\d+/", "/<id>/", page), set())):
                found[f"{role} {page}"] = english
    assert found == {}, "\n".join(f"{page}: {english}" for page, english in found.items())
