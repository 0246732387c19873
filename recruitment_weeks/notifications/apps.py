from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class NotificationsConfig(AppConfig):
    name = "recruitment_weeks.notifications"
    label = "notifications"
    verbose_name = pgettext_lazy("app", "通知")
