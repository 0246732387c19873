"""ModelAdmins scoped to the venues a staff member manages.

Staff identity is *is_staff + VenueMembership* (venues.permissions). Rather than Django groups and
model permissions, each scoped ModelAdmin answers ``has_*_permission`` from the membership: a row of
a venue the user does not manage is outside the queryset of every list, search, filter, autocomplete,
action and export, and opening it by URL is a 404. Nothing to assign when someone joins a venue —
the membership row is the grant — and nothing a stale group could leak. Superusers keep Django's
defaults; other ``is_staff`` users without a membership see none of the scoped models.
"""

from django.contrib import admin
from django.http import Http404

from console.paginator import NationalScaleAdmin
from venues.models import Venue
from venues.permissions import staff_scope, venue_id_via, venues_managed_by


class VenueScopedAdmin(NationalScaleAdmin, admin.ModelAdmin):
    """Set ``venue_path`` to the lookup from the model to its venue (``"reviewing_venue"``,
    ``"posting__employer__reviewing_venue"``, ``"pk"`` for Venue itself). ``None`` means the model has
    no venue: venue staff get ``staff_view`` on all of it (reference data) or nothing.

    ``staff_add`` / ``staff_change`` / ``staff_delete`` / ``staff_review`` say what venue staff may
    do to rows of their venues; review actions declare ``permissions=["review"]``.
    """

    venue_path: str | None = None
    staff_view = True
    list_per_page = 50
    staff_add = False
    staff_change = False
    staff_delete = False
    staff_review = False

    # --- scope ------------------------------------------------------------------------------------
    @staticmethod
    def _unrestricted(request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def venue_id_of(self, obj) -> int | None:
        """Follow ``venue_path`` on an instance (the attributes are loaded with the object)."""
        return venue_id_via(obj, self.venue_path)

    def scope_allows(self, request, obj) -> bool:
        """Whether the user's venues reach ``obj``; a model reviewed by more than one venue (a jointly
        organised 专场) overrides this and :meth:`scope_queryset` with its own predicate."""
        return staff_scope(request.user).allows(self.venue_id_of(obj))

    def scope_queryset(self, request, queryset):
        return staff_scope(request.user).filter(queryset, self.venue_path)

    def in_scope(self, request, obj) -> bool:
        return obj is None or self.scope_allows(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._unrestricted(request) or self.venue_path is None:
            return queryset
        return self.scope_queryset(request, queryset)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not self._unrestricted(request):
            # Another venue's row looks exactly like a row that does not exist.
            raise Http404("No such object")
        return obj

    # --- permissions ------------------------------------------------------------------------------
    def _venue_rule(self, request, flag: bool, obj=None) -> bool:
        scope = staff_scope(request.user)
        if not scope.is_venue_staff or not flag:
            return False
        return self.venue_path is None or self.in_scope(request, obj)

    def has_view_permission(self, request, obj=None):
        if self._unrestricted(request):
            return super().has_view_permission(request, obj)
        if self.venue_path is None and not staff_scope(request.user).is_venue_staff:
            return super().has_view_permission(request, obj)  # plain staff: Django's model permissions
        return self._venue_rule(request, self.staff_view, obj)

    def has_change_permission(self, request, obj=None):
        if self._unrestricted(request):
            return super().has_change_permission(request, obj)
        if self.venue_path is None and not staff_scope(request.user).is_venue_staff:
            return super().has_change_permission(request, obj)
        return self._venue_rule(request, self.staff_change, obj)

    def has_add_permission(self, request):
        if self._unrestricted(request):
            return super().has_add_permission(request)
        if self.venue_path is None and not staff_scope(request.user).is_venue_staff:
            return super().has_add_permission(request)
        return self._venue_rule(request, self.staff_add)

    def has_delete_permission(self, request, obj=None):
        if self._unrestricted(request):
            return super().has_delete_permission(request, obj)
        if self.venue_path is None and not staff_scope(request.user).is_venue_staff:
            return super().has_delete_permission(request, obj)
        return self._venue_rule(request, self.staff_delete, obj)

    def has_review_permission(self, request, obj=None):
        """Review decisions (approve, reject, suspend, reinstate) on rows of the user's venues."""
        if self._unrestricted(request):
            return True
        return self._venue_rule(request, self.staff_review, obj)

    def has_module_permission(self, request):
        if self._unrestricted(request) or not staff_scope(request.user).is_venue_staff:
            return super().has_module_permission(request)
        return self.has_view_permission(request) or self.has_add_permission(request)

    # --- forms ------------------------------------------------------------------------------------
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A venue picked in a form must be one the user manages (the form rejects any other id).
        if db_field.related_model is Venue and not self._unrestricted(request):
            kwargs["queryset"] = venues_managed_by(request.user).order_by("kind", "province__code", "system")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ManagedVenueFilter(admin.RelatedFieldListFilter):
    """The venue filter's choices are the venues the staff member manages — not, as with
    RelatedOnlyFieldListFilter, a DISTINCT over every row of a table with a million of them."""

    def field_choices(self, field, request, model_admin):
        venues = venues_managed_by(request.user).order_by("kind", "province__code", "system")
        return [(venue.pk, str(venue)) for venue in venues]
