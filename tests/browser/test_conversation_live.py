"""Two browsers, an employer's and a graduate's, on one conversation: a message sent on one side
appears on the other without a reload (over the WebSocket), at phone width, with no serious axe
violation.

pytest-django's live server speaks WSGI only, so this test runs the project's ASGI application in
daphne (daphne.testing.DaphneProcess, as channels' ChannelsLiveServerTestCase does) on the same test
database; with the in-memory channel layer both parties' requests meet in that one process.
"""

from functools import partial

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

from conversations.models import Message
from tests.browser.conftest import PHONE, assert_fits_width, serious_axe_violations
from tests.conversations.conftest import make_parties

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct-horse-battery-9"


def asgi_with_static():
    from recruitment_weeks.asgi import build_application

    return ASGIStaticFilesHandler(build_application())


def use_test_database():
    """In the server process: the test database the parent created (a file, or PostgreSQL)."""
    from django.db import connections

    test_name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if test_name:
        settings.DATABASES["default"]["NAME"] = test_name
    connections.close_all()


@pytest.fixture
def daphne_url(settings):
    from daphne.testing import DaphneProcess

    pytest.importorskip("playwright.sync_api")
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # The origin check of the socket reads this list when the application is built (in the child).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    server = DaphneProcess("localhost", partial(asgi_with_static), setup=use_test_database)
    server.daemon = True
    server.start()
    assert server.ready.wait(timeout=30), "daphne did not start"
    yield f"http://localhost:{server.port.value}"
    server.terminate()
    server.join(timeout=10)


def sign_in(browser, base_url: str, username: str):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=base_url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return context, page


def test_message_appears_on_the_other_side_without_reload(browser, daphne_url, private_storage):
    parties = make_parties()
    for user in (parties.employer.user, parties.graduate.user):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    path = f"/conversations/{parties.conversation.pk}/"
    employer_context, employer = sign_in(browser, daphne_url, parties.employer.user.username)
    graduate_context, graduate = sign_in(browser, daphne_url, parties.graduate.user.username)
    try:
        graduate.goto(path)
        assert graduate.locator("#conversation").count() == 1, graduate.content()[:3000]
        graduate.locator("#conversation[data-live='socket']").wait_for()
        employer.goto(path)

        employer.get_by_role("textbox", name="消息").fill("您好，请明天上午十点来面试。")
        employer.get_by_role("button", name="发送").click()
        employer.wait_for_load_state()

        graduate.locator("#thread .thread__body", has_text="请明天上午十点来面试").wait_for()
        assert graduate.locator("#thread .thread__who").all_inner_texts() == ["用人单位"]
        assert Message.objects.get().body == "您好，请明天上午十点来面试。"
        assert_fits_width(graduate)
        assert serious_axe_violations(graduate) == []
    finally:
        employer_context.close()
        graduate_context.close()


def test_with_the_graduate_away_an_inbox_entry_and_one_batched_email_lead_back(
    browser, daphne_url, private_storage, settings
):
    import datetime as dt

    from django.core import mail
    from django.utils import timezone

    from conversations import sweeps
    from recruitment_weeks.notifications.enums import NotificationKind
    from recruitment_weeks.notifications.models import Notification
    from recruitment_weeks.notifications.services import notification_deliver

    parties = make_parties()
    for user in (parties.employer.user, parties.graduate.user):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    path = f"/conversations/{parties.conversation.pk}/"
    employer_context, employer = sign_in(browser, daphne_url, parties.employer.user.username)
    try:
        employer.goto(path)
        for text in ("第一条：请问您方便面试吗？", "第二条：时间可以商量。"):
            employer.get_by_role("textbox", name="消息").fill(text)
            employer.get_by_role("button", name="发送").click()
            employer.wait_for_load_state()
            employer.locator("#thread .thread__body", has_text=text).wait_for()
    finally:
        employer_context.close()

    # The graduate never opened the page: after the away minutes, one inbox entry and one email.
    later = timezone.now() + dt.timedelta(minutes=settings.CONVERSATION_AWAY_MINUTES + 1)
    assert sweeps.unread_messages_sweep(now=later) == 1
    assert sweeps.unread_messages_sweep(now=later + dt.timedelta(minutes=10)) == 0
    [entry] = Notification.objects.filter(kind=NotificationKind.MESSAGES_UNREAD)
    assert entry.recipient == parties.graduate.user
    notification_deliver(notification_id=entry.pk)
    assert [message.to for message in mail.outbox] == [[parties.graduate.user.email]]
    assert "沟通甲单位" in mail.outbox[0].body

    graduate_context, graduate = sign_in(browser, daphne_url, parties.graduate.user.username)
    try:
        graduate.goto("/inbox/")
        graduate.locator(".inbox__link a").first.click()  # one conversation named: it opens that one
        graduate.wait_for_load_state()
        assert graduate.url == daphne_url + path
        graduate.locator("#thread .thread__body", has_text="时间可以商量").wait_for()
        assert graduate.locator("#thread .thread__body").all_inner_texts() == [
            "第一条：请问您方便面试吗？",
            "第二条：时间可以商量。",
        ]
        assert serious_axe_violations(graduate) == []
    finally:
        graduate_context.close()
