"""Choice labels, and the names of small reference tables' rows, without Django's per-call cost.

``instance.get_<field>_display()`` rebuilds a dict of the field's choices on every call, hashing each
lazy label, which translates it: about 0.1 ms a call, so a list of 20 postings with 3 labels each
spent more time there than in its query. ``display(instance, name)`` looks the label up in a dict made
once per field and language.
"""

from functools import cache

from django.core.cache import cache as shared_cache
from django.db.models import Field, Model
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@cache
def _labels(field: Field, language: str | None) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


def display(instance: Model, name: str) -> str:
    """The label of ``instance.<name>`` in the active language; what get_<name>_display() returns."""
    return label_of(type(instance), name, getattr(instance, instance._meta.get_field(name).attname))


def label_of(model: type[Model], name: str, value) -> str:
    """The label of ``value`` for the choice field ``model.<name>`` (rows read with .values())."""
    return _labels(model._meta.get_field(name), get_language()).get(value, value)


ROW_LABEL_SECONDS = 60


def row_labels(model: type[Model]) -> dict[int, str]:
    """``{pk: str(row)}`` for every row of a small reference table (provinces, venues, weeks) in the
    active language and the model's own order; kept a minute, so a renamed venue shows within one.
    A list of 25 employers names each one's province and venue from it instead of joining both."""
    return shared_cache.get_or_set(
        f"labels:{model._meta.label_lower}:{get_language()}",
        lambda: {row.pk: str(row) for row in model._default_manager.all()},
        ROW_LABEL_SECONDS,
    )


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """A read-only API field with the label of the object's choice field ``name`` (``status_label``…)."""

    def __init__(self, name: str, **kwargs):
        self.choice_name = name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance: Model) -> str:
        return display(instance, self.choice_name)
