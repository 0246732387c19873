from django import template
from django.utils.safestring import mark_safe

from venues import sanitize

register = template.Library()


@register.filter
def display_url(url: str) -> str:
    """'https://www.ncss.cn/' → 'www.ncss.cn': addresses shown the way the notice prints them."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = url[len(scheme) :]
            break
    return url.rstrip("/")


@register.filter
def clean_html(html: str) -> str:
    """An announcement body, cleaned once more at render time (venues.sanitize), marked safe."""
    return mark_safe(sanitize.clean_html(html))
