"""Who may do what across employers and graduates: named predicates used by the pages and the API alike."""

from employers.enums import EmployerStatus
from employers.models import JobPosting
from employers.permissions import employer_of
from graduates.models import Graduate
from graduates.selectors import graduate_of

from .selectors import employer_may_see_contact


def may_download_resume(user, graduate: Graduate) -> bool:
    """The graduate themself, or an employer the graduate applied to."""
    own = graduate_of(user)
    if own is not None:
        return own.pk == graduate.pk
    return employer_may_see_contact(employer=employer_of(user), graduate=graduate)


def may_see_posting_matches(user, posting: JobPosting) -> bool:
    """Only the posting's own employer, and only while approved, sees the graduates that fit it."""
    employer = employer_of(user)
    return employer is not None and employer.pk == posting.employer_id and employer.status == EmployerStatus.APPROVED
