"""Every write in the employers area, split by sub-domain; import them from here.

- reviews: approve, reject, suspend, reinstate, resubmit (the admin and the staff API call these)
- registration: register (account + profile + licence), edit the profile
- postings: create, edit, publish, close, close the expired ones
- team: invite a member, change a member's role, remove a member
- reports: report a public posting (举报); the venue closes the posting or dismisses the report
"""

from .postings import (
    MAX_VALIDITY_DAYS,
    posting_close,
    posting_create,
    posting_publish,
    posting_update,
    postings_close_expired,
)
from .registration import default_reviewing_venue, employer_register, employer_update
from .reports import posting_report, report_close_posting, report_dismiss
from .reviews import employer_approve, employer_reinstate, employer_reject, employer_resubmit, employer_suspend
from .team import member_change_role, member_invite, member_remove

__all__ = [
    "MAX_VALIDITY_DAYS",
    "default_reviewing_venue",
    "employer_approve",
    "employer_register",
    "employer_reinstate",
    "employer_reject",
    "employer_resubmit",
    "employer_suspend",
    "employer_update",
    "member_change_role",
    "member_invite",
    "member_remove",
    "posting_close",
    "posting_create",
    "posting_publish",
    "posting_report",
    "posting_update",
    "postings_close_expired",
    "report_close_posting",
    "report_dismiss",
]
