"""Writes for graduates, by sub-domain. Import from here: ``from graduates import services``."""

from .privacy import graduate_delete_account
from .profiles import graduate_register, graduate_update_profile, reviewing_venue_for
from .reviews import graduate_approve, graduate_reject, graduate_resubmit

__all__ = [
    "graduate_approve",
    "graduate_delete_account",
    "graduate_register",
    "graduate_reject",
    "graduate_resubmit",
    "graduate_update_profile",
    "reviewing_venue_for",
]
