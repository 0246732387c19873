from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .enums import NotificationKind


@login_required
def inbox(request):
    page = Paginator(selectors.notifications_for(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
@login_required
def mark_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    services.notifications_mark_read(user=request.user, ids=ids)
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    """Per kind: also send email, or inbox only."""
    current = selectors.email_preferences(user=request.user)
    if request.method == "POST":
        chosen = {kind for kind in request.POST.getlist("email") if kind in current}
        services.notification_preferences_set(user=request.user, email_kinds=chosen, kinds=list(current))
        messages.success(request, _("通知设置已保存。"))
        return redirect("notifications:preferences")
    rows = [(kind, NotificationKind(kind).label, wants) for kind, wants in current.items()]
    return render(request, "notifications/preferences.html", {"rows": rows})
