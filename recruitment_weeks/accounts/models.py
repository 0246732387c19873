import unicodedata

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from recruitment_weeks.reference.validators import MOBILE_RE, normalize_mobile

USERNAME_TAKEN = _("该用户名已被注册。")


def username_key(username: str) -> str:
    """What makes two usernames the same: Unicode NFKC (full-width letters are the ASCII ones), then
    lower case — the database's unique index is on Lower(username) of the NFKC form stored."""
    return unicodedata.normalize("NFKC", username or "").lower()


def account_mobile(user) -> str:
    """The account's mobile number: its graduate's, or its employer's contact mobile (normalised);
    "" for accounts with neither. Read through the reverse relations the backend loads with the user."""
    for relation, field in (("graduate", "mobile"), ("employer", "contact_mobile")):
        try:
            profile = getattr(user, relation)
        except ObjectDoesNotExist:
            continue
        if profile is not None and getattr(profile, field, ""):
            return normalize_mobile(getattr(profile, field))
    return ""


class PortalUserManager(UserManager):
    def get_by_natural_key(self, username):
        """Sign-in's lookup, case-insensitive on every door (login page, admin, token endpoint):
        ``Grad-X`` and ``ｇｒａｄ－ｘ`` find ``grad-x``. An exact match wins should two rows ever match."""
        username = self.model.normalize_username(username or "")
        matches = list(self.filter(username__iexact=username).order_by("date_joined", "pk")[:5])
        for user in matches:
            if user.username == username:
                return user
        if matches:
            return matches[0]
        raise self.model.DoesNotExist

    def for_sign_in(self, identifier: str):
        """The account a sign-in form's "username" names: a username (case-insensitive), else an email
        address (case-insensitive), else a mainland mobile number of a graduate or an employer's
        contact. An email or mobile shared by several accounts names none of them (sign in with the
        username). None when nothing matches."""
        try:
            return self.get_by_natural_key(identifier)
        except self.model.DoesNotExist:
            pass
        identifier = unicodedata.normalize("NFKC", identifier or "").strip()
        mobile = normalize_mobile(identifier)
        if "@" in identifier:
            matches = self.filter(email__iexact=identifier)
        elif MOBILE_RE.fullmatch(mobile):
            # By the profiles' reverse relations (no import of the apps above): the number is kept
            # on the graduate or the employer, not on the user.
            matches = self.filter(models.Q(graduate__mobile=mobile) | models.Q(employer__contact_mobile=mobile))
        else:
            return None
        found = list(matches.distinct().order_by("pk")[:2])
        return found[0] if len(found) == 1 else None


class User(AbstractUser):
    """The portal's user. Roles come from what a user is linked to, not from a flag here:
    an ``employer`` profile, a ``graduate`` profile, or venue memberships (staff).

    Usernames are stored in Unicode NFKC form and are unique regardless of case (a unique index on
    Lower(username)), so ``Grad-x`` cannot stand next to ``grad-x``."""

    language = models.CharField(
        _("界面语言"), max_length=10, default="zh-hans", choices=[("zh-hans", "简体中文"), ("en", "English")]
    )
    # Raised by "sign out everywhere": part of the hash every session keeps of its user, so all of the
    # account's sessions end at once, wherever they are stored (see _get_session_auth_hash).
    session_epoch = models.PositiveIntegerField(_("会话批次"), default=0, editable=False)
    # The address last proved by a link sent to it. Notifications are emailed only while it is the
    # account's current email: a new address needs proving again, without anything to reset.
    email_verified = models.EmailField(_("已验证的邮箱"), blank=True, editable=False)
    # Likewise the mobile number last proved by a code sent to it (the number itself is on the
    # graduate or employer profile: ``account_mobile``).
    mobile_verified = models.CharField(_("已验证的手机号"), max_length=20, blank=True, editable=False)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = pgettext_lazy("plural", "用户")
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_ci_uniq",
                violation_error_message=USERNAME_TAKEN,
                violation_error_code="username_taken",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()  # NFKC-normalises the username
        if (
            self.username
            and type(self)._default_manager.filter(username__iexact=self.username).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"username": ValidationError(USERNAME_TAKEN, code="username_taken")})

    def save(self, *args, **kwargs):
        self.username = self.normalize_username(self.username)
        super().save(*args, **kwargs)

    @property
    def email_is_verified(self) -> bool:
        return bool(self.email) and self.email_verified.lower() == self.email.lower()

    @property
    def mobile_is_verified(self) -> bool:
        mobile = account_mobile(self)
        return bool(mobile) and mobile == self.mobile_verified

    def _get_session_auth_hash(self, secret=None):
        # Django's hash of the password, with the epoch once it is raised: epoch 0 gives Django's own
        # value, so sessions from before the field existed stay valid.
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = self.password if not self.session_epoch else f"{self.password}#{self.session_epoch}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


class SignInSession(models.Model):
    """One signed-in browser session, for the account's security page: recorded at sign-in, its
    ``last_seen`` refreshed at most every LAST_SEEN_EVERY by the middleware, deleted at sign-out and
    when the session has expired (the daily prune)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("登录时间"), auto_now_add=True)
    last_seen = models.DateTimeField(_("最近活动"))
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = pgettext_lazy("plural", "登录会话")
        indexes = [models.Index(fields=["user", "-last_seen"], name="accounts_signin_user_seen")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


class LoginFailure(models.Model):
    """One failed sign-in (or one being checked right now), for the lockout rule
    (recruitment_weeks.accounts.services). ``username`` is the key of the name typed
    (``username_key``); ``ip`` the client address. Rows are pruned daily once past the window."""

    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True, db_index=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = pgettext_lazy("plural", "登录失败记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {self.ip} {self.at:%Y-%m-%d %H:%M}"


class LoginGuard(models.Model):
    """One row per client address, locked (SELECT … FOR UPDATE) while an attempt from that address
    is counted against the limits and its failure slot reserved, so parallel guesses cannot all pass
    the count before any of them is recorded. Holds no data; pruned with the failures."""

    address = models.CharField(max_length=45, unique=True)  # "" when the request has no address

    def __str__(self) -> str:
        return self.address or "-"
