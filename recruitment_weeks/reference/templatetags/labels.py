"""{% load labels %} … {{ posting|label:"degree_requirement" }}: a choice field's label, cheaply (see
recruitment_weeks.reference.labels)."""

from django import template

from recruitment_weeks.reference.labels import display

register = template.Library()


@register.filter
def label(instance, name: str) -> str:
    return display(instance, name)
