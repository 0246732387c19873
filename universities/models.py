from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import UniversityLevel
from .validators import validate_university_code


class University(models.Model):
    """An institution of higher education (普通高等学校) as data, not a free-text name.

    ``code`` is the ten-digit 学校标识码; blank when not known yet (then the name is the key an import
    matches on). ``is_ministry_affiliated`` (部属) and ``is_co_built`` (部省合建) mark the notice's
    addressees "部属各高等学校、部省合建各高等学校"; the others are reached through their province.
    """

    name = models.CharField(_("学校名称"), max_length=100, unique=True)
    code = models.CharField(
        _("学校标识码"), max_length=10, blank=True, validators=[validate_university_code], help_text=_("10位数字")
    )
    province = models.ForeignKey(
        "venues.Province", verbose_name=_("所在省份"), on_delete=models.PROTECT, related_name="universities"
    )
    authority = models.CharField(_("主管部门"), max_length=100, blank=True)
    level = models.CharField(
        _("办学层次"), max_length=20, choices=UniversityLevel.choices, default=UniversityLevel.UNDERGRADUATE
    )
    is_ministry_affiliated = models.BooleanField(_("部属高校"), default=False)
    is_co_built = models.BooleanField(_("部省合建高校"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("高校")
        verbose_name_plural = pgettext_lazy("plural", "高校")
        ordering = ["province__code", "code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="university_code_unique"),
            models.CheckConstraint(condition=Q(level__in=UniversityLevel.values), name="university_level_valid"),
        ]

    def __str__(self) -> str:
        return self.name
