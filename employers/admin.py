from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.admin_utils import REVIEW_READONLY, run_service_action

from . import services
from .models import Employer, JobPosting


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    # Status changes only through the review services (audited, notified): never edited by hand.
    list_display = ("name", "uscc", "province", "industry", "status", "reviewing_venue", "submitted_at")
    list_filter = ("status", "ownership", "industry")
    search_fields = ("name", "uscc", "contact_name")
    list_select_related = ("province", "reviewing_venue")
    readonly_fields = REVIEW_READONLY
    raw_id_fields = ("user",)
    actions = ["approve"]

    @admin.action(description=_("审核通过所选用人单位"))
    def approve(self, request, queryset):
        run_service_action(
            self, request, queryset, lambda obj, user: services.employer_approve(employer=obj, actor=user)
        )


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = ("title", "employer", "province", "city", "status", "valid_until", "published_at")
    list_filter = ("status", "degree_requirement")
    search_fields = ("title", "employer__name")
    list_select_related = ("employer", "province")
    raw_id_fields = ("employer",)
    readonly_fields = ("status", "published_at", "created_at", "updated_at")
