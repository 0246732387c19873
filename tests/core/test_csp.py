"""A strict Content-Security-Policy holds only if no template carries inline JS or CSS."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"
TAG = re.compile(r"<[a-zA-Z][^<>]*>")
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)


def template_files() -> list[Path]:
    return sorted(p for p in TEMPLATE_DIR.rglob("*") if p.suffix in {".html", ".txt"})


def inline_code(source: str) -> list[str]:
    found = [m.group(0) for m in INLINE_SCRIPT.finditer(source)]
    found += [m.group(0) for m in STYLE_ELEMENT.finditer(source)]
    found += [m.group(0) for m in JS_URL.finditer(source)]
    for tag in TAG.findall(source):
        if INLINE_HANDLER.search(tag) or STYLE_ATTRIBUTE.search(tag):
            found.append(tag)
    return found


def test_inline_code_detector_finds_each_kind():
    source = '<p style="color:red"><a onclick="x()" href="javascript:x()">x</a><script>x()</script><style>p{}</style>'

    assert inline_code(source) == [
        "<script>",
        "<style",
        "javascript:",
        '<p style="color:red">',
        '<a onclick="x()" href="javascript:x()">',
    ]


def test_templates_have_no_inline_script_style_or_handlers():
    files = template_files()

    offenders = {str(p.relative_to(TEMPLATE_DIR)): inline_code(p.read_text()) for p in files}

    assert len(files) > 20
    assert {name: found for name, found in offenders.items() if found} == {}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "venues:venue_list", "contact", "accounts:login"])
def test_pages_send_a_strict_csp_header(client, name):
    response = client.get(reverse(name))

    policy = dict(
        directive.strip().split(" ", 1) for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert (policy["default-src"], policy["script-src"], policy["style-src"]) == ("'self'", "'self'", "'self'")
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert INLINE_SCRIPT.findall(response.text) == []
    assert STYLE_ATTRIBUTE.findall(response.text) == []
