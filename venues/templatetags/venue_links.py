from django import template

register = template.Library()


@register.filter
def display_url(url: str) -> str:
    """'https://www.ncss.cn/' → 'www.ncss.cn': addresses shown the way the notice prints them."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = url[len(scheme) :]
            break
    return url.rstrip("/")
