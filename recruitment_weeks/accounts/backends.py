from django.contrib.auth.backends import ModelBackend

from .models import User


def _storable(value) -> bool:
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class PortalBackend(ModelBackend):
    """ModelBackend that loads a signed-in user's employer, graduate and career-centre profiles with the user: every
    page asks which role the user has (header, permissions), so that costs no extra query.

    Every password check goes through the sign-in protection (throttle and lockout, see
    recruitment_weeks.accounts.services), whichever door called ``authenticate``; usernames are
    looked up case-insensitively (``PortalUserManager.get_by_natural_key``)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        from .services import SignInRefused, signin_guarded

        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None or not (_storable(username) and _storable(password)):
            # A NUL byte or a lone surrogate is in no username and cannot be hashed or stored: no
            # password is checked, so nothing is counted either.
            return None
        try:
            with signin_guarded(request=request, username=username) as outcome:
                user = super().authenticate(request, username=username, password=password, **kwargs)
                outcome(user is not None)
        except SignInRefused as refusal:
            if request is not None:
                request.signin_refusal = refusal
            raise
        return user

    def get_user(self, user_id):
        # A career centre's membership (universities.CareerCentreMember) and its university likewise.
        related = ("employer", "graduate", "career_centre__university")
        user = User._default_manager.select_related(*related).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
