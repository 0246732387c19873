import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment_weeks.settings")

app = Celery("recruitment_weeks")
# All Celery settings live in Django settings with the CELERY_ prefix (one settings module).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
