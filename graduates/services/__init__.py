"""Writes for graduates, by sub-domain. Import from here: ``from graduates import services``."""

from .applications import (
    application_hire,
    application_invite,
    application_mark_viewed,
    application_offer,
    application_reject,
    application_submit,
    application_withdraw,
)
from .privacy import graduate_delete_account
from .profiles import graduate_register, graduate_update_profile, reviewing_venue_for
from .reviews import graduate_approve, graduate_reject, graduate_resubmit
from .saved import saved_posting_add, saved_posting_remove, saved_search_delete, saved_search_save

__all__ = [
    "application_hire",
    "application_invite",
    "application_mark_viewed",
    "application_offer",
    "application_reject",
    "application_submit",
    "application_withdraw",
    "graduate_approve",
    "graduate_delete_account",
    "graduate_register",
    "graduate_reject",
    "graduate_resubmit",
    "graduate_update_profile",
    "reviewing_venue_for",
    "saved_posting_add",
    "saved_posting_remove",
    "saved_search_delete",
    "saved_search_save",
]
