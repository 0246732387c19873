"""Who may do what with graduates' data: named predicates used by the pages and the API alike."""

from employers.enums import EmployerStatus
from employers.models import Employer, JobPosting

from .enums import GraduateStatus
from .models import Application, Graduate
from .selectors import employer_may_see_contact, graduate_of


def employer_of(user) -> Employer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.employer
    except Employer.DoesNotExist:
        return None


def is_graduate(user) -> bool:
    return graduate_of(user) is not None


def can_apply(user) -> bool:
    """Only graduates whose registration was approved apply (DOMAIN.md §5)."""
    graduate = graduate_of(user)
    return graduate is not None and graduate.status == GraduateStatus.APPROVED


def owns_application(user, application: Application) -> bool:
    graduate = graduate_of(user)
    return graduate is not None and application.graduate_id == graduate.pk


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
