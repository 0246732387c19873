"""The employer's own pages (/employer/): registration, profile, licence, postings. Thin views over
employers.services; the pages that involve applications or fairs live with the marketplace and the fairs."""

from .account import licence, profile, register
from .postings import posting_close, posting_create, posting_edit, posting_publish
from .team import member_remove, member_role, team

__all__ = [
    "licence",
    "member_remove",
    "member_role",
    "posting_close",
    "posting_create",
    "posting_edit",
    "posting_publish",
    "profile",
    "register",
    "team",
]
