"""The employer's own pages (/employer/): registration, profile, licence, postings. Thin views over
employers.services; the pages that involve applications or fairs live with the marketplace and the fairs."""

from .account import licence, profile, register
from .postings import posting_close, posting_create, posting_edit, posting_publish

__all__ = [
    "licence",
    "posting_close",
    "posting_create",
    "posting_edit",
    "posting_publish",
    "profile",
    "register",
]
