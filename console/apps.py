from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ConsoleConfig(AppConfig):
    """The staff console: the Django admin of every app, review queues, statistics, charts, downloads
    and the staff API. It reads and acts on the models of the layers below; its own models are only the
    statistics rollup (console.models), rebuilt from those by console.rollup."""

    name = "console"
    verbose_name = pgettext_lazy("app", "工作台")
