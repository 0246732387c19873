"""Who may do what with the list of universities (named predicates for the admin, the pages and the API)."""

from venues.enums import System
from venues.permissions import staff_scope


def can_import_universities(user) -> bool:
    """The list is the ministry's: superusers and the education main venue's staff (教育部) keep it."""
    scope = staff_scope(user)
    return scope.everything or System.EDUCATION in scope.main_systems
