"""Reads about conversations: the inbox (one query for a page of it, unread counts included), one
conversation for a party or for moderating staff, its messages, the staff's report queue."""

import datetime as dt

from django.db.models import Count, DateTimeField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from employers.permissions import employer_of
from graduates.selectors import graduate_of
from invitations import selectors as invitation_selectors
from invitations.models import Invitation
from venues.permissions import staff_scope

from .models import Attachment, Conversation, Message, MessageRead, Report

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _party_filter(user) -> Q | None:
    employer = employer_of(user)
    if employer is not None:
        return Q(employer=employer)
    graduate = graduate_of(user)
    if graduate is not None:
        return Q(graduate=graduate)
    return None


def last_read_subquery(user) -> Subquery:
    return Subquery(
        MessageRead.objects.filter(conversation=OuterRef("pk"), user=user).values("last_read_at")[:1],
        output_field=DateTimeField(),
    )


def inbox_for(*, user) -> QuerySet[Conversation]:
    """The user's conversations, newest activity first, each with ``unread`` (messages of the other
    party after the user's read position) — one query per page, however many rows."""
    party = _party_filter(user)
    if party is None:  # staff, career centres: no conversations of their own (still in the list's order)
        return Conversation.objects.none().order_by("-last_message_at", "-id")
    last_read = Coalesce(last_read_subquery(user), Value(EPOCH))
    unread = Subquery(
        Message.objects.filter(conversation=OuterRef("pk"), created_at__gt=OuterRef("read_upto"))
        .exclude(sender=user)
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        Conversation.objects.filter(party)
        .select_related("employer", "graduate", "application__posting", "invitation__posting")
        .annotate(read_upto=last_read)
        .annotate(unread=Coalesce(unread, Value(0)))
        .order_by("-last_message_at", "-id")
    )


def conversation_of_party(*, user, pk: int) -> Conversation | None:
    """The conversation if the user is one of its parties; None otherwise (the caller answers 404)."""
    party = _party_filter(user)
    if party is None:
        return None
    return (
        Conversation.objects.filter(party, pk=pk)
        .select_related("employer__user", "graduate__user", "application__posting", "invitation__posting")
        .first()
    )


def invitation_of_party(*, user, pk: int) -> Invitation | None:
    """The invitation if the user is its graduate or works for its employer, with its employer
    loaded; None otherwise (the caller answers 404)."""
    graduate = graduate_of(user)
    if graduate is not None:
        return invitation_selectors.invitation_of(graduate=graduate, pk=pk)
    employer = employer_of(user)
    if employer is not None:
        sent = invitation_selectors.invitations_sent_by(employer=employer)
        return sent.select_related("employer").filter(pk=pk).first()
    return None


def conversation_of_application(*, application_id: int) -> Conversation | None:
    return Conversation.objects.filter(application_id=application_id).first()


def messages_of(*, conversation: Conversation) -> QuerySet[Message]:
    """Newest first (the API's keyset pages; the page reverses its slice to read top to bottom)."""
    return Message.objects.filter(conversation=conversation).select_related("attachment").order_by("-created_at", "-id")


def blocked(*, conversation: Conversation) -> bool:
    return conversation.blocks.exists()


def reports_for_staff(*, user) -> QuerySet[Report]:
    """The moderation queue: reports filed under the venues the user manages, open ones first."""
    scope = staff_scope(user)
    if not scope.is_venue_staff:
        return Report.objects.none()
    return (
        scope.filter(Report.objects.all(), "venue")
        .select_related("conversation__employer", "conversation__graduate", "venue")
        .order_by("state", "-created_at", "-id")
    )


def report_for_staff(*, user, pk: int) -> Report | None:
    return reports_for_staff(user=user).filter(pk=pk).first()


def reported_venue_ids(*, conversation: Conversation) -> set[int]:
    return set(Report.objects.filter(conversation=conversation).values_list("venue_id", flat=True))


def attachment_for_party(*, user, conversation_pk: int, pk: int) -> Attachment | None:
    """An attachment of a conversation the user is a party of; None otherwise."""
    party = _party_filter(user)
    if party is None:
        return None
    conversations = Conversation.objects.filter(party, pk=conversation_pk)
    return Attachment.objects.filter(pk=pk, message__conversation__in=conversations).first()
