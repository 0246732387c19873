"""Who may do what with a conversation: named predicates shared by the pages, the API, the downloads
and the WebSocket consumer.

Only its two parties read and write a conversation. Venue staff read one only once it is reported,
and only staff of the venue that reviews the employer (the venue the report is filed under).
"""

from employers.enums import EmployerStatus
from employers.permissions import employer_of
from graduates.models import Application
from graduates.selectors import graduate_of
from invitations.enums import InvitationStatus
from invitations.models import Invitation
from venues.permissions import staff_scope

from .enums import ParticipantRole
from .models import Conversation


def role_in(user, conversation: Conversation) -> str | None:
    """The user's side of the conversation, or None for anyone else: the employer's side is whoever
    works for the employer (employer_of, so every account of its team), the graduate's side the
    graduate. Costs no query (the profiles are loaded with the user)."""
    if not getattr(user, "is_authenticated", False):
        return None
    employer = employer_of(user)
    if employer is not None and employer.pk == conversation.employer_id:
        return ParticipantRole.EMPLOYER
    graduate = graduate_of(user)
    if graduate is not None and graduate.pk == conversation.graduate_id:
        return ParticipantRole.GRADUATE
    return None


def is_party(user, conversation: Conversation) -> bool:
    return role_in(user, conversation) is not None


def can_open(user, application: Application) -> bool:
    """The application's graduate, or its posting's employer while approved; an anonymised application
    (the graduate deleted their account) has nobody to talk to."""
    if application.graduate_id is None:
        return False
    graduate = graduate_of(user)
    if graduate is not None:
        return graduate.pk == application.graduate_id
    employer = employer_of(user)
    return (
        employer is not None
        and employer.pk == application.posting.employer_id
        and employer.status == EmployerStatus.APPROVED
    )


# An invitation can be talked about while it is waiting for the graduate's answer or accepted; once
# declined, withdrawn or expired there is nothing left to discuss.
INVITATION_TALKABLE = (InvitationStatus.SENT, InvitationStatus.ACCEPTED)


def invitation_talkable(invitation: Invitation) -> bool:
    return invitation.status in INVITATION_TALKABLE


def can_open_for_invitation(user, invitation: Invitation) -> bool:
    """The invitation's graduate, or whoever works for its employer, while the invitation is sent or
    accepted and the employer is approved (``invitation.employer`` is read: load it with the row)."""
    if not invitation_talkable(invitation) or invitation.employer.status != EmployerStatus.APPROVED:
        return False
    graduate = graduate_of(user)
    if graduate is not None:
        return graduate.pk == invitation.graduate_id
    employer = employer_of(user)
    return employer is not None and employer.pk == invitation.employer_id


def can_moderate(user, conversation: Conversation, *, reported_venue_ids: set[int]) -> bool:
    """Staff of a venue a report of this conversation was filed under. ``reported_venue_ids`` are the
    venues of the conversation's reports (selectors.reported_venue_ids)."""
    scope = staff_scope(user)
    return any(scope.allows(venue_id) for venue_id in reported_venue_ids)
