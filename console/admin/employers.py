from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from console.actions import (
    REVIEW_READONLY,
    ReviewQueueMixin,
    reason_action,
    run_service_action,
)
from console.admin import reply_times
from console.scoping import ManagedVenueFilter, VenueScopedAdmin
from employers import services
from employers.models import Employer, JobPosting, PostingReport, ScreenPhrase
from employers.search_text import refresh_employer_postings, refresh_search_text
from venues.permissions import staff_scope

BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


@admin.register(Employer)
class EmployerAdmin(ReviewQueueMixin, VenueScopedAdmin):
    """Reviewed by ``reviewing_venue``. Status changes only through the review services (audited,
    notified): never edited by hand. Venue staff view their venues' employers and decide on them."""

    venue_path = "reviewing_venue"
    staff_review = True
    list_display = (
        "name",
        "uscc",
        "province",
        "industry",
        "status",
        "waiting",
        "reviewing_venue",
        "submitted_at",
    )
    list_filter = ("status", ("reviewing_venue", ManagedVenueFilter), "ownership", "industry")
    search_fields = ("name", "uscc", "contact_name")
    list_select_related = ("province", "reviewing_venue")
    # The licence lives in private storage (no URL of its own): reviewers open it through the
    # permission-checked download, and it is replaced only by the employer (a new review).
    exclude = ("licence",)
    readonly_fields = ("licence_file", *REVIEW_READONLY)
    raw_id_fields = ("user",)
    actions = ["approve", "reject", "suspend", "reinstate"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("reply-times/", view(reply_times.reply_times_page), name="employers_reply_times"),
            path("reply-times.csv", view(reply_times.reply_times_csv), name="employers_reply_times_csv"),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"name", "industry", "ownership"} & set(form.changed_data):
            refresh_employer_postings(employer=obj)  # what the postings' search document and facets hold

    @admin.display(description=_("营业执照"))
    def licence_file(self, obj):
        if obj is None or not obj.licence:
            return "-"
        url = reverse("employers:licence", args=[obj.pk])
        return format_html('<a href="{}" id="licence-download">{}</a>', url, _("下载营业执照"))

    @admin.action(description=_("审核通过所选用人单位"), permissions=["review"], location=BOTH)
    def approve(self, request, queryset):
        run_service_action(
            self, request, queryset, lambda obj, user: services.employer_approve(employer=obj, actor=user)
        )

    reject = reason_action(
        name="reject",
        description=_("审核不通过所选用人单位（需填写原因）"),
        heading=_("审核不通过：请填写原因"),
        service=lambda obj, user, reason: services.employer_reject(employer=obj, actor=user, reason=reason),
        locations=BOTH,
    )
    suspend = reason_action(
        name="suspend",
        description=_("暂停所选用人单位（需填写原因）"),
        heading=_("暂停用人单位：请填写原因"),
        service=lambda obj, user, reason: services.employer_suspend(employer=obj, actor=user, reason=reason),
        locations=BOTH,
    )

    @admin.action(description=_("恢复所选用人单位"), permissions=["review"], location=BOTH)
    def reinstate(self, request, queryset):
        run_service_action(
            self, request, queryset, lambda obj, user: services.employer_reinstate(employer=obj, actor=user)
        )


@admin.register(JobPosting)
class JobPostingAdmin(VenueScopedAdmin):
    """Visible to the staff of the employer's reviewing venue; edited only by the employer."""

    venue_path = "employer__reviewing_venue"
    list_display = ("title", "employer", "province", "city", "headcount", "status", "valid_until", "published_at")
    list_filter = ("status", "degree_requirement")
    search_fields = ("title", "employer__name")
    list_select_related = ("employer", "province")
    ordering = ("-pk",)  # newest first from the primary key; published_at is indexed for public rows only
    raw_id_fields = ("employer",)
    readonly_fields = ("status", "published_at", "created_at", "updated_at")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_search_text(posting=form.instance)  # after the disciplines are saved: the facets hold them


@admin.register(ScreenPhrase)
class ScreenPhraseAdmin(VenueScopedAdmin):
    """The screen's vocabulary: every venue's staff may read it; main-venue staff (and superusers)
    add phrases or switch them off, and the screen uses the change at once, with no release."""

    venue_path = None
    list_display = ("phrase", "category", "active", "note", "updated_at")
    list_filter = ("category", "active")
    search_fields = ("phrase", "note")
    ordering = ("category", "phrase")

    def _main_staff(self, request) -> bool:
        return staff_scope(request.user).is_main_staff

    def has_add_permission(self, request):
        return super().has_add_permission(request) or (not self._unrestricted(request) and self._main_staff(request))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or (
            not self._unrestricted(request) and self._main_staff(request)
        )


REPORT_NOTE_HELP = _("记入举报的处理说明和审计日志，供会场工作人员查看。")


@admin.register(PostingReport)
class PostingReportAdmin(VenueScopedAdmin):
    """Reports (举报) of public postings, in the queue of the venue reviewing the posting's employer:
    only that venue's staff (and those of its main venue) see them. Staff close the posting or dismiss
    the report, with a reason, through the services (audited); nothing is edited by hand."""

    venue_path = "posting__employer__reviewing_venue"
    staff_review = True
    list_display = ("posting", "reason", "state", "created_at", "handled_at")
    list_filter = ("state", "reason")
    search_fields = ("posting__title", "posting__employer__name", "details")
    list_select_related = ("posting__employer",)
    ordering = ("-created_at", "-id")
    readonly_fields = (
        "posting",
        "reporter",
        "reason",
        "details",
        "state",
        "created_at",
        "handled_by",
        "handled_at",
        "handling_note",
    )
    actions = ["close_posting", "dismiss"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    close_posting = reason_action(
        name="close_posting",
        description=_("举报属实：关闭所举报的职位"),
        heading=_("关闭职位：请填写处理说明"),
        service=lambda obj, user, reason: services.report_close_posting(report=obj, actor=user, note=reason),
        locations=BOTH,
        help_text=REPORT_NOTE_HELP,
    )
    dismiss = reason_action(
        name="dismiss",
        description=_("驳回所选举报（需填写原因）"),
        heading=_("驳回举报：请填写原因"),
        service=lambda obj, user, reason: services.report_dismiss(report=obj, actor=user, note=reason),
        locations=BOTH,
        help_text=REPORT_NOTE_HELP,
    )
