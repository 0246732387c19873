from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from console.actions import (
    REVIEW_READONLY,
    ReviewQueueMixin,
    reason_action,
    run_service_action,
)
from console.scoping import ManagedVenueFilter, VenueScopedAdmin
from graduates import selectors, services
from graduates.models import Application, Graduate

BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


class GraduationYearFilter(admin.SimpleListFilter):
    """届别: this year's class, the years around it. Django's own filter for the field would ask for
    the distinct years of every graduate (a scan of a million rows on each page view)."""

    title = _("毕业年份")
    parameter_name = "graduation_year"

    def lookups(self, request, model_admin):
        this_year = timezone.localdate().year
        return [(str(year), str(year)) for year in range(this_year + 1, this_year - 5, -1)]

    def queryset(self, request, queryset):
        return queryset.filter(graduation_year=self.value()) if self.value() else queryset


@admin.register(Graduate)
class GraduateAdmin(ReviewQueueMixin, VenueScopedAdmin):
    """Reviewed by ``reviewing_venue`` (the education branch venue of the university's province)."""

    venue_path = "reviewing_venue"
    staff_review = True
    list_display = (
        "name",
        "university",
        "university_province",
        "degree",
        "graduation_year",
        "status",
        "waiting",
        "submitted_at",
    )
    list_filter = ("status", ("reviewing_venue", ManagedVenueFilter), "degree", GraduationYearFilter)
    search_fields = ("name", "university", "major")
    list_select_related = ("university_province",)
    # The PDF résumé lives in private storage (no URL of its own) and only the graduate and the
    # employers applied to may download it: the admin says whether there is one, and links nowhere.
    exclude = ("resume_pdf",)
    readonly_fields = (
        "resume_pdf_on_file",
        "listed_university",
        "university_confirmed_at",
        "university_confirmed_by",
        *REVIEW_READONLY,
    )
    raw_id_fields = ("user",)
    actions = ["approve", "reject"]

    def get_search_results(self, request, queryset, search_term):
        """Each word in the name, university or major (as search_fields), through the index of their
        character pairs on PostgreSQL: a national search reads what it finds, not every graduate."""
        if not search_term.strip():
            return queryset, False
        return selectors.graduates_matching(queryset, search_term), False

    @admin.display(description=_("PDF简历"))
    def resume_pdf_on_file(self, obj):
        if obj is None or not obj.resume_pdf:
            return "-"
        return _("已上传（仅求职者本人及其投递的用人单位可下载）")

    @admin.action(description=_("审核通过所选毕业生"), permissions=["review"], location=BOTH)
    def approve(self, request, queryset):
        run_service_action(
            self, request, queryset, lambda obj, user: services.graduate_approve(graduate=obj, actor=user)
        )

    reject = reason_action(
        name="reject",
        description=_("审核不通过所选毕业生（需填写原因）"),
        heading=_("毕业生审核不通过：请填写原因"),
        service=lambda obj, user, reason: services.graduate_reject(graduate=obj, actor=user, reason=reason),
        locations=BOTH,
    )


@admin.register(Application)
class ApplicationAdmin(VenueScopedAdmin):
    """Visible to the staff of the posting employer's reviewing venue; changed only by the two sides."""

    venue_path = "posting__employer__reviewing_venue"
    list_display = ("id", "graduate", "posting", "status", "created_at", "status_changed_at")
    list_filter = ("status",)
    list_select_related = ("graduate", "posting__employer")
    ordering = ("-pk",)  # newest first from the primary key
    raw_id_fields = ("graduate", "posting")
    readonly_fields = ("status", "status_reason", "status_changed_at", "created_at", "updated_at")
