from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ConsoleConfig(AppConfig):
    """The staff console: the Django admin of every app, review queues, statistics, charts, downloads
    and the staff API. No models: it reads and acts on the models of the layers below."""

    name = "console"
    verbose_name = pgettext_lazy("app", "工作台")
