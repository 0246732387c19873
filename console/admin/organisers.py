"""The notice's reference data: edited by superusers only (venue staff do not see it in the admin)."""

from django.contrib import admin

from console.scoping import VenueScopedAdmin
from venues.models import Organisation, OrganiserContact, Platform, Province


class ReferenceAdmin(VenueScopedAdmin):
    venue_path = None
    staff_view = False


@admin.register(Organisation)
class OrganisationAdmin(ReferenceAdmin):
    list_display = ("name", "role", "system", "position")


@admin.register(Platform)
class PlatformAdmin(ReferenceAdmin):
    list_display = ("name", "url", "system", "runs_precision_platform")


@admin.register(Province)
class ProvinceAdmin(ReferenceAdmin):
    list_display = ("code", "name", "short_name", "kind")
    search_fields = ("name", "code")


@admin.register(OrganiserContact)
class OrganiserContactAdmin(ReferenceAdmin):
    list_display = ("unit", "people", "phone", "email", "system", "position")
