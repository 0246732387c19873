"""Admin actions that call services: bulk decisions, and decisions that need a reason (an
intermediate form, as Django's own delete confirmation)."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from console.queue import queue_urls
from recruitment_weeks.forms import ReasonForm
from recruitment_weeks.workflow import pending_rank

REVIEW_READONLY = ("status", "status_reason", "reviewed_by", "reviewed_at", "submitted_at", "created_at", "updated_at")


def run_service_action(modeladmin: admin.ModelAdmin, request, queryset, call) -> int:
    """Apply a service to each selected row; report successes and refusals instead of failing all.
    Each call is its own transaction (the services are atomic), so one refusal keeps the others."""
    done, refused = 0, []
    for obj in queryset:
        try:
            call(obj, request.user)
            done += 1
        except ValidationError as exc:
            refused.append(f"{obj}: {'; '.join(exc.messages)}")
    if done:
        modeladmin.message_user(request, _("已处理 %(count)d 条。") % {"count": done}, messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, line, messages.WARNING)
    return done


def reason_action(
    *,
    name: str,
    description: str,
    service: Callable,
    heading: str,
    permissions=("review",),
    locations=None,
    help_text=None,
):
    """An admin action that first asks for a required reason, then calls ``service(obj, user, reason)``
    on every selected row the user may see (the changelist's scoped queryset). ``help_text`` says who
    reads the reason (by default: the other side, in its notification)."""

    def action(modeladmin, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None, help_text=help_text)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            run_service_action(modeladmin, request, queryset, lambda obj, user: service(obj, user, reason))
            return None  # back to the list
        opts = modeladmin.model._meta
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": heading,
            "heading": heading,
            "opts": opts,
            "queryset": list(queryset),
            "form": form,
            "action_name": name,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": modeladmin.media,
            # Back to the list the rows were chosen on (the changelist or the review queue).
            "return_url": request.get_full_path(),
        }
        request.current_app = modeladmin.admin_site.name
        return TemplateResponse(request, "admin/staff/reason_form.html", context)

    action.__name__ = name
    kwargs = {"permissions": list(permissions), "description": description}
    if locations is not None:
        kwargs["location"] = locations
    return admin.action(**kwargs)(action)


def pending_first() -> list:
    """Review lists: pending rows first, the longest-waiting at the top (each reviewed model has the
    index: workflow.review_queue_index)."""
    return [pending_rank().asc(), "submitted_at"]


def waiting_time(obj, *, pending: str = "pending") -> str:
    """How long a pending row has waited since it was submitted ("3天，4小时"); "—" once decided."""
    if getattr(obj, "status", None) != pending:
        return "—"
    return timesince(obj.submitted_at, timezone.now(), depth=2)


class ReviewQueueMixin:
    """A review list's order (pending first, longest-waiting at the top), its waiting column, and
    the review queue page beside the changelist (``<model>/queue/``, staff.queue)."""

    # A reviewer works down the queue a screenful at a time; 25 rows render in a fraction of 100's time.
    list_per_page = 25
    change_list_template = "admin/staff/review_change_list.html"

    def get_ordering(self, request):
        if request.GET.get("status__exact") == "pending":
            # Only pending rows: the oldest first, straight from the partial queue index.
            return ["submitted_at", "pk"]
        return pending_first()

    def get_urls(self):
        return queue_urls(self) + super().get_urls()  # before the changelist's catch-all object URLs

    @admin.display(description=gettext_lazy("等待时长"), ordering="submitted_at")
    def waiting(self, obj):
        return waiting_time(obj)
