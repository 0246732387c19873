from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class MarketplaceConfig(AppConfig):
    """The job marketplace: search, job pages and feeds, applications, matching, saved items. No models
    of its own: applications and saved items are stored with the graduate (graduates.models)."""

    name = "marketplace"
    verbose_name = pgettext_lazy("app", "职位与求职")

    def ready(self):
        from . import enums  # noqa: F401 — registers the app's audit actions (recruitment_weeks.audit.actions)
