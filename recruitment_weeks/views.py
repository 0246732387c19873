from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from employers.permissions import is_employer
from graduates.permissions import is_graduate
from universities.selectors import career_centre_of
from venues.permissions import is_venue_staff


@require_GET
def healthz(request):
    """Liveness for load balancers, and the benchmark's framework ceiling: no database, no template."""
    return JsonResponse({"status": "ok"})


def workspace_url_name(user) -> str:
    """Where a signed-in user works: employers and graduates their workspace, venue staff (and
    superusers) the console; anyone else the home page."""
    if is_employer(user):
        return "employers:dashboard"
    if is_graduate(user):
        return "graduates:dashboard"
    if career_centre_of(user) is not None:
        return "career_centre:dashboard"
    if is_venue_staff(user) or user.is_staff:
        return "admin:index"
    return "home"


@require_GET
@login_required
def landing(request):
    """LOGIN_REDIRECT_URL: the sign-in page sends here when no safe ``next`` was given."""
    return redirect(workspace_url_name(request.user))
