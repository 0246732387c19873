from django import template
from django.utils.html import format_html, format_html_join

from universities.models import University

register = template.Library()


@register.simple_tag
def university_datalist():
    """The list's university names as suggestions for an input with ``list="university-names"``
    (the browser filters them while the person types; no script needed). One query."""
    names = University.objects.order_by("name").values_list("name", flat=True)
    options = format_html_join("", '<option value="{}">', ((name,) for name in names))
    return format_html('<datalist id="university-names">{}</datalist>', options)
