from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = pgettext_lazy("app", "沟通")
