from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "recruitment_weeks.reference"
    label = "reference"
    verbose_name = _("基础数据")

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from recruitment_weeks.reference.text_guard import refuse_unreadable_text

        pre_save.connect(refuse_unreadable_text, dispatch_uid="refuse_unreadable_text")
