"""devtools.staff_bench: the staff pages the benchmark times, per role, all answer as those users."""

import pytest

from devtools.staff_bench import MAIN, PROVINCIAL, staff_pages, staff_users
from venues.models import Venue

pytestmark = pytest.mark.django_db


def test_every_staff_page_answers_each_role(client):
    users = staff_users()
    again = staff_users()  # found, not made twice

    provincial = Venue.objects.filter(memberships__user=users[PROVINCIAL])
    assert sorted(provincial.values_list("kind", "system")) == [("branch", "education"), ("branch", "hr")]
    assert len({v.province_id for v in provincial}) == 1
    assert list(Venue.objects.filter(memberships__user=users[MAIN]).values_list("kind", "system")) == [("main", "hr")]
    assert again == users
    statuses = {}
    for label, url, role in staff_pages():
        client.force_login(users[role])
        statuses[label] = client.get(url).status_code
    # Notifications are Django-permission pages: venue staff without that permission get 403.
    assert {label for label, status in statuses.items() if status != 200} == {
        "notifications[provincial]",
        "notifications[main]",
    }
    assert {statuses["notifications[provincial]"], statuses["notifications[main]"]} == {403}
    assert len(statuses) == 2 * 19
