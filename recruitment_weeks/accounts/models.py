from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The portal's user. Roles come from what a user is linked to, not from a flag here:
    an ``employer`` profile, a ``graduate`` profile, or venue memberships (staff)."""

    language = models.CharField(
        _("界面语言"), max_length=10, default="zh-hans", choices=[("zh-hans", "简体中文"), ("en", "English")]
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
