"""The contact form (联系表): filled in per venue, downloaded as the attachment's spreadsheet."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from console.scoping import VenueScopedAdmin
from console.xlsx import XLSX_CONTENT_TYPE, contact_forms_workbook
from events.models import RecruitmentWeek
from events.selectors import week_of_record
from venues import services
from venues.models import ContactForm
from venues.permissions import is_venue_staff, venues_managed_by


class ContactFormForm(forms.ModelForm):
    class Meta:
        model = ContactForm
        fields = ["venue", *services.CONTACT_FORM_FIELDS]

    def _clean_phone(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        if value and not services.PHONE_RE.fullmatch(value):
            raise ValidationError(_("请输入有效的电话号码，例如 010-84202538 或 13912345678。"))
        return value

    def clean_leader_phone(self):
        return self._clean_phone("leader_phone")

    def clean_contact_phone(self):
        return self._clean_phone("contact_phone")


def workbook_year(request) -> int:
    """The year of the week the forms are for: ``?week=<id>`` when given, else the current or next
    week (the latest one once every week has closed), else this year."""
    week = None
    if (week_id := request.GET.get("week", "")).isdigit():
        week = RecruitmentWeek.objects.filter(pk=int(week_id)).first()
        if week is None:
            raise Http404("No such week")
    week = week or week_of_record()
    return week.year if week else timezone.localdate().year


def workbook_response(request, venues, forms: dict[int, ContactForm], filename: str) -> HttpResponse:
    workbook = contact_forms_workbook(venues, forms, year=workbook_year(request))
    response = HttpResponse(workbook, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@admin.register(ContactForm)
class ContactFormAdmin(VenueScopedAdmin):
    venue_path = "venue"
    staff_add = True
    staff_change = True
    form = ContactFormForm
    list_display = ("venue", "unit_name", "site_name", "leader_name", "contact_name", "filled_on", "updated_at")
    list_filter = (("venue", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("venue__name", "unit_name", "leader_name", "contact_name")
    list_select_related = ("venue",)
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("venue", "unit_name", "site_name", "site_url")}),
        (_("负责人"), {"fields": ("leader_name", "leader_title", "leader_phone", "leader_email")}),
        (_("联系人"), {"fields": ("contact_name", "contact_title", "contact_phone", "contact_email")}),
        (None, {"fields": ("filled_by_unit", "filled_on", "updated_at")}),
    )
    actions = ["download_selected"]

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "venue") if obj else self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        if obj:
            return self.fieldsets
        *head, (title, _options) = self.fieldsets
        return (*head, (title, {"fields": ("filled_by_unit", "filled_on")}))

    def get_changeform_initial_data(self, request):
        return {"filled_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        saved = services.contact_form_save(
            venue=form.cleaned_data.get("venue") or obj.venue,
            actor=request.user,
            **{name: form.cleaned_data[name] for name in services.CONTACT_FORM_FIELDS},
        )
        obj.pk = saved.pk
        obj._state.adding = False

    @admin.action(description=_("下载所选联系表（Excel）"))
    def download_selected(self, request, queryset):
        forms_by_venue = {form.venue_id: form for form in queryset.select_related("venue")}
        venues = sorted((form.venue for form in forms_by_venue.values()), key=lambda v: (v.kind, v.slug))
        return workbook_response(request, venues, forms_by_venue, "联系表.xlsx")

    def get_urls(self):
        return [
            path("download/", self.admin_site.admin_view(self.download_view), name="venues_contactform_download"),
            *super().get_urls(),
        ]

    def download_view(self, request):
        """Every venue the user manages (a ministry: its whole system, 未填报 where missing), or one
        venue with ?venue=<id>. The workbook is laid out like the notice's attachment, titled with the
        year of ``?week=<id>`` or of the current or next week."""
        if not is_venue_staff(request.user):
            raise PermissionDenied
        venues = list(venues_managed_by(request.user).order_by("kind", "province__code", "system"))
        if request.GET.get("venue"):
            venues = [v for v in venues if str(v.pk) == request.GET["venue"]]
            if not venues:
                raise Http404("No such venue")
        forms_by_venue = {form.venue_id: form for form in ContactForm.objects.filter(venue__in=venues)}
        filename = f"联系表-{venues[0].name}.xlsx" if len(venues) == 1 else "联系表.xlsx"
        return workbook_response(request, venues, forms_by_venue, filename)
