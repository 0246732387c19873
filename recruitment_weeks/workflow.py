"""The one mechanism every workflow transition goes through.

Each status enum declares its allowed changes next to its values, as ``moves``: a verb (the audit
action's last word) → :class:`Move` (from which states, to which). A service locks the row, calls
:func:`transition` with one of those moves, then queues its side effects. ``transition`` checks the
source state, assigns the new one, saves only the named fields and writes the audit entry; nothing
else assigns a status.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.audit.services import audit_log


class Move(NamedTuple):
    """One allowed change of status: from any of ``sources`` to ``target``."""

    sources: tuple[str, ...]
    target: str


class InvalidTransition(ValidationError):
    """Raised when a transition is not allowed from the object's current state."""


def transition(
    obj: models.Model,
    *,
    move: Move,
    actor: Any,
    action: models.TextChoices,
    venue: Any = None,
    changes: dict[str, Any] | None = None,
    data: dict | None = None,
    field: str = "status",
) -> AuditEntry:
    """Make ``move`` on ``obj`` and return the audit entry (its id keys the notifications it causes).
    ``action`` is a member of the app's enum of audit actions; ``venue`` the venue whose staff manage
    ``obj`` (the audit entry is filed under it)."""
    to = move.target
    current = getattr(obj, field)
    if current not in move.sources:
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
    return audit_log(
        actor=actor, action=action, target=obj, venue=venue, data={"from": current, "to": to, **(data or {})}
    )


def require_reason(reason: str) -> str:
    """Rejections and suspensions must say why; the person affected reads it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写原因。")}, code="reason_required")
    return reason


def review_decision(
    obj: models.Model,
    *,
    move: Move,
    actor: Any,
    action: models.TextChoices,
    reason: str,
    recipient: Any,
    kind: str,
    payload: dict,
    venue: Any = None,
) -> AuditEntry:
    """A reviewer's decision on a locked row: the transition with reviewer, time and reason, then one
    notification to ``recipient`` (a user, or a list of users: an employer's team) keyed by the audit
    entry and the user, so a repeated call cannot notify twice."""
    from recruitment_weeks.notifications.keys import audit_notice_key
    from recruitment_weeks.notifications.services import notify

    entry = transition(
        obj,
        move=move,
        actor=actor,
        action=action,
        venue=venue,
        changes={"status_reason": reason, "reviewed_by": actor, "reviewed_at": timezone.now()},
        data={"reason": reason} if reason else None,
    )
    label = dict(obj._meta.get_field("status").choices).get(move.target, move.target)
    for user in recipient if isinstance(recipient, list | tuple) else [recipient]:
        notify(
            recipient=user,
            kind=kind,
            payload={**payload, "reason": reason, "status_label": str(label)},
            dedupe_key=audit_notice_key(entry.pk, user.pk),
        )
    return entry


@dataclass(frozen=True)
class Review:
    """How reviewers decide on one kind of record (employers, graduates, fair registrations): which
    moves of its status enum, what to load with the locked row, whom to tell and what to tell them, and
    the venue (id) whose staff manage the row, which files the audit entry."""

    moves: dict[str, Move]
    related: tuple[str, ...]
    recipient: Callable[[Any], Any]
    payload: Callable[[Any], dict]
    venue: Callable[[Any], Any]

    def decide(
        self, obj: models.Model, *, verb: str, actor: Any, action: models.TextChoices, kind: str, reason: str = ""
    ):
        """Lock the row, make the move named ``verb`` through :func:`review_decision`, return the row."""
        locked = type(obj).objects.select_for_update().select_related(*self.related).get(pk=obj.pk)
        review_decision(
            locked,
            move=self.moves[verb],
            actor=actor,
            action=action,
            reason=reason,
            recipient=self.recipient(locked),
            kind=kind,
            payload=self.payload(locked),
            venue=self.venue(locked),
        )
        return locked


def pending_rank() -> models.Case:
    """0 for a pending record, 1 for a decided one. Review lists sort by it (pending first, then the
    longest-waiting), and each reviewed model indexes (rank, submitted_at, id DESC) so that sort is an
    index walk, not a sort of a million rows."""
    return models.Case(
        models.When(status="pending", then=models.Value(0)), default=models.Value(1), output_field=models.IntegerField()
    )


def review_queue_index(name: str) -> models.Index:
    """The index behind pending_first(); ``id DESC`` is the tiebreaker the admin's changelist appends."""
    return models.Index(pending_rank(), "submitted_at", models.F("id").desc(), name=name)


class ReviewedModel(models.Model):
    """The fields every reviewed record shares (employers, graduates, fair registrations). Each
    concrete model adds its own ``status`` with its own choices and constraints."""

    status_reason = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True
