"""Sign-in with lockout. Pages and the API token endpoint both sign in through ``login_attempt``.

Rule: 5 failures for one username within 15 minutes lock that username until 15 minutes after its
last failure; 100 failures from one IP address within 15 minutes lock that address the same way.
The IP limit is deliberately high: a whole campus may sit behind one address, and a few hundred
students mistyping passwords must not lock each other out. A lock always ends by itself.
"""

import datetime as dt
import logging
import math

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from recruitment_weeks.audit.services import audit_log

from .enums import AccountAction
from .models import LoginFailure, User

logger = logging.getLogger("recruitment_weeks.security")

WINDOW = dt.timedelta(minutes=15)
USERNAME_LIMIT = 5
IP_LIMIT = 100


def lockout_until(*, username: str, ip: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the lock on this username or address ends, or None if neither is locked."""
    now = now or timezone.now()
    recent = LoginFailure.objects.filter(at__gt=now - WINDOW)
    ends = []
    for qs, limit in ((recent.filter(username__iexact=username), USERNAME_LIMIT), (recent.filter(ip=ip), IP_LIMIT)):
        if ip is None and limit == IP_LIMIT:
            continue
        stats = qs.aggregate(n=Count("pk"), last=Max("at"))
        if stats["n"] >= limit:
            ends.append(stats["last"] + WINDOW)
    return max(ends) if ends else None


def login_attempt(*, request, username: str, password: str) -> User:
    """Authenticate or raise ValidationError (locked, or wrong credentials — the same message for an
    unknown user and a wrong password). Side effects: a LoginFailure row on failure; a log line either way."""
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    until = lockout_until(username=username, ip=ip)
    if until is not None:
        logger.warning("login locked username=%s ip=%s until=%s", username, ip, until.isoformat())
        minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
        raise ValidationError(
            _("登录失败次数过多，请 %(minutes)d 分钟后再试。"), code="locked", params={"minutes": minutes}
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        LoginFailure.objects.create(username=username[:150], ip=ip)
        logger.warning("login failed username=%s ip=%s", username, ip)
        raise ValidationError(_("用户名或密码不正确。"), code="invalid_login")
    logger.info("login ok user_id=%s ip=%s", user.pk, ip)
    return user


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """The user's API token for ``Authorization: Token <key>``: the existing one, or a new one.
    Side effects: a Token row and an audit entry when a new one is made."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit_log(actor=user, action=AccountAction.TOKEN_ISSUED, target=user)
    return token


@transaction.atomic
def token_revoke(*, user: User) -> bool:
    """Delete the user's API token (every client holding it is signed out). False if there was none.
    Side effects: an audit entry when one is deleted."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    if deleted:
        audit_log(actor=user, action=AccountAction.TOKEN_REVOKED, target=user)
    return bool(deleted)
