from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from console.scoping import ManagedVenueFilter, VenueScopedAdmin
from recruitment_weeks.audit.actions import action_choices, action_label
from recruitment_weeks.audit.models import AuditEntry
from venues.models import Venue
from venues.permissions import staff_scope


class ActionFilter(admin.SimpleListFilter):
    """By action, with the labels of every app's enumerated actions: fixed choices, no SELECT DISTINCT
    over the whole log."""

    title = _("操作")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return action_choices()

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class TargetTypeFilter(admin.SimpleListFilter):
    """By the kind of object (``app_label.model``): the models of the apps that declare audit actions,
    a fixed list, instead of a SELECT DISTINCT target_type over the whole log; the filter itself is an
    equality on the leading column of the log's (target_type, target_id) index."""

    title = _("对象类型")
    parameter_name = "target_type"

    def lookups(self, request, model_admin):
        labels = sorted({value.split(".", 1)[0] for value, _label in action_choices()})
        models = [model for label in labels for model in apps.get_app_config(label).get_models()]
        return sorted((m._meta.label_lower, f"{m._meta.verbose_name}（{m._meta.label_lower}）") for m in models)

    def queryset(self, request, queryset):
        return queryset.filter(target_type=self.value()) if self.value() else queryset


class AuditVenueFilter(ManagedVenueFilter):
    """The venues the staff member manages; every venue for staff without one (they see the whole log)."""

    def field_choices(self, field, request, model_admin):
        if staff_scope(request.user).is_venue_staff:
            return super().field_choices(field, request, model_admin)
        venues = Venue.objects.select_related("province").order_by("kind", "province__code", "system")
        return [(venue.pk, str(venue)) for venue in venues]


@admin.register(AuditEntry)
class AuditEntryAdmin(VenueScopedAdmin):
    """Read-only for everyone (the log is append-only). Venue staff see the entries filed under the
    venues they manage, like every other scoped list; another venue's entry is a 404. Superusers see
    every entry, those without a venue (accounts) too; so does a staff member without a venue whom
    Django's model permission ``audit.view_auditentry`` was given, as before the log had venues."""

    venue_path = "venue"
    list_display = ("created_at", "actor", "action_display", "venue", "target_type", "target_id", "target_repr")
    # No date_hierarchy: its year and month links are a SELECT DISTINCT over every matching entry. The
    # date filter's choices (today, past 7 days, this month, this year) are fixed, and a range on
    # created_at walks the primary key's index backwards like the unfiltered list (entries are appended
    # in time order).
    list_filter = (
        ("venue", AuditVenueFilter),
        ActionFilter,
        TargetTypeFilter,
        ("created_at", admin.DateFieldListFilter),
    )
    search_fields = ("action", "target_id", "target_repr")
    ordering = ("-pk",)  # the primary key: newest first from an index
    list_select_related = ("actor", "venue")

    @admin.display(description=_("操作"), ordering="action")
    def action_display(self, obj):
        return action_label(obj.action)

    def _national(self, request) -> bool:
        """Not venue staff: Django's model permissions decide, over the whole log."""
        return not staff_scope(request.user).is_venue_staff

    def get_queryset(self, request):
        if self._national(request) and not self._unrestricted(request):
            return super(VenueScopedAdmin, self).get_queryset(request)
        return super().get_queryset(request)

    def has_view_permission(self, request, obj=None):
        if self._national(request):
            return admin.ModelAdmin.has_view_permission(self, request, obj)
        return super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        if self._national(request):
            return admin.ModelAdmin.has_module_permission(self, request)
        return super().has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
