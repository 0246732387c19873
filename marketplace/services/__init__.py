"""Writes of the job marketplace: applications and their moves, saved postings and searches.

Import from here: ``from marketplace import services``.
"""

from .applications import (
    application_accept,
    application_decline,
    application_hire,
    application_invite,
    application_mark_viewed,
    application_offer,
    application_reject,
    application_submit,
    application_withdraw,
    record_first_answer,
)
from .saved import saved_posting_add, saved_posting_remove, saved_search_delete, saved_search_save

__all__ = [
    "application_accept",
    "application_decline",
    "application_hire",
    "application_invite",
    "application_mark_viewed",
    "application_offer",
    "application_reject",
    "application_submit",
    "application_withdraw",
    "record_first_answer",
    "saved_posting_add",
    "saved_posting_remove",
    "saved_search_delete",
    "saved_search_save",
]
