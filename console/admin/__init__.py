"""The venues' admin: reference data (superusers), venues and memberships, and the staff workplace —
site-link reports, the contact form, announcements and statistics (scoped by venues.permissions)."""

from console.admin import (  # noqa: F401 - registers the ModelAdmins
    accounts,
    announcements,
    audit,
    contacts,
    disciplines,
    employers,
    events,
    fairs,
    graduates,
    notifications,
    organisers,
    reports,
    universities,
    venues,
)
