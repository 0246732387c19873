from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.admin_utils import REVIEW_READONLY, run_service_action

from . import services
from .models import Application, Graduate


@admin.register(Graduate)
class GraduateAdmin(admin.ModelAdmin):
    list_display = ("name", "university", "university_province", "degree", "graduation_year", "status", "submitted_at")
    list_filter = ("status", "degree", "graduation_year")
    search_fields = ("name", "university", "major")
    list_select_related = ("university_province",)
    readonly_fields = REVIEW_READONLY
    raw_id_fields = ("user",)
    actions = ["approve"]

    @admin.action(description=_("审核通过所选毕业生"))
    def approve(self, request, queryset):
        run_service_action(
            self, request, queryset, lambda obj, user: services.graduate_approve(graduate=obj, actor=user)
        )


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("id", "graduate", "posting", "status", "created_at", "status_changed_at")
    list_filter = ("status",)
    list_select_related = ("graduate", "posting")
    raw_id_fields = ("graduate", "posting")
    readonly_fields = ("status", "status_reason", "status_changed_at", "created_at", "updated_at")
