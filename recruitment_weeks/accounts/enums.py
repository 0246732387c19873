from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.actions import register_actions


@register_actions
class AccountAction(models.TextChoices):
    """What the audit log records about accounts."""

    TOKEN_ISSUED = "accounts.token.issued", _("签发接口令牌")
    TOKEN_REVOKED = "accounts.token.revoked", _("撤销接口令牌")
    USERNAME_RENAMED = "accounts.user.renamed", _("用户名因与他人仅大小写不同而更改")
    PASSWORD_RESET = "accounts.password.reset", _("通过邮件重设密码")
