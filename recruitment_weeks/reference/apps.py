from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "recruitment_weeks.reference"
    label = "reference"
    verbose_name = _("基础数据")

    def ready(self) -> None:
        # The empty choice of every drop-down (forms, the admin's forms and action menu). Django's
        # "- Select an option -" has no Chinese translation; Django reads this name from here at
        # each use, and documents setting it in an app's ready().
        from django.db.models import fields
        from django.db.models.signals import pre_save

        from recruitment_weeks.reference.text_guard import refuse_unreadable_text

        fields.BLANK_CHOICE_LABEL = _("请选择")
        pre_save.connect(refuse_unreadable_text, dispatch_uid="refuse_unreadable_text")
