"""Announcement bodies: a small, safe subset of HTML (ammonia via nh3) or plain text with line breaks."""

import re

import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "h3", "h4", "blockquote", "table",
                "thead", "tbody", "tr", "th", "td"}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}
MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")


def clean_html(text: str) -> str:
    """Text without markup becomes paragraphs (escaped); markup keeps only the allowed tags and
    attributes — no script, style, event handler or javascript: link survives."""
    text = (text or "").strip()
    if not MARKUP.search(text):
        return linebreaks(text, autoescape=True)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
