from django.contrib import admin

from .models import (
    ContactForm,
    Organisation,
    OrganiserContact,
    Platform,
    Province,
    SiteLinkReport,
    Venue,
    VenueMembership,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "system", "position")


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "system", "runs_precision_platform")


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "kind")
    search_fields = ("name", "code")


class MembershipInline(admin.TabularInline):
    model = VenueMembership
    raw_id_fields = ("user",)
    extra = 0


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "system", "province", "department", "site_url")
    list_filter = ("kind", "system")
    search_fields = ("name", "department", "province__name")
    list_select_related = ("province",)
    inlines = [MembershipInline]


@admin.register(VenueMembership)
class VenueMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "venue", "role", "created_at")
    list_select_related = ("user", "venue")
    raw_id_fields = ("user",)


@admin.register(SiteLinkReport)
class SiteLinkReportAdmin(admin.ModelAdmin):
    list_display = ("venue", "week", "site_name", "site_url", "reported_at")
    list_select_related = ("venue", "week")


@admin.register(ContactForm)
class ContactFormAdmin(admin.ModelAdmin):
    list_display = ("venue", "unit_name", "leader_name", "contact_name", "filled_on")
    list_select_related = ("venue",)


@admin.register(OrganiserContact)
class OrganiserContactAdmin(admin.ModelAdmin):
    list_display = ("unit", "people", "phone", "email", "system", "position")
