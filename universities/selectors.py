"""Reads of the list of universities, shared by the pages, the API and the admin."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from .enums import CareerCentreStatus
from .models import CareerCentreMember, NoticeAcknowledgement, University, UniversityNotice

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


def notice_audience(*, notice: UniversityNotice) -> QuerySet[University]:
    """The universities a notice is addressed to: the province's for a branch venue's, all for a main
    venue's (the venue is loaded with the notice by the callers that list many)."""
    universities = University.objects.all()
    if notice.venue.province_id is not None:
        universities = universities.filter(province_id=notice.venue.province_id)
    return universities


def notice_addresses(*, notice: UniversityNotice, university: University) -> bool:
    return notice.venue.province_id is None or notice.venue.province_id == university.province_id


def notices_for_university(*, university: University) -> QuerySet[UniversityNotice]:
    """The notices addressed to the university, newest first, each with ``acknowledged`` (bool)."""
    acknowledged = Exists(NoticeAcknowledgement.objects.filter(notice=OuterRef("pk"), university=university))
    return (
        UniversityNotice.objects.filter(Q(venue__province__isnull=True) | Q(venue__province=university.province_id))
        .select_related("venue")
        .annotate(acknowledged=acknowledged)
        .order_by("-published_at", "-id")
    )


def notice_acknowledgement_board(*, notice: UniversityNotice) -> tuple[list, list]:
    """(acknowledged, not yet): the addressed universities in province and name order; the first with
    who acknowledged and when. Two queries whatever the number of universities."""
    done = {a.university_id: a for a in notice.acknowledgements.select_related("acknowledged_by").order_by()}
    universities = list(notice_audience(notice=notice).select_related("province").order_by("province__code", "name"))
    acknowledged = [(u, done[u.pk]) for u in universities if u.pk in done]
    waiting = [u for u in universities if u.pk not in done]
    return acknowledged, waiting


def notices_with_counts(queryset: QuerySet[UniversityNotice]) -> QuerySet[UniversityNotice]:
    """Each notice with ``acknowledged_count`` (for the admin's list)."""
    return queryset.annotate(acknowledged_count=Count("acknowledgements", distinct=True))
