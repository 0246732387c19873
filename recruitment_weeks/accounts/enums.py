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
    SECOND_FACTOR_ENROLLED = "accounts.second_factor.enrolled", _("启用两步验证")
    RECOVERY_CODE_USED = "accounts.second_factor.recovery_code_used", _("使用恢复码登录")
    SECOND_FACTOR_RESET = "accounts.second_factor.reset", _("重置两步验证")
    SESSION_ENDED = "accounts.session.ended", _("在其他设备上退出")
    SIGNED_OUT_EVERYWHERE = "accounts.session.ended_everywhere", _("在所有设备上退出")
    EMAIL_VERIFIED = "accounts.email.verified", _("验证邮箱")
    MOBILE_VERIFIED = "accounts.mobile.verified", _("验证手机号")
