"""The live part against the real ASGI application: a party's socket receives a message stored
through the service; anyone else is refused; a dead channel layer loses nothing."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from conversations import services
from conversations.models import Message

from .conftest import make_parties

LIVE = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HOST = [(b"host", b"testserver"), (b"origin", b"http://testserver")]  # the test client's allowed host


def session_cookie(user) -> bytes:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = django_settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{django_settings.SESSION_COOKIE_NAME}={store.session_key}".encode()


def asgi_application():
    """The project's ASGI router, built under the test settings (its origin check reads ALLOWED_HOSTS,
    to which the test environment adds the test client's host, when it is built)."""
    from recruitment_weeks.asgi import build_application

    return build_application()


def communicator(conversation_id: int, user) -> WebsocketCommunicator:
    return WebsocketCommunicator(
        asgi_application(),
        f"/ws/conversations/{conversation_id}/",
        headers=[*HOST, (b"cookie", session_cookie(user))],
    )


@pytest.fixture
def in_memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@LIVE
def test_party_socket_receives_a_message_sent_through_the_service(in_memory_layer, private_storage):
    parties = make_parties()

    socket = communicator(parties.conversation.pk, parties.graduate.user)

    async def scenario():
        connected, _ = await socket.connect()
        assert connected
        await sync_to_async(services.message_send)(
            conversation=parties.conversation, sender=parties.employer.user, body="请明天来面试"
        )
        event = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return event

    event = async_to_sync(scenario)()

    message = Message.objects.get()
    assert event["type"] == "message"
    assert event["message"]["id"] == message.pk
    assert (event["message"]["body"], event["message"]["sender_role"]) == ("请明天来面试", "employer")


@LIVE
@pytest.mark.parametrize("who", ["other_employer", "other_graduate", "staff_same_venue", "anonymous"])
def test_socket_refuses_anyone_but_the_parties(in_memory_layer, private_storage, who):
    parties = make_parties()

    if who == "anonymous":
        socket = WebsocketCommunicator(
            asgi_application(), f"/ws/conversations/{parties.conversation.pk}/", headers=HOST
        )
    else:
        socket = communicator(parties.conversation.pk, parties.others[who])

    async def scenario():
        connected, code = await socket.connect()
        await socket.disconnect()
        return connected, code

    assert async_to_sync(scenario)() == (False, 4403)


@pytest.mark.django_db
def test_message_is_stored_and_the_api_answers_201_when_the_channel_layer_is_down(
    settings, client, private_storage, django_capture_on_commit_callbacks, caplog
):
    """Redis down (a port nothing listens on): the message is stored, the API answers 201, and the
    failed publish is logged."""
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:1/0", "socket_connect_timeout": 1}]},
        }
    }
    channel_layers.backends.clear()
    try:
        parties = make_parties()
        client.force_login(parties.graduate.user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("api-conversation-messages", kwargs={"pk": parties.conversation.pk}),
                {"body": "Redis 不在也要送达"},
                content_type="application/json",
            )
    finally:
        channel_layers.backends.clear()

    assert response.status_code == 201
    assert list(Message.objects.values_list("body", flat=True)) == ["Redis 不在也要送达"]
    assert "live publish failed" in caplog.text
