from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Discipline(models.Model):
    """学科门类: a table (not only choices) so postings can require several and filter by join."""

    code = models.CharField(_("代码"), max_length=2, primary_key=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=60)

    class Meta:
        verbose_name = _("学科门类")
        verbose_name_plural = pgettext_lazy("plural", "学科门类")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name
