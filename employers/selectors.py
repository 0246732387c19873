"""Reads of employers and postings that encode the portal's visibility rules."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from recruitment_weeks.reference.models import Discipline
from venues.permissions import managed_venues_subquery

from .enums import EmployerStatus, MemberRole, PostingStatus
from .models import Employer, EmployerMember, JobPosting


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


def expired_postings(today: dt.date) -> QuerySet[JobPosting]:
    """Published postings whose validity ended before ``today`` (Asia/Shanghai): the expiry sweep's rows."""
    return JobPosting.objects.filter(status=PostingStatus.PUBLISHED, valid_until__lt=today)


def posting_is_public(posting: JobPosting) -> bool:
    return postings_public().filter(pk=posting.pk).exists()


def postings_of(*, employer: Employer) -> QuerySet[JobPosting]:
    """An employer's own postings, every status (its workspace)."""
    return JobPosting.objects.filter(employer=employer).select_related("province").order_by("-updated_at", "-id")


# --- The employer's workspace ------------------------------------------------------------------------
# Every read below is scoped to one employer: another employer's ids simply are not found (404).


def posting_of(*, employer: Employer, pk: int) -> JobPosting | None:
    return postings_of(employer=employer).prefetch_related("disciplines").filter(pk=pk).first()


def published_postings_of(*, employer: Employer) -> QuerySet[JobPosting]:
    """What an employer may show at a fair."""
    return JobPosting.objects.filter(employer=employer, status=PostingStatus.PUBLISHED).order_by("title", "id")


# --- Reviewers -------------------------------------------------------------------------------------------


def employers_reviewable_by(*, user, status: str | None = None) -> QuerySet[Employer]:
    """Employers whose reviewing venue ``user`` works for (or its system's main venue); all for a
    superuser; none for anyone else. ``status`` narrows them to one review status."""
    qs = Employer.objects.select_related("province", "reviewing_venue").order_by("-submitted_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if not (user.is_authenticated and user.is_active and (user.is_superuser or user.is_staff)):
        return qs.none()
    if user.is_superuser:
        return qs
    # The user's venues (a handful of rows) as the subquery, not the employers they review: the
    # newest-first pages then walk employer_submitted_idx and stop after one page.
    return qs.filter(reviewing_venue__in=managed_venues_subquery(user))


def with_disciplines(qs: QuerySet[JobPosting]) -> QuerySet[JobPosting]:
    return qs.prefetch_related(Prefetch("disciplines", queryset=Discipline.objects.order_by("code")))


def team_of(*, employer: Employer) -> QuerySet[EmployerMember]:
    """The employer's team, earliest member first, each with its account (one query)."""
    return EmployerMember.objects.filter(employer=employer).select_related("user").order_by("created_at", "id")


def team_recipients(*, employer: Employer, administrators_only: bool = False) -> list:
    """Whom a notice meant for "the employer" goes to: every member (applications, sessions), or its
    administrators only (its account and review matters), as accounts in ``team_recipient_ids``'
    order."""
    ids = team_recipient_ids(employer_ids=[employer.pk], administrators_only=administrators_only)[employer.pk]
    accounts = get_user_model().objects.in_bulk(ids)
    return [accounts[pk] for pk in ids]


def team_recipient_ids(*, employer_ids: Iterable[int], administrators_only: bool = False) -> dict[int, list[int]]:
    """Whom a notice meant for each employer goes to, as account ids (a sweep's batch): employer id →
    its members' (or administrators') account ids in the order they joined. The account that
    registered the employer if that set is somehow empty, so a notice is never lost. One query, and
    one more only for such an employer."""
    wanted = set(employer_ids)
    teams: dict[int, list[int]] = {}
    members = EmployerMember.objects.filter(employer_id__in=wanted).order_by("id")
    if administrators_only:
        members = members.filter(role=MemberRole.ADMINISTRATOR)
    for employer_id, user_id in members.values_list("employer_id", "user_id"):
        teams.setdefault(employer_id, []).append(user_id)
    if missing := wanted - teams.keys():
        teams.update(
            (pk, [user_id]) for pk, user_id in Employer.objects.filter(pk__in=missing).values_list("pk", "user_id")
        )
    return teams
