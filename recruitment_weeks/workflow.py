"""The one mechanism every workflow transition goes through (STYLE.md rule 5).

A service locks the row, calls :func:`transition`, then queues its side effects. ``transition``
checks the source state, assigns the new one, saves only the named fields and writes the audit entry.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.services import audit_log


class InvalidTransition(ValidationError):
    """Raised when a transition is not allowed from the object's current state."""


def transition(
    obj: models.Model,
    *,
    to: str,
    allowed_from: Iterable[str],
    actor: Any,
    action: str,
    changes: dict[str, Any] | None = None,
    data: dict | None = None,
    field: str = "status",
) -> models.Model:
    current = getattr(obj, field)
    if current not in set(allowed_from):
        label_field = obj._meta.get_field(field)
        labels = dict(label_field.choices or [])
        raise InvalidTransition(
            _("当前状态为“%(current)s”，不能变为“%(target)s”。"),
            code="invalid_transition",
            params={"current": labels.get(current, current), "target": labels.get(to, to)},
        )
    setattr(obj, field, to)
    for name, value in (changes or {}).items():
        setattr(obj, name, value)
    update_fields = [field, *(changes or {})]
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        update_fields.append("updated_at")
    obj.save(update_fields=update_fields)
    audit_log(actor=actor, action=action, target=obj, data={"from": current, "to": to, **(data or {})})
    return obj
