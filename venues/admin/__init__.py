"""The venues' admin: reference data (superusers), venues and memberships, and the staff workplace —
site-link reports, the contact form, announcements and statistics (scoped by venues.permissions)."""

from . import announcements, contacts, reference, reports, venues  # noqa: F401 - registers the ModelAdmins
