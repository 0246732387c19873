"""Every write of the fairs, split by sub-domain; import them from here.

- registrations: a week's fair registration (apply, withdraw, approve, reject)
- special_fairs: 专场 (create, publish, cancel) and employers' participation (apply, review, withdraw)
- sessions: 宣讲会 and one-to-one slots (schedule, approve, reject, cancel)
- bookings: graduates' bookings (book or wait, cancel and promote, attendance)
"""

from .bookings import (
    booking_cancel,
    booking_create,
    booking_join,
    booking_mark_attended,
    graduate_eligibility_errors,
)
from .registrations import (
    REVIEW,
    fair_registration_apply,
    fair_registration_approve,
    fair_registration_reject,
    fair_registration_withdraw,
)
from .sessions import session_approve, session_cancel, session_reject, session_schedule, slot_grid
from .special_fairs import (
    employer_eligibility_errors,
    participation_apply,
    participation_approve,
    participation_reject,
    participation_withdraw,
    special_fair_cancel,
    special_fair_check,
    special_fair_create,
    special_fair_publish,
)

__all__ = [
    "REVIEW",
    "booking_cancel",
    "booking_create",
    "booking_join",
    "booking_mark_attended",
    "employer_eligibility_errors",
    "fair_registration_apply",
    "fair_registration_approve",
    "fair_registration_reject",
    "fair_registration_withdraw",
    "graduate_eligibility_errors",
    "participation_apply",
    "participation_approve",
    "participation_reject",
    "participation_withdraw",
    "session_approve",
    "session_cancel",
    "session_reject",
    "session_schedule",
    "slot_grid",
    "special_fair_cancel",
    "special_fair_check",
    "special_fair_create",
    "special_fair_publish",
]
