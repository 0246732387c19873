from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.admin_utils import REVIEW_READONLY, run_service_action

from . import services
from .models import FairRegistration, RecruitmentWeek


@admin.register(RecruitmentWeek)
class RecruitmentWeekAdmin(admin.ModelAdmin):
    """Later years are added here as data: (year, season) is unique."""

    list_display = ("name", "year", "season", "starts_on", "ends_on", "status_label", "report_deadline")
    list_filter = ("year", "season")
    ordering = ("starts_on",)

    @admin.display(description=_("状态"))
    def status_label(self, obj):
        return obj.get_status_display()


@admin.register(FairRegistration)
class FairRegistrationAdmin(admin.ModelAdmin):
    list_display = ("employer", "week", "venue", "status", "submitted_at")
    list_filter = ("status", "week")
    list_select_related = ("employer", "week", "venue")
    raw_id_fields = ("employer",)
    filter_horizontal = ("postings",)
    readonly_fields = REVIEW_READONLY
    actions = ["approve"]

    @admin.action(description=_("通过所选报名"))
    def approve(self, request, queryset):
        run_service_action(
            self, request, queryset, lambda obj, user: services.fair_registration_approve(registration=obj, actor=user)
        )
