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


@pytest.mark.second_factor  # the bench's own session must pass the second factor, not this suite's hook
def test_the_bench_session_of_a_staff_user_reaches_the_admin_page_not_the_enrolment(client):
    from devtools.management.commands.bench import Command

    users = staff_users()
    cookie = Command.session_cookie(users[PROVINCIAL])
    client.cookies["sessionid"] = cookie.split(";")[0].removeprefix("sessionid=")

    response = client.get("/admin/employers/employer/queue/")

    assert response.status_code == 200
    assert Command.session_cookie(users[PROVINCIAL]) != cookie  # a new session, the same device
    assert users[PROVINCIAL].totpdevice_set.count() == 1


@pytest.fixture
def redirecting_server():
    """A real HTTP server that answers every GET with a redirect to the login (no database behind it)."""
    import http.server
    import threading

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "/accounts/login/")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_bench_refuses_a_redirect_as_the_page_it_times(redirecting_server):
    from django.core.management.base import CommandError

    from devtools.management.commands.bench import Command

    with pytest.raises(CommandError, match="answered 302"):
        Command().check_ok(redirecting_server + "/admin/employers/employer/queue/", "GET", "", None)
