from typing import Any

from django.db import models

from .models import AuditEntry


def audit_log(*, actor: Any, action: str, target: models.Model, data: dict | None = None) -> AuditEntry:
    """The one way to write the audit log. ``actor`` may be None for the system (Celery, seeding)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        data=data or {},
    )
