from django.db.models import QuerySet

from .enums import CAREER_CENTRE_KINDS, EMPLOYER_KINDS, GRADUATE_KINDS, STAFF_KINDS, NotificationKind
from .models import Notification, NotificationPreference


def notifications_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def kinds_for(*, user) -> list[str]:
    """The notification kinds a user can receive, by role (a user may hold several roles)."""
    kinds: list[str] = []
    if getattr(user, "employer", None) is not None:
        kinds += EMPLOYER_KINDS
    if getattr(user, "graduate", None) is not None:
        kinds += GRADUATE_KINDS
    if getattr(user, "career_centre", None) is not None:
        kinds += CAREER_CENTRE_KINDS
    if user.is_staff:
        kinds += STAFF_KINDS
    return list(dict.fromkeys(kinds)) or list(NotificationKind.values)


def email_preferences(*, user) -> dict[str, bool]:
    """kind → wants email, for the kinds the user can receive. One query."""
    off = set(NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True))
    return {kind: kind not in off for kind in kinds_for(user=user)}
