from django.contrib import admin

from console.paginator import NationalScaleAdmin
from recruitment_weeks.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(NationalScaleAdmin, admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "status", "attempts", "sent_at", "read_at")
    list_filter = ("status", "kind")
    search_fields = ("dedupe_key", "recipient__username")
    ordering = ("-pk",)  # the primary key: newest first from an index
    list_select_related = ("recipient",)
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False
