"""Reads of the list of universities, shared by the pages, the API and the admin."""

from django.db.models import Q, QuerySet

from .enums import CareerCentreStatus
from .models import CareerCentreMember, University

SEARCH_LIMIT = 20


def universities_matching(*, query: str, limit: int = SEARCH_LIMIT) -> QuerySet[University]:
    """Universities whose name contains ``query`` or whose code starts with it, name order; at most
    ``limit`` (the picker shows a short list while the graduate types)."""
    query = (query or "").strip()[:100]
    queryset = University.objects.select_related("province").order_by("name")
    if query:
        queryset = queryset.filter(Q(name__icontains=query) | Q(code__startswith=query))
    return queryset[:limit]


def career_centre_of(user) -> CareerCentreMember | None:
    """The user's career-centre membership, approved or not (None for anyone else)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.career_centre  # loaded with the user by the auth backend (no query)
    except CareerCentreMember.DoesNotExist:
        return None


def approved_career_centre_of(user) -> CareerCentreMember | None:
    """The membership if its review passed: only then does the member act for the university."""
    member = career_centre_of(user)
    return member if member is not None and member.status == CareerCentreStatus.APPROVED else None


def universities_with_career_centre() -> QuerySet[University]:
    """Universities with at least one approved career-centre member (they confirm their own graduates)."""
    return University.objects.filter(career_centre_members__status=CareerCentreStatus.APPROVED).distinct()
