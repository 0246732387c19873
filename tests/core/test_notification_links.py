"""Every notification leads somewhere: each kind's inbox entry and email link to the object or page it
is about, and that link opens (200) for the notification's recipient."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from marketplace import services
from recruitment_weeks.notifications.enums import (
    CAREER_CENTRE_KINDS,
    EMPLOYER_KINDS,
    GRADUATE_KINDS,
    STAFF_KINDS,
    NotificationKind,
)
from recruitment_weeks.notifications.links import APPLICATION_PAGES
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import render_notification
from tests.factories import ApplicationFactory, PostingFactory, UserFactory
from tests.factories.staff import staff_user
from tests.factories.universities import CareerCentreMemberFactory
from tests.pages import texts
from universities.models import University
from venues.models import Venue

pytestmark = pytest.mark.django_db

OTHER_KINDS = (NotificationKind.APPLICATION_OVERDUE,)  # to venue staff, like STAFF_KINDS


@pytest.fixture
def recipients():
    application = ApplicationFactory(posting=PostingFactory(published=True))
    employer = application.posting.employer
    staff = staff_user("links-staff", employer.reviewing_venue)
    superuser = UserFactory(username="links-root", is_staff=True, is_superuser=True)
    university = University.objects.get(name="河北大学")
    career_centre = CareerCentreMemberFactory(
        user=UserFactory(username="links-career"),
        university=university,
        reviewing_venue=Venue.objects.get(slug="13-education"),
    ).user
    return application, {
        "career_centre": career_centre,
        "employer": employer.user,
        "graduate": application.graduate.user,
        "staff": staff,
        "root": superuser,
    }


def recipient_role(kind: str) -> str:
    if kind in EMPLOYER_KINDS or kind in (
        NotificationKind.APPLICATION_RECEIVED,
        NotificationKind.APPLICATION_WITHDRAWN,
    ):
        return "employer"
    if kind in GRADUATE_KINDS:
        return "graduate"
    if kind in CAREER_CENTRE_KINDS:
        return "career_centre"
    assert kind in STAFF_KINDS or kind in OTHER_KINDS, f"{kind}: whose is it?"
    return "staff"


def test_every_kind_has_a_recipient_role():
    assert sorted(recipient_role(kind) for kind in NotificationKind.values)  # raises for an unplaced kind


@pytest.mark.parametrize("kind", NotificationKind.values)
def test_every_kind_links_its_inbox_entry_and_email_to_a_page_that_opens_for_its_recipient(recipients, kind):
    application, users = recipients
    user = users[recipient_role(kind)]
    notification = Notification.objects.create(
        recipient=user, kind=kind, payload={"application_id": application.pk, "posting_title": "职位"}, dedupe_key="k"
    )
    client = Client()
    client.force_login(user)

    inbox = client.get(reverse("notifications:inbox")).content.decode()
    _subject, body = render_notification(notification, language="zh-hans")

    assert texts(inbox, class_="inbox__link") == ["查看详情"]
    link = re.search(r'<p class="inbox__link"><a href="([^"]+)"', inbox)[1]
    assert link != reverse("notifications:inbox")
    assert f"查看详情：{settings.SITE_URL}{link}\n" in body
    if kind in APPLICATION_PAGES:
        assert str(application.pk) in link
    response = client.get(link)
    assert response.status_code == 200, (kind, link, response.status_code)


def test_an_application_notification_leads_to_that_application(recipients):
    application, users = recipients
    changed = Notification(
        recipient=users["graduate"],
        kind=NotificationKind.APPLICATION_CHANGED,
        payload={"application_id": application.pk},
    )
    received = Notification(
        recipient=users["employer"],
        kind=NotificationKind.APPLICATION_RECEIVED,
        payload={"application_id": application.pk},
    )

    assert changed.link == reverse("graduates:application_detail", args=[application.pk])
    assert received.link == reverse("employers:application_detail", args=[application.pk])


def test_the_application_services_record_which_application_a_notification_is_about(recipients):
    application, users = recipients

    services.application_mark_viewed(application=application, actor=users["employer"])

    notification = Notification.objects.get(recipient=users["graduate"])
    assert notification.link == reverse("graduates:application_detail", args=[application.pk])
