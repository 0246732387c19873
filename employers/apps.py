from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = pgettext_lazy("app", "用人单位")
