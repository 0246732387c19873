from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class FairsConfig(AppConfig):
    """A week's fair at a venue: employers' registrations, their review and the venue's fair page. The
    registration table belongs to the weeks (events.models.FairRegistration); the behaviour lives here."""

    name = "fairs"
    verbose_name = pgettext_lazy("app", "招聘会")

    def ready(self):
        from . import enums  # noqa: F401 — registers the app's audit actions (recruitment_weeks.audit.actions)
