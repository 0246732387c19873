"""Sign-in with lockout, on every door: the login page, the admin's login and the API token endpoint
all authenticate through ``PortalBackend``, which applies ``signin_guarded`` below.

Rules, counted per client address (``client.client_address``: proxy-aware, never a forged header):

- Throttle: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"]`` attempts a minute per address.
- A username from one address: 5 failures within 15 minutes lock that username *from that address*
  until 15 minutes after its last failure. A locked attempt is not counted, so the lock ends on time
  however often the attacker tries, and the account's owner signing in from anywhere else is never
  locked out by somebody else's guesses.
- An address: 100 failures within 15 minutes lock that address the same way (deliberately high: a
  whole campus may sit behind one address).

Each attempt reserves its failure slot under a row lock of its address before the password is
checked (and gives it back when the password was right), so parallel guesses cannot check more
passwords than the limit. A lock always ends by itself. Failure rows are pruned daily
(``login_failures_prune``, scheduled in Celery beat).
"""

import contextlib
import datetime as dt
import logging
import math
import secrets

from celery import current_app
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.authtoken.models import Token

from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.reference.validators import MOBILE_RE, normalize_mobile

from .client import client_address
from .enums import AccountAction
from .models import LoginFailure, LoginGuard, SignInSession, User, account_mobile, username_key
from .sms import send_sms
from .throttling import (
    EmailVerifyThrottle,
    MobileVerifyThrottle,
    PasswordResetAddressThrottle,
    PasswordResetEmailThrottle,
    SignInRateThrottle,
)

logger = logging.getLogger("recruitment_weeks.security")

WINDOW = dt.timedelta(minutes=15)
USERNAME_LIMIT = 5  # per username and address
IP_LIMIT = 100  # per address
FAILURE_RETENTION = dt.timedelta(days=1)


class SignInRefused(PermissionDenied):
    """Raised by the backend when an attempt is refused before any password is checked. Django's
    ``authenticate`` turns it into None; the refusal is kept on the request for ``login_attempt``."""

    def __init__(self, error: ValidationError, wait: float | None = None):
        super().__init__(error.messages[0])
        self.error, self.wait = error, wait


def lockout_until(*, username: str, ip: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the lock on this username from this address, or on this address, ends; None if neither."""
    now = now or timezone.now()
    recent = LoginFailure.objects.filter(at__gt=now - WINDOW, ip=ip)
    ends = []
    for qs, limit in ((recent.filter(username=username_key(username)), USERNAME_LIMIT), (recent, IP_LIMIT)):
        stats = qs.aggregate(n=Count("pk"), last=Max("at"))
        if stats["n"] >= limit:
            ends.append(stats["last"] + WINDOW)
    return max(ends) if ends else None


def _locked_error(until: dt.datetime) -> ValidationError:
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return ValidationError(
        _("登录失败次数过多，请 %(minutes)d 分钟后再试。"), code="locked", params={"minutes": minutes}
    )


def _guard_locked(address_key: str) -> LoginGuard:
    for _attempt in range(3):  # the daily prune may delete the row between the two statements
        LoginGuard.objects.get_or_create(address=address_key)
        guard = LoginGuard.objects.select_for_update().filter(address=address_key).first()
        if guard is not None:
            return guard
    raise RuntimeError("login guard row vanished three times")


@contextlib.contextmanager
def signin_guarded(*, request, username: str):
    """Wrap one password check: refuse (SignInRefused) when throttled or locked, otherwise reserve a
    failure slot first, and yield a callback to call with the outcome (True: signed in)."""
    ip = client_address(request) if request is not None else None
    if request is not None:
        throttle = SignInRateThrottle()
        if not throttle.allow_request(request, None):
            wait = throttle.wait() or 60
            logger.warning("login throttled username=%s ip=%s", username, ip)
            seconds = math.ceil(wait)
            message = ngettext("请求过于频繁，请 %(wait)d 秒后再试。", "请求过于频繁，请 %(wait)d 秒后再试。", seconds)
            raise SignInRefused(ValidationError(message % {"wait": seconds}, code="throttled"), wait=wait)
    with transaction.atomic():
        _guard_locked(ip or "")
        until = lockout_until(username=username, ip=ip)
        if until is not None:
            logger.warning("login locked username=%s ip=%s until=%s", username, ip, until.isoformat())
            raise SignInRefused(_locked_error(until))
        slot = LoginFailure.objects.create(username=username_key(username)[:150], ip=ip)

    def outcome(signed_in: bool) -> None:
        if signed_in:
            LoginFailure.objects.filter(pk=slot.pk).delete()
        else:
            logger.warning("login failed username=%s ip=%s", username, ip)

    yield outcome


def login_attempt(*, request, username: str, password: str) -> User:
    """Authenticate or raise ValidationError (code ``throttled``, ``locked``, or ``invalid_login`` —
    the same message for an unknown user and a wrong password). Side effects: a LoginFailure row on
    failure; a log line either way."""
    if request is not None:
        request.signin_refusal = None
    user = authenticate(request, username=username, password=password)
    refusal = getattr(request, "signin_refusal", None)
    if refusal is not None:
        raise refusal.error
    if user is None:
        raise ValidationError(_("用户名或密码不正确。"), code="invalid_login")
    logger.info("login ok user_id=%s ip=%s", user.pk, client_address(request) if request is not None else None)
    return user


def login_failures_prune(*, now: dt.datetime | None = None) -> int:
    """Delete failure rows older than FAILURE_RETENTION (they no longer count, the window is far
    shorter) and the guard rows of addresses with none left. Returns the number of failures deleted.
    Side effects: deletes rows; nothing else reads them."""
    now = now or timezone.now()
    deleted, _rows = LoginFailure.objects.filter(at__lt=now - FAILURE_RETENTION).delete()
    # Compared in Python: the address is text in one table and an inet in the other on PostgreSQL.
    keep = {ip for ip in LoginFailure.objects.values_list("ip", flat=True).distinct() if ip} | {""}
    stale = [pk for pk, address in LoginGuard.objects.values_list("pk", "address") if address not in keep]
    for start in range(0, len(stale), 500):
        LoginGuard.objects.filter(pk__in=stale[start : start + 500]).delete()
    return deleted


def token_expired(token: Token, *, now: dt.datetime | None = None) -> bool:
    return token.created <= (now or timezone.now()) - dt.timedelta(days=settings.API_TOKEN_TTL_DAYS)


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """The user's API token for ``Authorization: Token <key>``: the existing one while it is valid
    (API_TOKEN_TTL_DAYS from its creation), otherwise a new one.
    Side effects: a Token row (an expired one is replaced) and an audit entry when a new one is made."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and token_expired(token):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
        audit_log(actor=user, action=AccountAction.TOKEN_ISSUED, target=user)
    return token


def tokens_expired_prune(*, now: dt.datetime | None = None) -> int:
    """Delete expired API tokens (they are refused anyway). Returns how many.
    Side effects: deletes Token rows."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.API_TOKEN_TTL_DAYS)
    deleted, _rows = Token.objects.filter(created__lte=cutoff).delete()
    return deleted


@transaction.atomic
def token_revoke(*, user: User) -> bool:
    """Delete the user's API token (every client holding it is signed out). False if there was none.
    Side effects: an audit entry when one is deleted."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    if deleted:
        audit_log(actor=user, action=AccountAction.TOKEN_REVOKED, target=user)
    return bool(deleted)


# --- Password reset -----------------------------------------------------------------------------------
# The tasks are queued by name from the app's registry: the task module imports this one, not the
# other way round.
SEND_PASSWORD_RESET_TASK = "accounts.task_send_password_reset"
SEND_EMAIL_VERIFICATION_TASK = "accounts.task_send_email_verification"


def _queue(task_name: str, **kwargs) -> None:
    current_app.tasks[task_name].delay(**kwargs)


# Django's own token machinery (PasswordResetTokenGenerator): a link is signed with the account's
# password hash and last sign-in, so it stops working once used, and after PASSWORD_RESET_TIMEOUT.


def password_reset_request(*, request, email: str) -> None:
    """Someone asks for a reset link for ``email``. Whether an account has that address is decided in
    the task, never here, so the answer and its timing are the same for every address.
    Raises ValidationError (code ``throttled``) when this client asked too often.
    Side effects: queues ``task_send_password_reset`` after commit, unless the address already had
    emails at its "password_reset_email" rate (then nothing, silently)."""
    address_throttle = PasswordResetAddressThrottle()
    if not address_throttle.allow_request(request, None):
        seconds = math.ceil(address_throttle.wait() or 60)
        message = ngettext("请求过于频繁，请 %(wait)d 秒后再试。", "请求过于频繁，请 %(wait)d 秒后再试。", seconds)
        raise ValidationError(message % {"wait": seconds}, code="throttled")
    if not PasswordResetEmailThrottle(email).allow_request(request, None):
        logger.warning("password reset dropped (email rate) ip=%s", client_address(request))
        return
    transaction.on_commit(lambda: _queue(SEND_PASSWORD_RESET_TASK, email=email))


RESET_SMS = _("【招聘周门户】重设密码请打开 %(link)s （%(minutes)d 分钟内有效，只能使用一次）。如非本人操作，请忽略。")


def password_reset_send(*, email: str) -> int:
    """Send a reset link to each active account with a password that ``email`` names: by email to an
    account with this address (case-insensitive), or by text message (SMS_BACKEND) to an account
    whose *verified* mobile number it is. In the account's language. Returns how many were sent.
    Side effects: emails or text messages."""
    identifier = email.strip()
    mobile = normalize_mobile(identifier)
    if "@" not in identifier and MOBILE_RE.fullmatch(mobile):
        candidates = User._default_manager.select_related("graduate", "employer").filter(
            mobile_verified=mobile, is_active=True
        )
        users = [u for u in candidates if u.mobile_is_verified and u.has_usable_password()]
    else:
        mobile = ""
        candidates = User._default_manager.filter(email__iexact=identifier, is_active=True)
        users = [u for u in candidates if u.has_usable_password()]
    for user in users:
        uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        context = {
            "user": user,
            "site_url": settings.SITE_URL,
            "path": reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token}),
            "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        with translation.override(user.language):
            if mobile:
                link = context["site_url"] + context["path"]
                send_sms(to=mobile, text=str(RESET_SMS % {"link": link, "minutes": context["minutes"]}))
                continue
            subject = "".join(render_to_string("accounts/email/password_reset_subject.txt", context).splitlines())
            body = render_to_string("accounts/email/password_reset_body.txt", context)
        send_mail(subject, body, None, [user.email], fail_silently=False)
    return len(users)


def invitation_send(*, user_id: int, organisation: str) -> bool:
    """Email an invited account (created without a password) its link to set one: the password-reset
    link and page, valid PASSWORD_RESET_TIMEOUT and once. False when the account is gone, inactive or
    has set a password meanwhile (nothing sent). Side effects: one email, in the account's language."""
    user = User._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password() or not user.email:
        return False
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    context = {
        "user": user,
        "organisation": organisation,
        "site_url": settings.SITE_URL,
        "path": reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": uidb64, "token": default_token_generator.make_token(user)},
        ),
        "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
    }
    with translation.override(user.language):
        subject = "".join(render_to_string("accounts/email/invitation_subject.txt", context).splitlines())
        body = render_to_string("accounts/email/invitation_body.txt", context)
    send_mail(subject, body, None, [user.email], fail_silently=False)
    return True


@transaction.atomic
def password_set(*, user: User, password: str) -> User:
    """Set a new password through a reset link. Every other session of the account ends (each
    carries a hash of the old password, which no longer matches) and so does its API token.
    Side effects: the password, the Token row deleted, an audit entry."""
    user.set_password(password)
    user.save(update_fields=["password"])
    Token.objects.filter(user=user).delete()
    audit_log(actor=user, action=AccountAction.PASSWORD_RESET, target=user)
    return user


# --- Sessions -----------------------------------------------------------------------------------------
LAST_SEEN_EVERY = dt.timedelta(minutes=5)
LAST_SEEN_SESSION_KEY = "sign_in_last_seen"


def sign_in_session_record(*, request, user: User) -> SignInSession | None:
    """Record the session a sign-in just started (called from ``user_logged_in``). None when the
    session store keeps no key (nothing to list or end).
    Side effects: a SignInSession row; the time in the session, for ``sign_in_session_seen``."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    if session.session_key is None:
        session.save()
    now = timezone.now()
    session[LAST_SEEN_SESSION_KEY] = now.isoformat()
    agent = request.META.get("HTTP_USER_AGENT", "").replace("\x00", "")
    record, _created = SignInSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "last_seen": now, "user_agent": agent[:300], "ip": client_address(request)},
    )
    return record


def sign_in_session_seen(*, request) -> None:
    """Refresh the session's ``last_seen``, at most every LAST_SEEN_EVERY (the time of the last
    refresh is kept in the session, so the other requests cost no query).
    Side effects: an UPDATE of the SignInSession row now and then."""
    session = request.session
    now = timezone.now()
    seen = session.get(LAST_SEEN_SESSION_KEY)
    try:
        stale = seen is None or now - dt.datetime.fromisoformat(seen) >= LAST_SEEN_EVERY
    except (TypeError, ValueError):
        stale = True
    if stale and session.session_key:
        session[LAST_SEEN_SESSION_KEY] = now.isoformat()
        SignInSession.objects.filter(session_key=session.session_key).update(last_seen=now)


def sign_in_session_forget(*, session_key: str | None) -> None:
    """The session ended by signing out: its record goes. Side effects: deletes the row."""
    if session_key:
        SignInSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def sign_in_session_end(*, user: User, session_id: int) -> bool:
    """End one of the user's own sessions (another device). False if it is not theirs or gone.
    Side effects: the session deleted from the store, its record deleted, an audit entry."""
    record = SignInSession.objects.select_for_update().filter(user=user, pk=session_id).first()
    if record is None:
        return False
    SessionStore(session_key=record.session_key).delete()
    record.delete()
    audit_log(actor=user, action=AccountAction.SESSION_ENDED, target=user, data={"session": session_id})
    return True


@transaction.atomic
def sessions_end_all(*, user: User) -> int:
    """Sign out everywhere: every session of the account ends (those not recorded too: the account's
    session epoch is part of each session's hash) and the API token is revoked. Returns how many
    recorded sessions there were.
    Side effects: ``session_epoch`` raised, the recorded sessions and their rows deleted, the Token
    row deleted, an audit entry."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    records = list(SignInSession.objects.filter(user=user).values_list("pk", "session_key"))
    for _pk, key in records:
        SessionStore(session_key=key).delete()
    SignInSession.objects.filter(pk__in=[pk for pk, _key in records]).delete()
    token_deleted, _rows = Token.objects.filter(user=user).delete()
    audit_log(
        actor=user,
        action=AccountAction.SIGNED_OUT_EVERYWHERE,
        target=user,
        data={"sessions": len(records), "token": bool(token_deleted)},
    )
    return len(records)


def sign_in_sessions_prune(*, now: dt.datetime | None = None) -> int:
    """Delete the records of sessions that have expired or are gone from the store. Returns how many."""
    now = now or timezone.now()
    live = Session.objects.filter(expire_date__gt=now).values("session_key")
    deleted, _rows = SignInSession.objects.exclude(session_key__in=live).delete()
    return deleted


# --- Verified email -------------------------------------------------------------------------------------
EMAIL_VERIFY_SALT = "recruitment_weeks.accounts.email-verify"
EMAIL_VERIFY_MAX_AGE = dt.timedelta(days=3)


def email_verification_request(*, request, user: User) -> bool:
    """Send a verification link to the account's current email, at most at the "email_verify" rate
    per account. Returns False when over the rate (nothing sent) or there is nothing to verify.
    Side effects: queues ``task_send_email_verification`` after commit."""
    if not user.email or user.email_is_verified:
        return False
    if not EmailVerifyThrottle(user.pk).allow_request(request, None):
        return False
    transaction.on_commit(lambda: _queue(SEND_EMAIL_VERIFICATION_TASK, user_id=user.pk))
    return True


def email_verification_send(*, user_id: int) -> bool:
    """Email the link that proves the account's current address (in the account's language). False
    if the account is gone, inactive, without an email or already verified. Side effects: one email."""
    user = User._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.email_is_verified:
        return False
    token = signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=EMAIL_VERIFY_SALT, compress=True)
    context = {
        "user": user,
        "link": settings.SITE_URL + reverse("accounts:email_verify", kwargs={"token": token}),
        "days": EMAIL_VERIFY_MAX_AGE.days,
    }
    with translation.override(user.language):
        subject = "".join(render_to_string("accounts/email/email_verify_subject.txt", context).splitlines())
        body = render_to_string("accounts/email/email_verify_body.txt", context)
    send_mail(subject, body, None, [user.email], fail_silently=False)
    return True


@transaction.atomic
def email_verify(*, token: str) -> User:
    """Mark the address in a verification link verified, if it is still the account's email.
    Raises ValidationError (``invalid_link``) for a forged, expired or outdated link.
    Side effects: ``email_verified`` set, an audit entry (none when it already was)."""
    invalid = ValidationError(_("该验证链接无效：可能已过期，或账户的邮箱已更改。"), code="invalid_link")
    try:
        data = signing.loads(token, salt=EMAIL_VERIFY_SALT, max_age=EMAIL_VERIFY_MAX_AGE)
        user = User._default_manager.select_for_update().get(pk=int(data["u"]), is_active=True)
    except (signing.BadSignature, KeyError, TypeError, ValueError, User.DoesNotExist):
        raise invalid from None
    if not user.email or user.email.lower() != data.get("e"):
        raise invalid
    if not user.email_is_verified:
        user.email_verified = user.email
        user.save(update_fields=["email_verified"])
        audit_log(actor=user, action=AccountAction.EMAIL_VERIFIED, target=user, data={"email": user.email})
    return user


# --- Verified mobile ------------------------------------------------------------------------------------
MOBILE_CODE_TTL = dt.timedelta(minutes=10)
MOBILE_CODE_TRIES = 5
MOBILE_CODE_SALT = "recruitment_weeks.accounts.mobile-code"


def _mobile_code_key(user_id: int) -> str:
    return f"accounts:mobile-code:{user_id}"


def _mobile_code_digest(*, code: str, mobile: str) -> str:
    return salted_hmac(MOBILE_CODE_SALT, f"{mobile}:{code}", algorithm="sha256").hexdigest()


def mobile_verification_request(*, request, user: User) -> bool:
    """Text a 6-digit code to the account's mobile number (SMS_BACKEND), valid MOBILE_CODE_TTL, at
    most at the "mobile_verify" rate per account. False when there is no number, it is verified
    already, or the rate is used up (nothing sent). Only a digest of the code is kept (the cache).
    Side effects: one text message."""
    mobile = account_mobile(user)
    if not mobile or user.mobile_is_verified or not MobileVerifyThrottle(user.pk).allow_request(request, None):
        return False
    code = f"{secrets.randbelow(10**6):06d}"
    cache.set(
        _mobile_code_key(user.pk),
        {"digest": _mobile_code_digest(code=code, mobile=mobile), "mobile": mobile, "tries": 0},
        timeout=int(MOBILE_CODE_TTL.total_seconds()),
    )
    with translation.override(user.language):
        text = _("【招聘周门户】您的手机验证码是 %(code)s，%(minutes)d 分钟内有效。如非本人操作，请忽略。") % {
            "code": code,
            "minutes": MOBILE_CODE_TTL.seconds // 60,
        }
    send_sms(to=mobile, text=str(text))
    return True


@transaction.atomic
def mobile_verify(*, user: User, code: str) -> User:
    """Check the code texted to the account's number; MOBILE_CODE_TRIES wrong codes use it up.
    Raises ValidationError (``invalid_code``). Side effects: ``mobile_verified`` set, an audit entry."""
    key = _mobile_code_key(user.pk)
    pending = cache.get(key)
    mobile = account_mobile(user)
    invalid = ValidationError(_("验证码不正确或已过期，请重新获取。"), code="invalid_code")
    if not pending or pending["mobile"] != mobile or pending["tries"] >= MOBILE_CODE_TRIES:
        raise invalid
    if not constant_time_compare(pending["digest"], _mobile_code_digest(code=(code or "").strip(), mobile=mobile)):
        cache.set(key, {**pending, "tries": pending["tries"] + 1}, timeout=int(MOBILE_CODE_TTL.total_seconds()))
        raise invalid
    cache.delete(key)
    user.mobile_verified = mobile
    user.save(update_fields=["mobile_verified"])
    audit_log(actor=user, action=AccountAction.MOBILE_VERIFIED, target=user, data={"mobile": mobile})
    return user
