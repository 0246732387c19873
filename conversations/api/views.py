"""/api/v1/conversations/: a party's inbox, one conversation, its messages (paged, newest first),
sending a message and marking the conversation read; /api/v1/invitations/<id>/conversation/: open
the conversation about an invitation. The same services and selectors as the pages;
another user's conversation is the same 404 as a missing one."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from recruitment_weeks.pagination import KeysetCursorPagination
from recruitment_weeks.parsers import PortalJSONParser

from .. import selectors, services
from ..live import message_payload
from ..permissions import can_open_for_invitation, role_in
from . import serializers as s


def _conversation(request, pk: int):
    conversation = selectors.conversation_of_party(user=request.user, pk=pk)
    if conversation is None:
        raise NotFound(_("沟通不存在。"))
    return conversation


def _roles(conversation) -> dict[int | None, str]:
    """Sender id → side, for labelling a page of messages without a query per message."""
    roles: dict[int | None, str] = {conversation.employer.user_id: "employer"}
    if conversation.graduate is not None:
        roles[conversation.graduate.user_id] = "graduate"
    return roles


class ConversationListView(APIView):
    """GET /api/v1/conversations/ — the signed-in party's conversations, newest activity first, each
    with its count of unread messages (cursor pages)."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = KeysetCursorPagination

    @extend_schema(operation_id="conversations_list", responses=s.ConversationSerializer(many=True))
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.inbox_for(user=request.user), request, view=self)
        return paginator.get_paginated_response(s.ConversationSerializer(page, many=True).data)


class ConversationDetailView(APIView):
    """GET /api/v1/conversations/<id>/ — one conversation of the signed-in party."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=s.ConversationDetailSerializer)
    def get(self, request, pk: int):
        conversation = _conversation(request, pk)
        conversation.my_role = role_in(request.user, conversation)
        conversation.blocked = selectors.blocked(conversation=conversation)
        return Response(s.ConversationDetailSerializer(conversation).data)


AFTER = OpenApiParameter(
    "after", OpenApiTypes.INT, description="Only messages with a larger id (what a page polls for)."
)


class MessageListView(APIView):
    """GET /api/v1/conversations/<id>/messages/ — newest first (cursor pages; ``after`` for only the
    newer ones) · POST {"body"} as JSON, or multipart with an ``attachment`` (PDF, PNG or JPEG,
    ≤ 5 MB): send a message. 201."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = KeysetCursorPagination
    parser_classes = [PortalJSONParser, MultiPartParser]

    @extend_schema(
        operation_id="conversation_messages_list", parameters=[AFTER], responses=s.MessageSerializer(many=True)
    )
    def get(self, request, pk: int):
        conversation = _conversation(request, pk)
        messages = selectors.messages_of(conversation=conversation)
        after = request.query_params.get("after")
        if after not in (None, ""):
            if not after.isdigit() or len(after) > 18:
                raise ValidationError({"after": [_("after 应为消息编号（正整数）。")]})
            messages = messages.filter(pk__gt=int(after))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(messages, request, view=self)
        roles = _roles(conversation)
        data = [message_payload(m, sender_role=roles.get(m.sender_id)) for m in page]
        return paginator.get_paginated_response(s.MessageSerializer(data, many=True).data)

    @extend_schema(request=s.MessageInputSerializer, responses={201: s.MessageSerializer})
    def post(self, request, pk: int):
        conversation = _conversation(request, pk)
        serializer = s.MessageInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_send(
            conversation=conversation,
            sender=request.user,
            body=serializer.validated_data.get("body", ""),
            attachment=serializer.validated_data.get("attachment"),
        )
        payload = message_payload(message, sender_role=role_in(request.user, conversation))
        return Response(s.MessageSerializer(payload).data, status=status.HTTP_201_CREATED)


class ConversationReadView(APIView):
    """POST /api/v1/conversations/<id>/read/ — everything up to now is read."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=s.ReadSerializer)
    def post(self, request, pk: int):
        conversation = _conversation(request, pk)
        read = services.conversation_mark_read(conversation=conversation, user=request.user)
        return Response(s.ReadSerializer(read).data)


class InvitationConversationView(APIView):
    """POST /api/v1/invitations/<id>/conversation/ — the invitation's conversation, opened now if it
    has none (either party; the same one for both): while the invitation is sent or accepted and the
    employer approved, otherwise 400. Another's invitation is 404."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(operation_id="invitation_conversation_open", request=None, responses=s.ConversationDetailSerializer)
    def post(self, request, pk: int):
        invitation = selectors.invitation_of_party(user=request.user, pk=pk)
        if invitation is None:
            raise NotFound(_("邀约不存在。"))
        if not can_open_for_invitation(request.user, invitation):
            raise ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [_("该邀约已婉拒、撤回或过期，或单位目前不能沟通，无法发消息。")]}
            )
        conversation = services.conversation_open(invitation=invitation, actor=request.user)
        conversation = selectors.conversation_of_party(user=request.user, pk=conversation.pk)
        conversation.my_role = role_in(request.user, conversation)
        conversation.blocked = selectors.blocked(conversation=conversation)
        return Response(s.ConversationDetailSerializer(conversation).data)
