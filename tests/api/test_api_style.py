"""One API style: every /api/ endpoint is one DRF view class (APIView or a generic view) per URL,
with a method per operation, routed by an explicit path(); no ViewSet, no router; and no serializer
name means two things."""

import ast
from pathlib import Path

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView
from rest_framework.viewsets import ViewSetMixin


def api_patterns(patterns=None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    """(route, pattern) of every URL pattern under /api/, through every include()."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += api_patterns(pattern.url_patterns, route)
        elif route.startswith("api/"):
            found.append((route, pattern))
    return found


def test_every_api_view_is_one_apiview_per_url_and_no_viewset():
    patterns = api_patterns()
    views = {route: getattr(pattern.callback, "cls", None) for route, pattern in patterns}

    assert len(views) > 40
    assert [route for route, cls in views.items() if not (isinstance(cls, type) and issubclass(cls, APIView))] == []
    assert [route for route, cls in views.items() if issubclass(cls, ViewSetMixin)] == []
    # A router's patterns are regular expressions (^…$) and its views carry an action map.
    assert [route for route, pattern in patterns if hasattr(pattern.callback, "actions")] == []
    assert [route for route, _pattern in patterns if route.startswith("^") or "^" in route] == []


APPS = (
    "recruitment_weeks",
    "events",
    "venues",
    "employers",
    "graduates",
    "marketplace",
    "fairs",
    "invitations",
    "console",
)


def _project_modules() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [path for app in APPS for path in (base / app).rglob("*.py")]


def test_no_module_imports_drf_routers_or_viewsets():
    offenders = []
    for path in _project_modules():
        text = path.read_text()
        if "rest_framework.routers" in text or "rest_framework.viewsets" in text or "import viewsets" in text:
            offenders.append(str(path))
    assert len(_project_modules()) > 50
    assert offenders == []


def test_no_two_api_serializers_share_a_name():
    base = Path(settings.BASE_DIR)
    seen: dict[str, list[str]] = {}
    files = sorted(base.glob("*/api/serializers.py")) + sorted(base.glob("recruitment_weeks/*/api*.py"))
    for path in files:
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef) and node.name.endswith("Serializer"):
                seen.setdefault(node.name, []).append(str(path.relative_to(base)))

    assert len(seen) > 30
    assert {name: paths for name, paths in seen.items() if len(paths) > 1} == {}
