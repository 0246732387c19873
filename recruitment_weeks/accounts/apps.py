from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    name = "recruitment_weeks.accounts"
    label = "accounts"
    verbose_name = pgettext_lazy("app", "账户")

    def ready(self):
        from . import (
            enums,  # noqa: F401 — registers the app's audit actions (recruitment_weeks.audit.actions)
            receivers,  # noqa: F401 — records sign-ins for the sessions page
        )
