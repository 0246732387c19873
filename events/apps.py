from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = pgettext_lazy("app", "招聘周")
