"""The employer's pages (/employer/): thin views over employers.services, graduates.services (the
moves on applications) and events.services (fair registrations)."""

from .account import dashboard, licence, profile, register
from .applications import (
    application_detail,
    application_hire,
    application_interview,
    application_list,
    application_offer,
    application_reject,
)
from .fairs import fair_apply, fair_list, fair_withdraw
from .postings import posting_close, posting_create, posting_edit, posting_list, posting_publish

__all__ = [
    "application_detail",
    "application_hire",
    "application_interview",
    "application_list",
    "application_offer",
    "application_reject",
    "dashboard",
    "fair_apply",
    "fair_list",
    "fair_withdraw",
    "licence",
    "posting_close",
    "posting_create",
    "posting_edit",
    "posting_list",
    "posting_publish",
    "profile",
    "register",
]
