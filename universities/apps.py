from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class UniversitiesConfig(AppConfig):
    name = "universities"
    verbose_name = pgettext_lazy("app", "高校")
