"""Small pieces shared by the apps' admin classes."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def run_service_action(modeladmin: admin.ModelAdmin, request, queryset, call) -> None:
    """Apply a service to each selected row; report successes and refusals instead of failing all."""
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


REVIEW_READONLY = ("status", "status_reason", "reviewed_by", "reviewed_at", "submitted_at", "created_at", "updated_at")
