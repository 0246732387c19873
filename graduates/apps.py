from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class GraduatesConfig(AppConfig):
    name = "graduates"
    verbose_name = pgettext_lazy("app", "高校毕业生")
