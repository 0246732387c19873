from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.options import ActionLocation
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from console.actions import (
    REVIEW_READONLY,
    ReviewQueueMixin,
    reason_action,
    run_service_action,
)
from console.scoping import ManagedVenueFilter, VenueScopedAdmin
from events.models import FairRegistration, RecruitmentWeek
from fairs import services

BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


@admin.register(RecruitmentWeek)
class RecruitmentWeekAdmin(VenueScopedAdmin):
    """Later years are added here as data: (year, season) is unique. Venue staff may look, not edit."""

    venue_path = None  # public reference data
    list_display = (
        "name",
        "year",
        "season",
        "starts_on",
        "ends_on",
        "status_label",
        "notice_issued_on",
        "deadline_label",
    )
    list_filter = ("year", "season")
    ordering = ("starts_on",)

    @admin.display(description=_("分会场报送截止"))
    def deadline_label(self, obj):
        """The deadline, or why there is none (the week began less than a week after its notice)."""
        if obj.report_deadline_applies:
            return formats.localize(timezone.localtime(obj.report_deadline))
        return _("不设截止（通知印发距活动开始不足一周）")

    @admin.display(description=_("状态"))
    def status_label(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("报送截止时间"))
    def report_deadline(self, obj):
        return obj.report_deadline


@admin.register(FairRegistration)
class FairRegistrationAdmin(ReviewQueueMixin, VenueScopedAdmin):
    """An employer's application to a week's fair, reviewed by the staff of that venue."""

    venue_path = "venue"
    staff_review = True
    list_display = ("employer", "week", "venue", "status", "waiting", "submitted_at")
    list_filter = ("status", ("week", RelatedOnlyFieldListFilter), ("venue", ManagedVenueFilter))
    search_fields = ("employer__name", "employer__uscc")
    list_select_related = ("employer", "week", "venue")
    raw_id_fields = ("employer",)
    filter_horizontal = ("postings",)
    readonly_fields = REVIEW_READONLY
    actions = ["approve", "reject"]

    @admin.action(description=_("通过所选报名"), permissions=["review"], location=BOTH)
    def approve(self, request, queryset):
        run_service_action(
            self, request, queryset, lambda obj, user: services.fair_registration_approve(registration=obj, actor=user)
        )

    reject = reason_action(
        name="reject",
        description=_("不通过所选报名（需填写原因）"),
        heading=_("招聘会报名不通过：请填写原因"),
        service=lambda obj, user, reason: services.fair_registration_reject(
            registration=obj, actor=user, reason=reason
        ),
        locations=BOTH,
    )
