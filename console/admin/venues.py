"""Venues and their staff; the statistics pages hang off the venue admin's URLs."""

from django.contrib import admin
from django.urls import path

from console.admin import statistics
from console.scoping import VenueScopedAdmin
from venues.models import Venue, VenueMembership


class MembershipInline(admin.TabularInline):
    model = VenueMembership
    raw_id_fields = ("user",)
    extra = 0

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Venue)
class VenueAdmin(VenueScopedAdmin):
    """Venue staff see the venues they manage (read only: the link changes through site-link reports)."""

    venue_path = "pk"
    list_per_page = 100  # the 66 venues of the notice on one page
    list_display = ("name", "kind", "system", "province", "department", "site_url")
    list_filter = ("kind", "system")
    search_fields = ("name", "department", "province__name")
    list_select_related = ("province",)
    inlines = [MembershipInline]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("statistics/", view(statistics.statistics_page), name="venues_statistics"),
            path("statistics.csv", view(statistics.statistics_csv), name="venues_statistics_csv"),
            path("statistics.xlsx", view(statistics.statistics_xlsx), name="venues_statistics_xlsx"),
            *super().get_urls(),
        ]


@admin.register(VenueMembership)
class VenueMembershipAdmin(VenueScopedAdmin):
    """Who works for which venue. Granting membership is a superuser's job; staff see their colleagues."""

    venue_path = "venue"
    list_display = ("user", "venue", "role", "created_at")
    list_filter = ("role",)
    list_select_related = ("user", "venue")
    raw_id_fields = ("user",)
