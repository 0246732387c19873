"""Who may do what with the list of universities (named predicates for the admin, the pages and the API)."""

from venues.enums import System
from venues.permissions import staff_scope

from .selectors import approved_career_centre_of


def can_import_universities(user) -> bool:
    """The list is the ministry's: superusers and the education main venue's staff (教育部) keep it."""
    scope = staff_scope(user)
    return scope.everything or System.EDUCATION in scope.main_systems


def is_career_centre(user) -> bool:
    """An approved member of a university's career centre."""
    return approved_career_centre_of(user) is not None


def can_review_career_centre(user, member) -> bool:
    """The education branch venue of the member's province (and its main venue, superusers)."""
    return staff_scope(user).allows(member.reviewing_venue_id)
