"""Publishing new messages to the parties' open pages over the channel layer (Django Channels).

The message is already stored when this runs (services queue it with transaction.on_commit), so a
channel layer that fails — Redis down, a network split — costs only the live update: the error is
logged and swallowed, and the pages' polling fallback still finds the message.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from .models import Message

logger = logging.getLogger(__name__)


def group_name(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def message_payload(message: Message, *, sender_role: str | None) -> dict:
    """One message as the API and the socket both send it (the page renders either the same way)."""
    attachment = getattr(message, "attachment", None)
    return {
        "id": message.pk,
        "body": message.body,
        "created_at": message.created_at.isoformat(),
        "sender_role": sender_role,
        "attachment": (
            None if attachment is None else {"id": attachment.pk, "name": attachment.name, "size": attachment.size}
        ),
    }


def publish_message(*, conversation_id: int, payload: dict) -> bool:
    """Send a stored message to the conversation's group; False (logged) when the layer fails."""
    try:
        layer = get_channel_layer()
        if layer is None:
            return False
        async_to_sync(layer.group_send)(
            group_name(conversation_id), {"type": "conversation.message", "message": payload}
        )
    except Exception:  # any layer failure: the stored message is what matters
        logger.exception("conversations: live publish failed for conversation %s", conversation_id)
        return False
    return True
