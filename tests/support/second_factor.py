"""The staff's second factor in tests: enrol an account, compute its current TOTP code (django-otp's
own implementation, as an authenticator app would), and the autouse hook that lets the tests written
before two-factor sign staff in as they did (tests/conftest.py)."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from recruitment_weeks.accounts.second_factor import SESSION_KEY, second_factor_required


def enrol(user) -> TOTPDevice:
    """The user's confirmed TOTP device (made if there is none), as after enrolment."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps_ahead`` 30-second steps later)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead):06d}"


def pass_second_factor_on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: a staff account signing in (test client, admin login form in the
    browser) is enrolled and its session counts as past the second factor."""
    if second_factor_required(user):
        request.session[SESSION_KEY] = enrol(user).pk
