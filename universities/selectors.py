"""Reads of the list of universities, shared by the pages, the API and the admin."""

from django.db.models import Q, QuerySet

from .models import University

SEARCH_LIMIT = 20


def universities_matching(*, query: str, limit: int = SEARCH_LIMIT) -> QuerySet[University]:
    """Universities whose name contains ``query`` or whose code starts with it, name order; at most
    ``limit`` (the picker shows a short list while the graduate types)."""
    query = (query or "").strip()[:100]
    queryset = University.objects.select_related("province").order_by("name")
    if query:
        queryset = queryset.filter(Q(name__icontains=query) | Q(code__startswith=query))
    return queryset[:limit]
