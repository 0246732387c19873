"""The venue staff panel on the admin index: review queues, reports, contact form, statistics."""

from django import template

from console.selectors import pending_counts
from venues.permissions import is_main_venue_staff, staff_scope, venues_managed_by

register = template.Library()


@register.inclusion_tag("admin/staff/_panel.html", takes_context=True)
def staff_panel(context):
    request = context["request"]
    scope = staff_scope(request.user)
    if not scope.is_venue_staff:
        return {"show": False}
    return {
        "show": True,
        "counts": pending_counts(user=request.user),
        "venues": list(venues_managed_by(request.user).order_by("kind", "province__code", "system")[:3])
        if not scope.everything and not scope.main_systems
        else [],
        "is_main": is_main_venue_staff(request.user),
    }
