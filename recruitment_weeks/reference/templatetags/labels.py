"""{% load labels %} … {{ posting|label:"degree_requirement" }}: a choice field's label, cheaply (see
recruitment_weeks.reference.labels); {{ payload.interview_at|local_datetime }}: a moment as people
read it."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from recruitment_weeks.reference.labels import display

register = template.Library()


@register.filter
def label(instance, name: str) -> str:
    return display(instance, name)


@register.filter
def local_datetime(value) -> str:
    """A moment (a datetime, or the ISO 8601 text a notification's payload keeps) in the portal's time
    zone (Asia/Shanghai) as "Y-m-d H:i"; a value that is neither is shown as it is."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, dt.datetime):
        return "" if value is None else str(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value, timezone.get_default_timezone())
    return date_format(value, "Y-m-d H:i")
