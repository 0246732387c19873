"""The workspace lists of the fairs in keyset pages (20 rows, 上一页/下一页, no count): the employer's
fair registrations and sessions, the graduate's bookings. Their query counts are pinned beside each
page's other tests (test_views.py, test_session_views.py)."""

import datetime as dt
import re

import pytest

from tests.factories import EmployerFactory, FairRegistrationFactory, GraduateFactory, WeekFactory
from tests.factories.fairs import SESSION_START, BookingFactory, ParticipationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def ids(response, prefix: str) -> list[int]:
    return [int(pk) for pk in re.findall(rf'id="{prefix}-(\d+)"', response.content.decode())]


def next_link(response) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)"', response.content.decode())
    return found.group(1).replace("&amp;", "&") if found else None


def walk(client, url: str, prefix: str) -> list[list[int]]:
    """Every page's ids, following 下一页."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(ids(response, prefix))
        url = next_link(response)
    return pages


def test_fair_list_pages_newest_first(client):
    employer = EmployerFactory(approved=True)
    registrations = [FairRegistrationFactory(employer=employer, week=WeekFactory(year=2030 + n)) for n in range(21)]
    client.force_login(employer.user)

    pages = walk(client, "/employer/fairs/", "registration")

    newest_first = sorted(registrations, key=lambda r: (r.submitted_at, r.pk), reverse=True)
    assert pages == [[r.pk for r in newest_first[:20]], [newest_first[20].pk]]


def test_session_list_pages_latest_first(client):
    participation = ParticipationFactory()
    sessions = [
        SessionFactory(
            employer=participation.employer,
            special_fair=participation.special_fair,
            starts_at=SESSION_START + dt.timedelta(hours=n),
        )
        for n in range(21)
    ]
    client.force_login(participation.employer.user)

    pages = walk(client, "/employer/sessions/", "session")

    latest_first = [s.pk for s in reversed(sessions)]
    assert pages == [latest_first[:20], latest_first[20:]]


def test_booking_list_pages_soonest_first(client):
    graduate = GraduateFactory(approved=True)
    participation = ParticipationFactory()
    bookings = [
        BookingFactory(
            graduate=graduate,
            session=SessionFactory(
                employer=participation.employer,
                special_fair=participation.special_fair,
                starts_at=SESSION_START + dt.timedelta(hours=2 * n),
            ),
        )
        for n in range(21)
    ]
    client.force_login(graduate.user)

    pages = walk(client, "/graduate/bookings/", "booking")

    assert pages == [[b.pk for b in bookings[:20]], [bookings[20].pk]]


@pytest.mark.parametrize("url", ["/employer/fairs/", "/employer/sessions/"])
def test_a_broken_page_link_starts_again_at_the_first_page(client, url):
    client.force_login(EmployerFactory(approved=True).user)

    response = client.get(url, {"cursor": "not-ours"}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "分页链接已失效，已回到第一页。" in response.content.decode()


def test_a_broken_booking_page_link_starts_again_at_the_first_page(client):
    client.force_login(GraduateFactory(approved=True).user)

    response = client.get("/graduate/bookings/", {"cursor": "not-ours"}, follow=True)

    assert response.redirect_chain == [("/graduate/bookings/", 302)]
    assert "分页链接已失效，已回到第一页。" in response.content.decode()
