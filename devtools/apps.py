from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class DevtoolsConfig(AppConfig):
    """Development tools: the demo data set, scale seeding and the load benchmark. No models.

    Installed only where DEV_TOOLS is on (the default with DEBUG): production never loads them.
    """

    name = "devtools"
    verbose_name = pgettext_lazy("app", "开发工具")
