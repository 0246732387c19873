"""Where a notification leads: the page of the object it is about, for its recipient.

A notification about one application carries ``application_id`` in its payload and leads to that
application's page (the graduate's or the employer's, by kind); every other kind leads to the page
where its recipient acts on it (the workspace, the fair registrations, the review board, the
recommendations…). URL names are reversed at render time, so this foundation module imports no app.
"""

from django.urls import NoReverseMatch, reverse

from .enums import NotificationKind

# Kinds about one application → the application page of their recipient.
APPLICATION_PAGES = {
    NotificationKind.APPLICATION_CHANGED: "graduates:application_detail",
    NotificationKind.APPLICATION_RECEIVED: "employers:application_detail",
    NotificationKind.APPLICATION_WITHDRAWN: "employers:application_detail",
    NotificationKind.OFFER_ANSWERED: "employers:application_detail",
    NotificationKind.APPLICATION_DECISION_REMINDER: "employers:application_detail",
}
# Every kind → the page it leads to when it names no single object.
PAGES = {
    NotificationKind.EMPLOYER_APPROVED: "employers:dashboard",
    NotificationKind.EMPLOYER_REJECTED: "employers:profile",
    NotificationKind.EMPLOYER_SUSPENDED: "employers:dashboard",
    NotificationKind.EMPLOYER_REINSTATED: "employers:dashboard",
    NotificationKind.GRADUATE_APPROVED: "graduates:dashboard",
    NotificationKind.GRADUATE_REJECTED: "graduates:profile",
    NotificationKind.FAIR_REGISTRATION_APPROVED: "employers:fair_list",
    NotificationKind.FAIR_REGISTRATION_REJECTED: "employers:fair_list",
    NotificationKind.FAIR_REGISTRATION_CLOSED: "employers:fair_list",
    NotificationKind.APPLICATION_RECEIVED: "employers:posting_list",
    NotificationKind.APPLICATION_CHANGED: "graduates:application_list",
    NotificationKind.APPLICATION_WITHDRAWN: "employers:posting_list",
    NotificationKind.OFFER_ANSWERED: "employers:posting_list",
    NotificationKind.APPLICATION_REMINDER: "employers:posting_list",
    NotificationKind.APPLICATION_DECISION_REMINDER: "employers:posting_list",
    NotificationKind.APPLICATION_OVERDUE: "admin:employers_employer_changelist",
    NotificationKind.REPORT_REMINDER: "admin:venues_sitelinkreport_add",
    NotificationKind.REPORT_MISSING: "admin:venues_sitelinkreport_board",
    NotificationKind.WEEK_OPENING: "employers:dashboard",
    NotificationKind.WEEK_DIGEST: "graduates:recommended",
    NotificationKind.WEEK_SUMMARY: "admin:venues_statistics",
    NotificationKind.SAVED_SEARCH_DIGEST: "graduates:saved_searches",
    NotificationKind.SPECIAL_FAIR_APPROVED: "fairs:special_fair_list",
    NotificationKind.SPECIAL_FAIR_REJECTED: "fairs:special_fair_list",
    NotificationKind.SESSION_APPROVED: "employers:session_list",
    NotificationKind.SESSION_REJECTED: "employers:session_list",
    NotificationKind.BOOKING_PROMOTED: "graduates:booking_list",
    NotificationKind.BOOKING_REMINDER: "graduates:booking_list",
    NotificationKind.SESSION_CANCELLED: "graduates:booking_list",
    NotificationKind.UNIVERSITY_NOTICE: "career_centre:notice_list",
    NotificationKind.CAREER_CENTRE_APPROVED: "career_centre:dashboard",
    NotificationKind.CAREER_CENTRE_REJECTED: "career_centre:dashboard",
    NotificationKind.MESSAGES_UNREAD: "conversations:inbox",
    NotificationKind.INVITATION_RECEIVED: "graduates:invitation_list",
    NotificationKind.INVITATION_ANSWERED: "employers:invitation_list",
}
# Kinds about one booking (payload ``booking_id``) → that booking on the graduate's bookings page.
BOOKING_KINDS = (
    NotificationKind.BOOKING_PROMOTED,
    NotificationKind.BOOKING_REMINDER,
    NotificationKind.SESSION_CANCELLED,
)
# Kinds about one invitation (payload ``invitation_id``) → that invitation in its recipient's list.
INVITATION_KINDS = (NotificationKind.INVITATION_RECEIVED, NotificationKind.INVITATION_ANSWERED)
# Kinds about one 专场 (payload ``special_fair_id``) → its public page.
SPECIAL_FAIR_PAGES = {
    NotificationKind.SPECIAL_FAIR_APPROVED: "fairs:special_fair_detail",
    NotificationKind.SPECIAL_FAIR_REJECTED: "fairs:special_fair_detail",
}


def notification_link(notification) -> str:
    """The site-relative URL the notification leads to (the inbox if its kind has no page)."""
    payload = notification.payload if isinstance(notification.payload, dict) else {}
    application_id = payload.get("application_id")
    name = APPLICATION_PAGES.get(notification.kind)
    if name and isinstance(application_id, int):
        return reverse(name, args=[application_id])
    booking_id = payload.get("booking_id")
    if notification.kind in BOOKING_KINDS and isinstance(booking_id, int):
        return reverse("graduates:booking_list") + f"#booking-{booking_id}"
    invitation_id = payload.get("invitation_id")
    if notification.kind in INVITATION_KINDS and isinstance(invitation_id, int):
        return reverse(PAGES[notification.kind]) + f"#invitation-{invitation_id}"
    notice_id = payload.get("notice_id")
    if notification.kind == NotificationKind.UNIVERSITY_NOTICE and isinstance(notice_id, int):
        return reverse("career_centre:notice_detail", args=[notice_id])
    conversations = payload.get("conversations")
    if (
        notification.kind == NotificationKind.MESSAGES_UNREAD
        and isinstance(conversations, list)
        and len(conversations) == 1
        and isinstance(conversations[0], int)
    ):
        # One conversation waiting → that conversation; several → the list of them.
        return reverse("conversations:detail", args=[conversations[0]])
    special_fair_id = payload.get("special_fair_id")
    if notification.kind in SPECIAL_FAIR_PAGES and isinstance(special_fair_id, int):
        return reverse(SPECIAL_FAIR_PAGES[notification.kind], args=[special_fair_id])
    try:
        return reverse(PAGES[notification.kind])
    except (KeyError, NoReverseMatch):
        return reverse("notifications:inbox")
