"""Reads of employers and postings that encode the portal's visibility rules."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from graduates.enums import ApplicationStatus
from graduates.models import Application
from venues.models import Venue

from .enums import EmployerStatus, PostingStatus
from .models import Employer, JobPosting
from .permissions import reviewer_venue_q


def public_posting_q(prefix: str = "", today: dt.date | None = None) -> Q:
    """The rule for "visible to the public", usable on any queryset that reaches a posting via ``prefix``
    (e.g. ``"posting__"``): published, not expired (Asia/Shanghai date), employer approved (a suspended
    employer's postings vanish at once because this is checked on every read, not copied). ``today``:
    the caller's Asia/Shanghai date, when it needs the date as a value of its own."""
    return Q(
        **{
            f"{prefix}status": PostingStatus.PUBLISHED,
            f"{prefix}valid_until__gte": today or timezone.localdate(),
            f"{prefix}employer__status": EmployerStatus.APPROVED,
        }
    )


def postings_public(today: dt.date | None = None) -> QuerySet[JobPosting]:
    """Every posting anyone may see, with its employer and province joined."""
    return JobPosting.objects.filter(public_posting_q(today=today)).select_related("employer", "province")


def posting_is_public(posting: JobPosting) -> bool:
    return postings_public().filter(pk=posting.pk).exists()


def postings_of(*, employer: Employer) -> QuerySet[JobPosting]:
    """An employer's own postings, every status (its workspace)."""
    return JobPosting.objects.filter(employer=employer).select_related("province").order_by("-updated_at", "-id")


# --- The employer's workspace ------------------------------------------------------------------------
# Every read below is scoped to one employer: another employer's ids simply are not found (404).


def postings_with_counts(*, employer: Employer) -> QuerySet[JobPosting]:
    """The employer's postings with how many applications each has and how many are still unread."""
    return postings_of(employer=employer).annotate(
        application_count=Count("applications"),
        unread_count=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)),
    )


def posting_of(*, employer: Employer, pk: int) -> JobPosting | None:
    return postings_of(employer=employer).prefetch_related("disciplines").filter(pk=pk).first()


def published_postings_of(*, employer: Employer) -> QuerySet[JobPosting]:
    """What an employer may show at a fair."""
    return JobPosting.objects.filter(employer=employer, status=PostingStatus.PUBLISHED).order_by("title", "id")


def applications_of(*, employer: Employer, posting_id: int | None = None) -> QuerySet[Application]:
    """Applications to the employer's postings (optionally one posting), newest first, with the
    graduate joined; withdrawn ones included (they say so) so the history is complete."""
    qs = Application.objects.filter(posting__employer=employer).select_related(
        "posting", "graduate", "graduate__discipline"
    )
    if posting_id is not None:
        qs = qs.filter(posting_id=posting_id)
    return qs.order_by("-created_at", "-id")


def application_of(*, employer: Employer, pk: int) -> Application | None:
    return (
        applications_of(employer=employer)
        .select_related("graduate__university_province", "graduate__user")
        .prefetch_related("graduate__preferred_provinces")
        .filter(pk=pk)
        .first()
    )


def employer_summary(*, employer: Employer) -> dict[str, int]:
    """Counts for the workspace's front page, in one query."""
    return JobPosting.objects.filter(employer=employer).aggregate(
        drafts=Count("id", filter=Q(status=PostingStatus.DRAFT), distinct=True),
        published=Count("id", filter=Q(status=PostingStatus.PUBLISHED), distinct=True),
        closed=Count("id", filter=Q(status=PostingStatus.CLOSED), distinct=True),
        unread=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)),
    )


# --- Reviewers -------------------------------------------------------------------------------------------


def employers_reviewable_by(*, user) -> QuerySet[Employer]:
    """Employers whose reviewing venue ``user`` works for (or its system's main venue); all for a
    superuser; none for anyone else."""
    qs = Employer.objects.select_related("province", "reviewing_venue").order_by("-submitted_at", "-id")
    if not (user.is_authenticated and user.is_active and (user.is_superuser or user.is_staff)):
        return qs.none()
    if user.is_superuser:
        return qs
    # The user's venues (a handful of rows) as the subquery, not the employers they review: the
    # newest-first pages then walk employer_submitted_idx and stop after one page.
    return qs.filter(reviewing_venue__in=Venue.objects.filter(reviewer_venue_q(user, "")).values("pk"))
