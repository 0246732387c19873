"""Who may do what with invitations: named predicates used by the pages and the API alike."""

from employers.permissions import employer_of
from graduates.selectors import graduate_of

from .enums import InvitationStatus
from .models import Invitation


def may_send_invitations(user) -> bool:
    """Only an approved employer invites (the service checks it again, with the posting and graduate)."""
    employer = employer_of(user)
    return employer is not None and employer.is_approved


def may_withdraw(user, invitation: Invitation) -> bool:
    employer = employer_of(user)
    return employer is not None and employer.pk == invitation.employer_id and invitation.status == InvitationStatus.SENT


def may_answer(user, invitation: Invitation) -> bool:
    graduate = graduate_of(user)
    return graduate is not None and graduate.pk == invitation.graduate_id and invitation.status == InvitationStatus.SENT
