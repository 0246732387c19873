"""Reads of employers and postings that encode the portal's visibility rules."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from .enums import EmployerStatus, PostingStatus
from .models import Employer, JobPosting


def public_posting_q(prefix: str = "") -> Q:
    """The rule for "visible to the public", usable on any queryset that reaches a posting via ``prefix``
    (e.g. ``"posting__"``): published, not expired (Asia/Shanghai date), employer approved (a suspended
    employer's postings vanish at once because this is checked on every read, not copied)."""
    return Q(
        **{
            f"{prefix}status": PostingStatus.PUBLISHED,
            f"{prefix}valid_until__gte": timezone.localdate(),
            f"{prefix}employer__status": EmployerStatus.APPROVED,
        }
    )


def postings_public() -> QuerySet[JobPosting]:
    """Every posting anyone may see, with its employer and province joined."""
    return JobPosting.objects.filter(public_posting_q()).select_related("employer", "province")


def posting_is_public(posting: JobPosting) -> bool:
    return postings_public().filter(pk=posting.pk).exists()


def postings_of(*, employer: Employer) -> QuerySet[JobPosting]:
    """An employer's own postings, every status (its workspace)."""
    return JobPosting.objects.filter(employer=employer).select_related("province").order_by("-updated_at", "-id")
