"""The review queue (<model>/queue/ in the admin): per role exactly the pending rows of the user's
venues, oldest first; keyset pages; the venue select limited to the user's venues; decisions through
the model's actions (approve, reject with a reason) that come back to the queue; constant queries."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from console.paginator import COUNT_CAP
from employers.models import Employer
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import EmployerFactory, FairRegistrationFactory, GraduateFactory, UserFactory, WeekFactory
from tests.factories.staff import ROLES, staff_user
from tests.pages import text_of, texts
from venues.models import Venue

pytestmark = pytest.mark.django_db

QUEUES = {
    "employers": "admin:employers_employer_queue",
    "graduates": "admin:graduates_graduate_queue",
    "fair": "admin:events_fairregistration_queue",
}
EMPLOYERS = reverse(QUEUES["employers"])

# The pending rows of the two-province world, by the first column (a fair registration's employer),
# oldest first, as each role must see them. Decided rows are never queued.
EMPLOYERS_A = ["甲省待审单位", "角色单位"]  # A's HR venue; 甲省待审单位 has waited two days
GRADUATES_A = ["甲省毕业生", "角色毕业生"]  # A's education venue
EXPECTED = {
    "employers": {
        "staff_a": EMPLOYERS_A,
        "staff_b": ["乙省待审单位"],
        "main_hr": ["乙省待审单位", *EMPLOYERS_A],  # 乙省待审单位 has waited three days
        "main_edu": [],
        "superuser": ["乙省待审单位", *EMPLOYERS_A],
    },
    "graduates": {
        "staff_a": GRADUATES_A,
        "staff_b": ["乙省毕业生"],
        "main_hr": [],
        "main_edu": ["甲省毕业生", "乙省毕业生", "角色毕业生"],
        "superuser": ["甲省毕业生", "乙省毕业生", "角色毕业生"],
    },
    "fair": {
        "staff_a": ["甲省已审单位"],
        "staff_b": ["乙省已审单位"],
        "main_hr": ["甲省已审单位", "乙省已审单位"],
        "main_edu": [],
        "superuser": ["甲省已审单位", "乙省已审单位"],
    },
}


def queued(response) -> list[str]:
    return texts(response.content, scope="row")


@pytest.mark.parametrize("queue", QUEUES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_the_pending_rows_of_its_venues(world, as_role, role, queue):
    response = as_role(role).get(reverse(QUEUES[queue]))

    if role in ("anonymous", "graduate", "employer"):
        assert (response.status_code, urlsplit(response["Location"]).path) == (302, "/admin/login/")
        return
    assert response.status_code == 200
    assert queued(response) == EXPECTED[queue][role]


def test_staff_without_a_venue_is_refused(world):
    client = Client()
    client.force_login(UserFactory(username="plain-staff", is_staff=True))

    assert client.get(EMPLOYERS).status_code == 403


def test_rows_show_the_columns_and_how_long_each_has_waited(world, as_role, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    EmployerFactory(
        name="甲省更早待审", uscc="91110000600037341K", province=world.a_hr.province, reviewing_venue=world.a_hr,
        industry="I", submitted_at=timezone.now() - dt.timedelta(days=5, hours=3),
    )  # fmt: skip

    response = as_role("staff_a").get(EMPLOYERS)

    headers = ["选择", "单位名称", "统一社会信用代码", "所在省份", "行业", "等待时长", "审核会场"]
    assert texts(response.content, scope="col") == headers
    assert texts(response.content, class_="staff-queue__row")[0] == (
        f"甲省更早待审 91110000600037341K 甲省 信息传输、软件和信息技术服务业 5 日，3 小时 {world.a_hr.name}"
    )
    assert queued(response) == ["甲省更早待审", *EMPLOYERS_A]
    assert text_of(response.content, "queue-summary").startswith("待审核 3 条，等待最久的排在最前。")


def test_an_empty_queue_says_so_without_a_table(world, as_role):
    response = as_role("main_edu").get(EMPLOYERS)  # employers are reviewed by HR venues

    assert text_of(response.content, "queue-summary") == "队列已清空：没有待审核的记录。 查看全部记录（含已审核）"
    assert texts(response.content, id="result_list") == []
    assert texts(response.content, id="queue-action") == []


def test_the_queue_speaks_english_too(world, as_role):
    response = as_role("staff_a").get(EMPLOYERS, HTTP_ACCEPT_LANGUAGE="en")

    assert texts(response.content, scope="col")[-2:] == ["Waiting time", "Reviewing venue"]
    assert text_of(response.content, "queue-summary").startswith("2 waiting for review, the longest-waiting first.")


def test_pages_follow_the_keyset_forwards_and_back(world, as_role):
    start = timezone.now() - dt.timedelta(days=10)
    for i in range(5):
        EmployerFactory(
            name=f"排队单位{i}", province=world.a_hr.province, reviewing_venue=world.a_hr,
            submitted_at=start + dt.timedelta(hours=i // 2),  # pairs share a time: the id breaks the tie
        )  # fmt: skip
    client = as_role("staff_a")

    pages, url = [], EMPLOYERS + "?page_size=3"
    while url:
        response = client.get(url)
        pages.append(queued(response))
        url = response.context["next_url"]
    back = client.get(client.get(response.context["previous_url"]).context["previous_url"])

    assert pages == [
        ["排队单位0", "排队单位1", "排队单位2"],
        ["排队单位3", "排队单位4", EMPLOYERS_A[0]],
        [EMPLOYERS_A[1]],
    ]
    assert queued(back) == pages[0]


def test_a_broken_page_link_goes_back_to_the_top_with_a_message(world, as_role):
    response = as_role("staff_a").get(EMPLOYERS + "?cursor=not-a-cursor", follow=True)

    assert response.redirect_chain == [(EMPLOYERS, 302)]
    assert [str(m) for m in response.context["messages"]] == ["翻页参数无效，已回到队首。"]
    assert queued(response) == EMPLOYERS_A


def test_the_venue_select_offers_only_the_users_venues_and_ignores_any_other(world, as_role):
    main_hr, staff_a = as_role("main_hr"), as_role("staff_a")

    narrowed = main_hr.get(EMPLOYERS, {"venue": world.a_hr.pk})
    foreign = staff_a.get(EMPLOYERS, {"venue": world.b_hr.pk})
    options = texts(staff_a.get(EMPLOYERS).content, value=str(world.a_hr.pk))

    assert queued(narrowed) == EMPLOYERS_A
    assert queued(foreign) == EMPLOYERS_A  # not B's queue: the whole queue of A's venues
    assert options == [world.a_hr.name]
    staff_venues = texts(staff_a.get(EMPLOYERS).content, id="queue-venue")[0]
    assert staff_venues == f"我管理的全部会场 {world.a_edu.name} {world.a_hr.name}"  # the venues' own order
    assert world.b_hr.name not in foreign.text


def test_approve_from_the_queue_acts_on_the_users_rows_only_and_comes_back(world, as_role):
    selected = [world.employer_a.pk, world.employer_b.pk]

    response = as_role("staff_a").post(
        EMPLOYERS, {"action": "approve", "_selected_action": selected, "index": "0"}, follow=True
    )

    statuses = dict(Employer.objects.filter(pk__in=selected).values_list("name", "status"))
    assert statuses == {"甲省待审单位": "approved", "乙省待审单位": "pending"}
    assert response.redirect_chain == [(EMPLOYERS, 302)]
    assert [str(m) for m in response.context["messages"]] == ["已处理 1 条。"]
    assert queued(response) == ["角色单位"]
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["employers.employer.approved"]


def test_an_action_without_a_selection_changes_nothing_and_says_so(world, as_role):
    response = as_role("staff_a").post(EMPLOYERS, {"action": "approve", "index": "0"}, follow=True)

    # Django's own message
    assert [str(m) for m in response.context["messages"]] == ["条目必须选中以对其进行操作。没有任何条目被更改。"]
    assert Employer.objects.filter(status="approved").count() == 2  # the world's two approved employers
    assert queued(response) == EMPLOYERS_A


def test_reject_from_the_queue_asks_a_reason_keeps_the_selection_and_comes_back(world, as_role):
    client = as_role("staff_a")
    chosen = {"action": "reject", "_selected_action": [world.employer_a.pk]}

    form = client.post(EMPLOYERS + "?page_size=10", {**chosen, "index": "0"})
    blank = client.post(EMPLOYERS + "?page_size=10", {**chosen, "apply": "1", "reason": "  "})
    done = client.post(EMPLOYERS + "?page_size=10", {**chosen, "apply": "1", "reason": "营业执照不清晰。"})

    assert form.templates[0].name == "admin/staff/reason_form.html"
    assert 'action="/admin/employers/employer/queue/?page_size=10"' in form.text
    assert texts(blank.content, id="reason-errors") == ["请填写原因。"]
    assert texts(blank.content, class_="staff-reason__objects") == ["甲省待审单位"]
    assert (done.status_code, done["Location"]) == (302, EMPLOYERS + "?page_size=10")
    employer = Employer.objects.get(pk=world.employer_a.pk)
    assert (employer.status, employer.status_reason) == ("rejected", "营业执照不清晰。")


def test_the_changelist_links_to_its_queue(world, as_role):
    response = as_role("staff_a").get(reverse("admin:employers_employer_changelist"))

    assert texts(response.content, id="review-queue-link") == ["审核队列"]
    assert f'href="{EMPLOYERS}"' in response.text


@pytest.fixture
def queue_rows():
    """n pending rows of each queue at one venue, and a staff member of it."""
    week = WeekFactory(year=2030)

    def make(queue: str, venue: Venue, n: int):
        for _ in range(n):
            if queue == "employers":
                EmployerFactory(province=venue.province, reviewing_venue=venue)
            elif queue == "graduates":
                GraduateFactory(university_province=venue.province, reviewing_venue=venue)
            else:
                employer = EmployerFactory(province=venue.province, reviewing_venue=venue, approved=True)
                FairRegistrationFactory(employer=employer, week=week, venue=venue)

    return make


@pytest.mark.parametrize("queue", QUEUES)
@pytest.mark.parametrize("n", [1, 3])
def test_query_count_is_constant(world, queue_rows, django_assert_num_queries, queue, n):
    venue = world.a_hr if queue != "graduates" else world.a_edu
    queue_rows(queue, venue, n)
    client = Client()
    client.force_login(staff_user("counted", venue))
    cold = client.get(reverse(QUEUES[queue]))  # names the venues, provinces and weeks for a minute

    # session, user, scope, the rows (a fair registration's employer joined), the capped count
    with django_assert_num_queries(5):
        response = client.get(reverse(QUEUES[queue]))

    assert len(queued(cold)) == len(queued(response)) == n + len(EXPECTED[queue]["staff_a"])


def test_the_waiting_count_stops_at_the_cap(world, as_role, monkeypatch):
    monkeypatch.setattr("console.paginator.COUNT_CAP", 2)

    response = as_role("staff_a").get(EMPLOYERS)

    assert COUNT_CAP > 2 and response.context["waiting"] == 2  # two rows: not above a cap of 2
    EmployerFactory(province=world.a_hr.province, reviewing_venue=world.a_hr)
    assert text_of(as_role("staff_a").get(EMPLOYERS).content, "queue-summary").startswith("待审核超过 2 条")
