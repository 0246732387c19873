from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from .models import SignInSession, User


def sign_in_sessions_of(*, user: User) -> QuerySet[SignInSession]:
    """The user's sessions that are still live, the most recently active first."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return SignInSession.objects.filter(user=user, session_key__in=live).order_by("-last_seen", "-pk")
