from typing import Any

from django.db import models
from django.db.models import Q

from .models import AuditEntry


def audit_log(
    *, actor: Any, action: models.TextChoices, target: models.Model, venue: Any = None, data: dict | None = None
) -> AuditEntry:
    """The one way to write the audit log. ``actor`` may be None for the system (Celery, seeding).

    ``action`` is a member of an app's enum of actions (a plain string is refused); ``venue`` (a Venue
    or its id) is the venue whose staff manage ``target``, None when it has none.
    """
    if not isinstance(action, models.Choices):
        raise TypeError(f"audit actions are enum members, not {type(action).__name__}: {action!r}")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        venue_id=getattr(venue, "pk", venue),
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        data=data or {},
    )


def erase_subject(
    *,
    subject: models.Model,
    user_id: int | None,
    related_type: str,
    related_ids: list,
    name: str,
    phone: str,
    replacement: str,
) -> None:
    """Take a person out of the audit trail when they delete their account.

    Takes out: the label (``target_repr``) of the entries about ``subject`` and about their account
    (``accounts.user`` ``user_id``), replaced by ``replacement``; ``name`` in the label of the entries
    about the related records (``related_type`` with ``related_ids``, e.g. their applications); and
    an ``interview_location`` in those entries' data that contains ``phone``, cleared.
    Stays: every entry, with its action, actor, time, venue, target type and id and the rest of its
    data — who did what to which record, and when.
    """
    AuditEntry.objects.filter(
        Q(target_type=subject._meta.label_lower, target_id=str(subject.pk))
        | Q(target_type="accounts.user", target_id=str(user_id))
    ).update(target_repr=replacement)
    trail = list(AuditEntry.objects.filter(target_type=related_type, target_id__in=[str(pk) for pk in related_ids]))
    for entry in trail:
        if name:
            entry.target_repr = entry.target_repr.replace(name, replacement)
        if phone and phone in str(entry.data.get("interview_location", "")):
            entry.data["interview_location"] = ""
    AuditEntry.objects.bulk_update(trail, ["target_repr", "data"])
