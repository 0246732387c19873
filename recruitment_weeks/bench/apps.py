from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    """Scale seeding and the benchmark's helpers; no models."""

    name = "recruitment_weeks.bench"
    label = "bench"
    verbose_name = _("性能测试")
