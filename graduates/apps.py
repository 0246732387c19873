from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraduatesConfig(AppConfig):
    name = "graduates"
    verbose_name = _("高校毕业生")
