"""Site-link reports: a branch venue reports its activity-zone site for each week; the board shows
every venue of the user's scope for a week, late and missing first."""

from django import forms
from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from console.scoping import VenueScopedAdmin
from events.models import RecruitmentWeek
from venues import selectors, services
from venues.duties import branch_duties
from venues.enums import ReportStatus, VenueKind
from venues.models import SiteLinkReport
from venues.permissions import is_venue_staff


class SiteLinkReportForm(forms.ModelForm):
    class Meta:
        model = SiteLinkReport
        fields = ["venue", "week", "site_name", "site_url"]

    def clean(self):
        data = super().clean()
        venue = data.get("venue") or getattr(self.instance, "venue", None)
        if venue is not None and venue.kind != VenueKind.BRANCH:
            self.add_error("venue", _("只有省级分会场报送活动专区网站。"))
        if "site_name" in data and "site_url" in data:
            try:
                data["site_name"], data["site_url"] = services.clean_site_link(
                    site_name=data["site_name"], site_url=data["site_url"]
                )
            except ValidationError as exc:
                for field_name, messages in exc.message_dict.items():
                    self.add_error(field_name, messages)
        return data

    def validate_unique(self):
        # A second report for the same venue and week corrects the first (the service upserts).
        pass

    def validate_constraints(self):
        pass  # the only constraint is that (venue, week) pair: see validate_unique


@admin.register(SiteLinkReport)
class SiteLinkReportAdmin(VenueScopedAdmin):
    venue_path = "venue"
    staff_add = True
    staff_change = True
    form = SiteLinkReportForm
    list_display = ("venue", "week", "site_name", "site_url", "reported_at", "status_label", "reported_by")
    list_filter = (("week", RelatedOnlyFieldListFilter), ("venue", RelatedOnlyFieldListFilter))
    search_fields = ("venue__name", "site_name", "site_url")
    list_select_related = ("venue", "week", "reported_by")
    readonly_fields = ("reported_at", "reported_by", "status_label", "updated_at")

    def get_fields(self, request, obj=None):
        fields = ["venue", "week", "site_name", "site_url"]
        return [*fields, *self.readonly_fields] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "venue", "week") if obj else ()

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "week" not in initial and (week := selectors.default_report_week()):
            initial["week"] = week.pk
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "venue":
            field.queryset = field.queryset.filter(kind=VenueKind.BRANCH)
            if field.queryset.count() == 1:
                field.initial = field.queryset.get().pk
        return field

    @admin.display(description=gettext_lazy("报送状态"))
    def status_label(self, obj):
        if obj is None or obj.pk is None or obj.reported_at is None:
            return "—"
        return ReportStatus(selectors.report_status(week=obj.week, report=obj, now=timezone.now())).label

    def save_model(self, request, obj, form, change):
        report = services.site_link_report_submit(
            venue=form.cleaned_data.get("venue") or obj.venue,
            week=form.cleaned_data.get("week") or obj.week,
            site_name=form.cleaned_data["site_name"],
            site_url=form.cleaned_data["site_url"],
            actor=request.user,
        )
        # The admin goes on with the form's instance (log entry, redirect): point it at the saved row.
        obj.pk, obj.reported_at, obj.reported_by_id = report.pk, report.reported_at, report.reported_by_id
        obj._state.adding = False

    def get_urls(self):
        return [
            path("board/", self.admin_site.admin_view(self.board_view), name="venues_sitelinkreport_board"),
            *super().get_urls(),
        ]

    def board_view(self, request):
        """Every branch venue of the user's scope for one week: on time / late / missing."""
        if not is_venue_staff(request.user):
            raise PermissionDenied
        weeks = list(RecruitmentWeek.objects.order_by("starts_on"))
        week = selectors.default_report_week(weeks=weeks)
        if request.GET.get("week"):
            week = next((w for w in weeks if str(w.pk) == request.GET["week"]), None)
            if week is None:
                raise Http404("No such week")
        rows = selectors.site_report_board(user=request.user, week=week) if week else []
        counts = {status: sum(1 for r in rows if r.status == status) for status in ReportStatus}
        # Without a binding deadline (a week begun less than a week after its notice) nobody is
        # late or missing: those counts are not shown, only the no-deadline one.
        shown = (
            [s for s in ReportStatus if s != ReportStatus.NO_DEADLINE]
            if week is None or week.report_deadline_applies
            else [ReportStatus.NO_DEADLINE, ReportStatus.ON_TIME]
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("网站链接报送情况"),
            "opts": self.model._meta,
            "weeks": weeks,
            "week": week,
            "rows": rows,
            "counts": [(status, counts[status]) for status in shown],
            "duties": branch_duties(),
            "can_add": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/venues/sitelinkreport_board.html", context)
