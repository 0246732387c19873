from django.contrib import admin

from console.paginator import NationalScaleAdmin
from recruitment_weeks.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(NationalScaleAdmin, admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = ("created_at", "actor", "action", "target_type", "target_id", "target_repr")
    list_filter = ("action", "target_type")
    search_fields = ("action", "target_id", "target_repr")
    ordering = ("-pk",)  # the primary key: newest first from an index
    list_select_related = ("actor",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
