"""An accepted invitation hands the employer the graduate's contact details, as an application does:
one more grant of the marketplace's one contact rule (marketplace.selectors.employer_may_see_contact),
registered when the app loads."""

from django.db.models import QuerySet

from employers.models import Employer
from marketplace.selectors import register_contact_grant

from .enums import InvitationStatus
from .models import Invitation


@register_contact_grant
def accepted_invitations(employer: Employer) -> QuerySet:
    """The graduates who accepted one of the employer's invitations (a subquery of ids)."""
    return Invitation.objects.filter(employer=employer, status=InvitationStatus.ACCEPTED).values("graduate_id")
