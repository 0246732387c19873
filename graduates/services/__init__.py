"""Writes for graduates, by sub-domain. Import from here: ``from graduates import services``."""

from .confirmations import graduate_confirm, graduates_confirm_as_entered
from .outcomes import graduate_record_outcome
from .privacy import graduate_delete_account
from .profiles import graduate_register, graduate_update_profile, reviewing_venue_for
from .reviews import graduate_approve, graduate_reject, graduate_resubmit

__all__ = [
    "graduate_approve",
    "graduate_confirm",
    "graduate_delete_account",
    "graduate_record_outcome",
    "graduate_register",
    "graduate_reject",
    "graduate_resubmit",
    "graduate_update_profile",
    "graduates_confirm_as_entered",
    "reviewing_venue_for",
]
