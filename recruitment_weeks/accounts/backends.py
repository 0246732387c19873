from django.contrib.auth.backends import ModelBackend
from django.db.models import OuterRef, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


def _storable(value) -> bool:
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# The profiles every request reads to know the user's role (header, permissions), loaded with the user:
# the employer it registered, its employer team membership with that employer
# (employers.permissions.employer_of), its graduate profile, its career-centre membership (universities.
# CareerCentreMember) with the university. Sessions load them in get_user below, API tokens in
# recruitment_weeks.accounts.authentication.
PROFILE_RELATED = ("employer", "employer_membership__employer", "graduate", "career_centre__university")


class PortalBackend(ModelBackend):
    """ModelBackend that loads a signed-in user's employer, graduate and career-centre profiles with the user: every
    page asks which role the user has (header, permissions), so that costs no extra query.

    Every password check goes through the sign-in protection (throttle and lockout, see
    recruitment_weeks.accounts.services), whichever door called ``authenticate``. The name typed is a
    username, an email address or a mobile number, each case-insensitive (``PortalUserManager.for_sign_in``)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        from .services import SignInRefused, signin_guarded

        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None or not (_storable(username) and _storable(password)):
            # A NUL byte or a lone surrogate is in no username and cannot be hashed or stored: no
            # password is checked, so nothing is counted either.
            return None
        # Username, email or mobile: the account's username from here on, so its lockout counts every
        # way of naming it together (an unknown name is counted as typed).
        account = User._default_manager.for_sign_in(username)
        if account is not None:
            username = account.username
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
        # The confirmed TOTP device comes in the same query, for the staff's second-factor check
        # (recruitment_weeks.accounts.second_factor): no query of its own on any page.
        confirmed_totp = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).order_by("pk").values("pk")
        user = (
            User._default_manager.select_related(*PROFILE_RELATED)
            .annotate(second_factor_device_id=Subquery(confirmed_totp[:1]))
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
