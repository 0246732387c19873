"""Sign-in and sign-out keep the sessions page's records (derived data, not domain side effects)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from . import services


@receiver(user_logged_in, dispatch_uid="accounts-record-sign-in")
def record_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None:
        services.sign_in_session_record(request=request, user=user)


@receiver(user_logged_out, dispatch_uid="accounts-forget-sign-out")
def forget_sign_out(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        services.sign_in_session_forget(session_key=session.session_key)
