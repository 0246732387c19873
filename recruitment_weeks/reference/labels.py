"""Choice labels, and the names of small reference tables' rows, without Django's per-call cost.

``instance.get_<field>_display()`` rebuilds a dict of the field's choices on every call, hashing each
lazy label, which translates it: about 0.1 ms a call, so a list of 20 postings with 3 labels each
spent more time there than in its query. ``display(instance, name)`` looks the label up in a dict made
once per field and language.
"""

from functools import cache
from typing import Any

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


def reference_rows(model: type[Model]) -> dict[int, dict[str, Any]]:
    """``{pk: {"label": str(row), <column>: value, …}}`` for every row of a small reference table
    (provinces, venues, weeks), its columns by attname, in the active language and the model's own
    order. The one cached reader of these tables: kept a minute, so a renamed venue shows within one.
    A list of 25 employers names each one's province and venue from it instead of joining both; the
    job search takes a province's id and code from it."""

    def build() -> dict[int, dict[str, Any]]:
        columns = [field.attname for field in model._meta.concrete_fields]
        return {
            row.pk: {"label": str(row), **{name: getattr(row, name) for name in columns}}
            for row in model._default_manager.all()
        }

    return shared_cache.get_or_set(f"reference:{model._meta.label_lower}:{get_language()}", build, ROW_LABEL_SECONDS)


def row_labels(model: type[Model]) -> dict[int, str]:
    """``{pk: str(row)}`` for every row of a small reference table (reference_rows())."""
    return {pk: row["label"] for pk, row in reference_rows(model).items()}


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """A read-only API field with the label of the object's choice field ``name`` (``status_label``…)."""

    def __init__(self, name: str, **kwargs):
        self.choice_name = name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance: Model) -> str:
        return display(instance, self.choice_name)
