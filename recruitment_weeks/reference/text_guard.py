"""Nothing that cannot be read back is written: the last line behind the forms and the API parser.

A NUL or a lone surrogate (see ``validators.UNREADABLE_RE``) in a text or JSON column breaks every
page and response that shows the row afterwards. Forms and serializers refuse them field by field;
:func:`refuse_unreadable_text` (connected to ``pre_save`` for every model of the portal) refuses a
save that would still carry one, and :func:`clean_unreadable_rows` is what the data migrations use
to repair rows written before. ``QuerySet.update()`` and ``bulk_create()`` send no signal: code that
uses them writes values that have been through a form or a serializer.
"""

from django.core.exceptions import ValidationError
from django.db import models

from recruitment_weeks.reference.validators import UNREADABLE_MESSAGE, has_unreadable_characters, readable_text

PORTAL_PACKAGES = ("recruitment_weeks.", "events.", "venues.", "employers.", "graduates.", "marketplace.", "fairs.",
                   "console.")  # fmt: skip
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def text_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]


def refuse_unreadable_text(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """``pre_save``: a ValidationError naming each text field that holds a NUL or a lone surrogate."""
    if raw or not sender.__module__.startswith(PORTAL_PACKAGES):
        return
    bad = {
        field.name: [UNREADABLE_MESSAGE]
        for field in text_fields(sender)
        if (update_fields is None or field.name in update_fields or field.attname in update_fields)
        and has_unreadable_characters(getattr(instance, field.attname))
    }
    if bad:
        raise ValidationError(bad)


def clean_unreadable_rows(apps, schema_editor, app_label: str) -> int:
    """In every model of ``app_label`` (historical models, for a data migration): NULs removed and
    lone surrogates replaced by U+FFFD in each text and JSON column. Returns the rows changed."""
    changed = 0
    for model in apps.get_app_config(app_label).get_models():
        fields = text_fields(model)
        if not fields:
            continue
        names = [f.attname for f in fields]
        manager = model._base_manager.using(schema_editor.connection.alias)
        for pk, *values in manager.values_list("pk", *names).iterator(chunk_size=2000):
            fixes = {
                name: readable_text(value)
                for name, value in zip(names, values, strict=True)
                if has_unreadable_characters(value)
            }
            if fixes:
                manager.filter(pk=pk).update(**fixes)
                changed += 1
    return changed
