"""The second factor for staff (venue staff and superusers): a TOTP authenticator app, with
single-use recovery codes for a lost phone. django-otp keeps the devices (TOTPDevice, StaticDevice),
checks codes (with its replay guard and its back-off after failures) and consumes recovery codes.

Which session passed the second factor is recorded here rather than by django-otp's middleware:
the session holds the id of the account's confirmed TOTP device, and the user row that every request
loads already carries that id (``PortalBackend.get_user`` annotates it), so checking costs no query.
A superuser's reset deletes the devices, and every session verified with them stops counting.
Kept beside services.py (which is about passwords and tokens) so neither grows past a screen of rules.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from recruitment_weeks.audit.services import audit_log

from .enums import AccountAction
from .models import User

logger = logging.getLogger("recruitment_weeks.security")

SESSION_KEY = "second_factor_device_id"
RECOVERY_CODE_COUNT = 10
_UNKNOWN = object()
INVALID_CODE = _("验证码不正确或已过期，请输入验证器应用中当前显示的验证码。")


def second_factor_required(user) -> bool:
    """Staff (``is_staff``: venue staff, the admin) and superusers need a second factor."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_staff or user.is_superuser)
    )


def second_factor_device_id(user) -> int | None:
    """The id of the user's confirmed TOTP device, None if not enrolled (from the annotation the
    backend loads with the user, else one query)."""
    device_id = getattr(user, "second_factor_device_id", _UNKNOWN)
    if device_id is _UNKNOWN:
        confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")
        device_id = confirmed.values_list("pk", flat=True).first()
    return device_id


def second_factor_enrolled(user) -> bool:
    return second_factor_device_id(user) is not None


def second_factor_satisfied(request) -> bool:
    """May this request go where staff go (the admin, the staff API)? Yes for anybody who needs no
    second factor; for staff, if this session passed it with the account's current device, or if the
    request carries an API token of an enrolled account (the token endpoint asks staff for a code)."""
    user = getattr(request, "user", None)
    if not second_factor_required(user):
        return True
    device_id = second_factor_device_id(user)
    if device_id is None:
        return False
    if isinstance(getattr(request, "auth", None), Token):
        return True
    session = getattr(request, "session", None)
    return session is not None and session.get(SESSION_KEY) == device_id


def _mark_session(request, device: TOTPDevice) -> None:
    request.session[SESSION_KEY] = device.pk
    request.user.second_factor_device_id = device.pk


def _normalise(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The device being enrolled: the pending one, or a new one with a fresh secret.
    Raises ValidationError (``already_enrolled``) for an enrolled account (a superuser resets it first).
    Side effects: an unconfirmed TOTPDevice row."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("该账户已启用两步验证。"), code="already_enrolled")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, request, user: User, code: str) -> list[str]:
    """Confirm the pending device with a code from the app; returns the new recovery codes (shown
    once). This session counts as verified.
    Side effects: the device confirmed, a StaticDevice with RECOVERY_CODE_COUNT codes, an audit entry."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("没有待确认的验证器，请刷新页面重新开始。"), code="no_pending_device")
    if not device.verify_token(_normalise(code)):
        raise ValidationError(INVALID_CODE, code="invalid_code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
    audit_log(actor=user, action=AccountAction.SECOND_FACTOR_ENROLLED, target=user)
    _mark_session(request, device)
    return codes


def second_factor_check(*, user: User, code: str) -> str:
    """Check a code from the user's authenticator app, or one of their recovery codes (which is used
    up). Returns "totp" or "recovery".
    Raises ValidationError (``invalid_code``; ``not_enrolled``).
    Side effects: a recovery code deleted and an audit entry when one is used; django-otp's failure
    count (its back-off) on a wrong code."""
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if totp is None:
        raise ValidationError(_("该账户尚未启用两步验证。"), code="not_enrolled")
    code = _normalise(code)
    if code.isdigit() and verify_token(user, totp.persistent_id, code) is not None:
        return "totp"
    for recovery in StaticDevice.objects.filter(user=user, confirmed=True):
        with transaction.atomic():
            if verify_token(user, recovery.persistent_id, code) is not None:
                left = StaticToken.objects.filter(device=recovery).count()
                audit_log(actor=user, action=AccountAction.RECOVERY_CODE_USED, target=user, data={"codes_left": left})
                return "recovery"
    logger.warning("second factor failed user_id=%s", user.pk)
    raise ValidationError(INVALID_CODE, code="invalid_code")


def second_factor_verify(*, request, code: str) -> str:
    """``second_factor_check`` for the signed-in user; on success this session counts as verified."""
    used = second_factor_check(user=request.user, code=code)
    _mark_session(request, TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk").first())
    return used


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_reset(*, user: User, actor: User) -> int:
    """A superuser removes someone's second factor (a lost phone and no recovery codes): they enrol
    again at their next visit to the admin, and every session verified with the old device stops
    counting. Returns how many devices were deleted.
    Raises PermissionDenied unless ``actor`` is an active superuser.
    Side effects: TOTP and recovery devices deleted, an audit entry."""
    if not (actor.is_active and actor.is_superuser):
        raise PermissionDenied(_("只有超级管理员可以重置两步验证。"))
    deleted = sum(
        model.objects.filter(user=user).delete()[1].get(model._meta.label, 0) for model in (TOTPDevice, StaticDevice)
    )
    audit_log(actor=actor, action=AccountAction.SECOND_FACTOR_RESET, target=user, data={"devices": deleted})
    return deleted


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URI as an SVG QR code, for an authenticator app to scan."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")
