from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = pgettext_lazy("app", "会场")
