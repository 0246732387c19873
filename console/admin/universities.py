"""The list of universities: read by every venue's staff, kept by the ministry (import, export)."""

import csv

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from console.actions import REVIEW_READONLY, reason_action, run_service_action
from console.csv_cells import csv_row
from console.scoping import ManagedVenueFilter, VenueScopedAdmin
from graduates.models import Graduate
from graduates.outcomes import (
    GROUP_PROVINCE,
    GROUP_UNIVERSITY,
    outcome_cells,
    outcome_headings,
    outcome_table,
    outcome_weeks,
)
from universities import services
from universities.forms import UniversityImportForm
from universities.models import CareerCentreMember, University, UniversityNotice
from universities.permissions import can_import_universities
from universities.selectors import notice_acknowledgement_board, notices_with_counts
from venues.models import Venue
from venues.permissions import is_main_venue_staff, is_venue_staff, staff_scope

EXPORT_HEADINGS = ("学校名称", "学校标识码", "所在省份", "主管部门", "办学层次", "部属", "部省合建")


@admin.register(University)
class UniversityAdmin(VenueScopedAdmin):
    """Reference data: venue staff view it; changes come through the import (or a superuser)."""

    venue_path = None
    list_display = ("name", "code", "province", "authority", "level", "is_ministry_affiliated", "is_co_built")
    list_filter = ("level", "is_co_built", "is_ministry_affiliated", "province")
    search_fields = ("name", "code", "authority")
    list_select_related = ("province",)
    fields = ("name", "code", "province", "authority", "level", "is_ministry_affiliated", "is_co_built")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="universities_university_import"),
            path("universities.csv", view(self.export_csv), name="universities_university_export"),
            path("outcomes/", view(outcomes_page), name="universities_outcomes"),
            path("outcomes.csv", view(outcomes_csv), name="universities_outcomes_csv"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": can_import_universities(request.user)}
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        services.university_save(university=obj, actor=request.user, changed=form.changed_data)

    def import_view(self, request):
        """Upload a list; every row checked first; a report of rejected rows, or all rows imported."""
        if not can_import_universities(request.user):
            raise PermissionDenied
        report = None
        form = UniversityImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = services.university_import(rows=form.cleaned_data["rows"], actor=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                if report.accepted:
                    messages.success(
                        request,
                        _("导入完成：新增%(created)d所，更新%(updated)d所，未变%(unchanged)d所。")
                        % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": _("导入高校名单"),
            "opts": self.model._meta,
            "form": form,
            "report": report,
        }
        status = 400 if request.method == "POST" and (form.errors or (report and not report.accepted)) else 200
        return TemplateResponse(request, "admin/universities/university/import.html", context, status=status)

    def export_csv(self, request):
        """The list as the import reads it (a download can be edited and imported again)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, "universities.csv")
        response.write("\ufeff")  # so Excel opens the UTF-8 file as UTF-8
        writer = csv.writer(response)
        writer.writerow(EXPORT_HEADINGS)
        yes, no = "是", "否"
        for u in self.get_queryset(request).select_related("province").order_by("province__code", "code", "name"):
            writer.writerow(
                csv_row(
                    [
                        u.name,
                        u.code,
                        u.province.name,
                        u.authority,
                        u.get_level_display(),
                        yes if u.is_ministry_affiliated else no,
                        yes if u.is_co_built else no,
                    ]
                )
            )
        return response


BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


@admin.register(CareerCentreMember)
class CareerCentreMemberAdmin(VenueScopedAdmin):
    """Career-centre staff accounts, approved by the education branch venue of their province."""

    venue_path = "reviewing_venue"
    staff_review = True
    list_display = ("name", "university", "title", "status", "reviewing_venue", "submitted_at")
    list_filter = ("status", ("reviewing_venue", ManagedVenueFilter))
    search_fields = ("name", "university__name", "university__code")
    list_select_related = ("university", "reviewing_venue")
    fields = ("user", "university", "name", "title", "mobile", "email", "reviewing_venue", *REVIEW_READONLY)
    readonly_fields = ("user", "university", "reviewing_venue", *REVIEW_READONLY)
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # accounts come from the registration page (/career-centre/register/)

    @admin.action(description=gettext_lazy("审核通过所选就业指导中心工作人员"), permissions=["review"], location=BOTH)
    def approve(self, request, queryset):
        run_service_action(
            self, request, queryset, lambda obj, user: services.career_centre_approve(member=obj, actor=user)
        )

    reject = reason_action(
        name="reject",
        description=gettext_lazy("审核不通过所选就业指导中心工作人员（需填写原因）"),
        heading=gettext_lazy("就业指导中心工作人员审核不通过：请填写原因"),
        service=lambda obj, user, reason: services.career_centre_reject(member=obj, actor=user, reason=reason),
        locations=BOTH,
    )


@admin.register(UniversityNotice)
class UniversityNoticeAdmin(VenueScopedAdmin):
    """Notices to universities: a branch venue's reach its province's universities, a main venue's
    every university. Sent, not edited; the board shows who has acknowledged and who has not."""

    venue_path = "venue"
    staff_add = True
    list_display = ("title", "venue", "published_at", "acknowledged", "board_link")
    list_filter = (("venue", ManagedVenueFilter),)
    search_fields = ("title",)
    list_select_related = ("venue",)
    fields = ("venue", "title", "body")

    def get_queryset(self, request):
        return notices_with_counts(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        return ("venue", "title", "body", "published_at", "created_by") if obj else ()

    def get_fields(self, request, obj=None):
        return (*self.fields, "published_at", "created_by") if obj else self.fields

    @admin.display(description=gettext_lazy("已签收"))
    def acknowledged(self, obj):
        return obj.acknowledged_count

    @admin.display(description=gettext_lazy("签收情况"))
    def board_link(self, obj):
        url = reverse("admin:universities_universitynotice_board", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("查看"))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.university_notice_publish(
            venue=data["venue"], actor=request.user, title=data["title"], body=data["body"]
        )
        obj.pk, obj.published_at = saved.pk, saved.published_at
        obj._state.adding = False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/board/", view(self.board_view), name="universities_universitynotice_board"),
            *super().get_urls(),
        ]

    def board_view(self, request, pk: int):
        """Which addressed universities have acknowledged the notice, and which have not."""
        notice = self.get_queryset(request).filter(pk=pk).first()
        if notice is None or not self.has_view_permission(request, notice):
            raise Http404("No such notice")
        acknowledged, waiting = notice_acknowledgement_board(notice=notice)
        context = {
            **self.admin_site.each_context(request),
            "title": _("签收情况：%(title)s") % {"title": notice.title},
            "opts": self.model._meta,
            "notice": notice,
            "acknowledged": acknowledged,
            "waiting": waiting,
            "total": len(acknowledged) + len(waiting),
        }
        return TemplateResponse(request, "admin/universities/universitynotice/board.html", context)


# --- 毕业去向 figures for venue staff ---------------------------------------------------------------


def _scoped_graduates(user):
    """Graduates of the universities of the staff member's provinces; all for ministry staff."""
    scope = staff_scope(user)
    if scope.is_main_staff:
        return Graduate.objects.all()
    provinces = Venue.objects.filter(pk__in=sorted(scope.venue_ids)).values("province_id")
    return Graduate.objects.filter(university_province__in=provinces)


def _outcome_request(request) -> tuple:
    if not is_venue_staff(request.user):
        raise PermissionDenied
    group = request.GET.get("group", GROUP_UNIVERSITY)
    if group not in (GROUP_UNIVERSITY, GROUP_PROVINCE) or not is_main_venue_staff(request.user):
        group = GROUP_UNIVERSITY
    graduates = _scoped_graduates(request.user)
    return graduates, group, outcome_table(graduates=graduates, group=group)


def outcomes_page(request):
    """Per university (or per province for ministry staff) and per recruitment week."""
    graduates, group, table = _outcome_request(request)
    headings = outcome_headings()
    context = {
        **admin.site.each_context(request),
        "title": _("毕业去向统计"),
        "opts": University._meta,
        "headings": headings,
        "rows": [list(zip(headings, outcome_cells(row), strict=True)) for row in table],
        "weeks": outcome_weeks(graduates=graduates),
        "group": group,
        "can_group_by_province": is_main_venue_staff(request.user),
    }
    return TemplateResponse(request, "admin/universities/outcomes.html", context)


def outcomes_csv(request):
    _graduates, group, table = _outcome_request(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"outcomes-by-{group}.csv")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(outcome_headings())
    for row in table:
        writer.writerow(csv_row(outcome_cells(row)))
    return response
