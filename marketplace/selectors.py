"""Reads of the job marketplace that encode its rules: who sees whose contact details, an employer's
applications and counts, a graduate's saved postings."""

from collections.abc import Callable, Iterable

from django.db.models import Count, Q, QuerySet

from employers.enums import PostingStatus
from employers.models import Employer, JobPosting
from employers.selectors import postings_of, public_posting_q
from graduates.enums import ApplicationStatus, GraduateStatus
from graduates.models import Application, Graduate, SavedPosting

# --- Contact details: only employers a graduate applied to (or said yes to) see them ----------------------------

# The other ways a graduate hands an employer their contact details, registered by the apps above the
# marketplace (which it must not import): invitations.contact registers "accepted one of the
# employer's invitations". Each grant takes the employer and answers a subquery of graduate ids.
ContactGrant = Callable[[Employer], QuerySet]
_CONTACT_GRANTS: list[ContactGrant] = []


def register_contact_grant(grant: ContactGrant) -> ContactGrant:
    """Add a grant to the contact rule below (idempotent: an app's ready() may run it again)."""
    if grant not in _CONTACT_GRANTS:
        _CONTACT_GRANTS.append(grant)
    return grant


def _contact_applications(employer: Employer) -> QuerySet[Application]:
    # A withdrawn application takes the permission back: the graduate no longer seeks that job.
    return Application.objects.filter(posting__employer=employer).exclude(status=ApplicationStatus.WITHDRAWN)


def _contact_graduates(employer: Employer) -> QuerySet[Graduate]:
    """The graduates whose contact details the employer may see: the one rule, as one query's filter."""
    granted = Q(pk__in=_contact_applications(employer).values("graduate_id"))
    for grant in _CONTACT_GRANTS:
        granted |= Q(pk__in=grant(employer))
    return Graduate.objects.filter(granted)


def employer_may_see_contact(*, employer: Employer | None, graduate: Graduate | None) -> bool:
    """May this employer see this graduate's contact details (mobile, email, PDF résumé)? Only if the
    graduate applied to one of the employer's postings (and has not withdrawn that application), or
    granted it another registered way (accepted one of the employer's invitations)."""
    if employer is None or graduate is None:
        return False
    return _contact_graduates(employer).filter(pk=graduate.pk).exists()


def graduate_ids_with_contact_for(*, employer: Employer | None, graduate_ids: Iterable[int]) -> set[int]:
    """The same rule for a whole list in one query: which of these graduates the employer may contact."""
    ids = [pk for pk in graduate_ids if pk is not None]
    if employer is None or not ids:
        return set()
    return set(_contact_graduates(employer).filter(pk__in=ids).values_list("pk", flat=True))


def graduate_visible_to_employer(*, employer: Employer | None, graduate: Graduate) -> bool:
    """May the employer read the graduate's job-seeking information (profile, structured résumé)?
    Approved employers see approved graduates who chose to be visible, and anyone who applied to them."""
    if employer is None or employer.status != "approved":
        return False
    if graduate.status == GraduateStatus.APPROVED and graduate.visible_to_employers:
        return True
    return employer_may_see_contact(employer=employer, graduate=graduate)


# --- An employer's applications ------------------------------------------------------------------


def postings_with_counts(*, employer: Employer) -> QuerySet[JobPosting]:
    """The employer's postings with how many applications each has and how many are still unread."""
    return postings_of(employer=employer).annotate(
        application_count=Count("applications"),
        unread_count=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)),
    )


def employer_applications(*, employer: Employer, posting_id: int | None = None) -> QuerySet[Application]:
    """Applications to the employer's postings (optionally one posting), newest first, with the
    graduate joined; withdrawn ones included (they say so) so the history is complete."""
    qs = Application.objects.filter(posting__employer=employer).select_related(
        "posting", "graduate", "graduate__discipline"
    )
    if posting_id is not None:
        qs = qs.filter(posting_id=posting_id)
    return qs.order_by("-created_at", "-id")


def employer_applications_in_full(*, employer: Employer) -> QuerySet[Application]:
    """employer_applications() with what one application's page shows of the graduate: the account
    and the preferred provinces."""
    return (
        employer_applications(employer=employer)
        .select_related("graduate__user")
        .prefetch_related("graduate__preferred_provinces")
    )


def employer_application(*, employer: Employer, pk: int) -> Application | None:
    return (
        employer_applications(employer=employer)
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


# --- A graduate's applications and saved postings ---------------------------------------------------


def application_for_posting(*, graduate: Graduate | None, posting: JobPosting) -> Application | None:
    if graduate is None:
        return None
    return Application.objects.filter(graduate=graduate, posting=posting).first()


def saved_postings_of(*, graduate: Graduate) -> QuerySet[SavedPosting]:
    """Saved postings that are still public (a closed or expired one drops out of the list)."""
    return (
        SavedPosting.objects.filter(graduate=graduate)
        .filter(public_posting_q("posting__"))
        .select_related("posting__employer", "posting__province")
        .order_by("-created_at", "-id")
    )
