"""Who may do what with graduates' data: named predicates used by the pages and the API alike."""

from universities.selectors import approved_career_centre_of

from .enums import GraduateStatus
from .models import Application, Graduate
from .selectors import graduate_of


def is_graduate(user) -> bool:
    return graduate_of(user) is not None


def can_apply(user) -> bool:
    """Only graduates whose registration was approved apply (the review is what lets a graduate apply)."""
    graduate = graduate_of(user)
    return graduate is not None and graduate.status == GraduateStatus.APPROVED


def owns_application(user, application: Application) -> bool:
    graduate = graduate_of(user)
    return graduate is not None and application.graduate_id == graduate.pk


def can_confirm_graduate(user, graduate: Graduate) -> bool:
    """An approved career-centre member, for a graduate of their own university only."""
    member = approved_career_centre_of(user)
    return member is not None and graduate.listed_university_id == member.university_id
