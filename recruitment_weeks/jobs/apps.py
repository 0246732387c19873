from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Scheduled sweeps (Celery beat): deadlines and reminders the notice implies."""

    name = "recruitment_weeks.jobs"
    label = "jobs"
    verbose_name = _("定时任务")
