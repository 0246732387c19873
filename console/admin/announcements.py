"""Announcements (employment policies, service information) on a venue's public page."""

from django.contrib import admin

from console.scoping import VenueScopedAdmin
from venues import services
from venues.models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(VenueScopedAdmin):
    venue_path = "venue"
    staff_add = True
    staff_change = True
    staff_delete = True
    list_display = ("title", "venue", "kind", "is_published", "published_at", "created_by")
    list_filter = ("kind", "is_published", ("venue", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "venue__name")
    list_select_related = ("venue", "created_by")
    fields = ("venue", "kind", "title", "body", "is_published", "published_at")
    readonly_fields = ("created_by", "created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "venue") if obj else ()

    def get_fields(self, request, obj=None):
        return (*self.fields, "created_by", "updated_at") if obj else self.fields

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in ("title", "body", "kind", "is_published", "published_at")}
        if change:
            saved = services.announcement_update(announcement=obj, actor=request.user, **data)
        else:
            saved = services.announcement_publish(venue=form.cleaned_data["venue"], actor=request.user, **data)
        obj.pk, obj.body = saved.pk, saved.body
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.announcement_delete(announcement=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for announcement in queryset:
            services.announcement_delete(announcement=announcement, actor=request.user)
