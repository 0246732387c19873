from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "recruitment_weeks.accounts"
    label = "accounts"
    verbose_name = _("账户")
