"""The WebSocket of one conversation page: /ws/conversations/<id>/.

Only the conversation's two parties may connect (anyone else is closed with 4403 before joining);
a connected page receives each new message as the API would list it (live.message_payload)."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .live import group_name
from .selectors import conversation_of_party

FORBIDDEN = 4403


@database_sync_to_async
def _is_party(user, conversation_id: int) -> bool:
    return conversation_of_party(user=user, pk=conversation_id) is not None


class ConversationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        self.group = None
        conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not await _is_party(user, conversation_id):
            await self.close(code=FORBIDDEN)
            return
        self.group = group_name(conversation_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        """Messages are sent through the API (one path for validation, storage and attachments); the
        socket only listens."""

    async def conversation_message(self, event: dict) -> None:
        await self.send_json({"type": "message", "message": event["message"]})
