import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment_weeks.settings")

# The filesystem transport's folders (settings.CELERY_BROKER_TRANSPORT_OPTIONS). kombu makes none of
# them but the control folder, and that one only if its parent exists.
FILESYSTEM_FOLDERS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


class PortalCelery(Celery):
    """Makes the filesystem broker's folders when a connection to it is made (a worker consuming, beat
    or any process publishing a task), so that importing the settings creates nothing."""

    def connection_for_read(self, url=None, **kwargs):
        self.make_broker_folders(url or self.conf.broker_read_url, kwargs.get("transport_options"))
        return super().connection_for_read(url, **kwargs)

    def connection_for_write(self, url=None, **kwargs):
        # app.connection(), the producer pool and control commands (purge, inspect) come here too.
        self.make_broker_folders(url or self.conf.broker_write_url, kwargs.get("transport_options"))
        return super().connection_for_write(url, **kwargs)

    def make_broker_folders(self, url, transport_options: dict | None = None) -> None:
        if not isinstance(url, str) or not url.startswith("filesystem://"):
            return
        options = {**(self.conf.broker_transport_options or {}), **(transport_options or {})}
        for name in FILESYSTEM_FOLDERS:
            if options.get(name):
                Path(options[name]).mkdir(parents=True, exist_ok=True)


app = PortalCelery("recruitment_weeks")
# All Celery settings live in Django settings with the CELERY_ prefix (one settings module).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
