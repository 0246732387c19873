"""Review queues in the admin: pending first and oldest first with the waiting time, bulk approve,
reject and suspend with a required reason through an intermediate form, reinstate — all through the
services (audited, notified) and only on rows of the user's venues."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import Employer
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.factories import EmployerFactory
from tests.pages import texts
from venues.models import Venue

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:employers_employer_changelist"


def test_employer_list_shows_pending_first_oldest_first_with_waiting_time(world, as_role, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    EmployerFactory(
        name="甲省更早待审", province=world.a_hr.province, reviewing_venue=world.a_hr,
        submitted_at=timezone.now() - dt.timedelta(days=5, hours=3),
    )  # fmt: skip

    response = as_role("staff_a").get(reverse(CHANGELIST))

    names = [obj.name for obj in response.context["cl"].result_list]
    assert names == ["甲省更早待审", "甲省待审单位", "角色单位", "甲省已审单位"]
    assert texts(response.content, class_="field-waiting") == ["5 日，3 小时", "2 日", "0 分钟", "—"]


def test_bulk_approve_acts_only_on_rows_of_the_users_venues(world, as_role):
    selected = [world.employer_a.pk, world.users["employer"].employer.pk, world.employer_b.pk]

    response = as_role("staff_a").post(
        reverse(CHANGELIST), {"action": "approve", "_selected_action": selected, "index": "0"}, follow=True
    )

    statuses = dict(Employer.objects.filter(pk__in=selected).values_list("name", "status"))
    assert statuses == {"甲省待审单位": "approved", "角色单位": "approved", "乙省待审单位": "pending"}
    assert [str(m) for m in response.context["messages"]] == ["已处理 2 条。"]
    assert sorted(Notification.objects.values_list("kind", flat=True)) == ["employer_approved"] * 2


def test_reject_asks_for_a_reason_and_a_blank_one_changes_nothing(world, as_role):
    client = as_role("staff_a")

    first = client.post(
        reverse(CHANGELIST), {"action": "reject", "_selected_action": [world.employer_a.pk], "index": "0"}
    )
    blank = client.post(
        reverse(CHANGELIST),
        {"action": "reject", "_selected_action": [world.employer_a.pk], "apply": "1", "reason": "   "},
    )

    assert first.templates[0].name == "admin/staff/reason_form.html"
    assert texts(first.content, class_="staff-reason__objects") == ["甲省待审单位"]
    assert texts(blank.content, id="reason-errors") == ["请填写原因。"]
    assert texts(blank.content, id="reason-help") == ["对方会在通知中看到这段说明。"]
    assert 'aria-describedby="reason-help reason-errors"' in blank.text
    assert texts(blank.content, class_="staff-reason__objects") == ["甲省待审单位"]  # the selection is kept
    assert (Employer.objects.get(pk=world.employer_a.pk).status, AuditEntry.objects.count()) == ("pending", 0)


def test_reject_with_reason_goes_through_the_service(world, as_role):
    response = as_role("staff_a").post(
        reverse(CHANGELIST),
        {"action": "reject", "_selected_action": [world.employer_a.pk], "apply": "1", "reason": "营业执照不清晰。"},
    )

    employer = Employer.objects.get(pk=world.employer_a.pk)
    assert (response.status_code, employer.status, employer.status_reason) == (302, "rejected", "营业执照不清晰。")
    assert employer.reviewed_by == world.users["staff_a"]
    assert list(AuditEntry.objects.values_list("action", "data__reason")) == [
        ("employers.employer.rejected", "营业执照不清晰。")
    ]
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.payload["reason"]) == (
        employer.user,
        "employer_rejected",
        "营业执照不清晰。",
    )


def test_suspend_then_reinstate_an_approved_employer(world, as_role):
    client = as_role("main_hr")

    client.post(
        reverse(CHANGELIST),
        {"action": "suspend", "_selected_action": [world.approved_a.pk], "apply": "1", "reason": "发布虚假信息。"},
    )
    suspended = Employer.objects.get(pk=world.approved_a.pk).status
    client.post(reverse(CHANGELIST), {"action": "reinstate", "_selected_action": [world.approved_a.pk], "index": "0"})

    assert (suspended, Employer.objects.get(pk=world.approved_a.pk).status) == ("suspended", "approved")
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "employers.employer.suspended",
        "employers.employer.reinstated",
    ]


def test_refused_decision_is_reported_not_applied(world, as_role):
    response = as_role("staff_a").post(
        reverse(CHANGELIST),
        {"action": "reinstate", "_selected_action": [world.employer_a.pk], "index": "0"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["甲省待审单位: 当前状态为“待审核”，不能变为“已通过”。"]
    assert Employer.objects.get(pk=world.employer_a.pk).status == "pending"


def test_approve_from_the_change_page(world, as_role):
    url = reverse("admin:employers_employer_change", args=[world.employer_a.pk])

    response = as_role("staff_a").post(
        url, {"CHANGE_FORM-action": "approve", "_selected_action": [world.employer_a.pk]}
    )

    assert (response.status_code, Employer.objects.get(pk=world.employer_a.pk).status) == (302, "approved")


def test_change_page_of_own_employer_is_read_only_for_staff(world, as_role):
    url = reverse("admin:employers_employer_change", args=[world.employer_a.pk])

    response = as_role("staff_a").get(url)
    posted = as_role("staff_a").post(url, {"name": "改名", "_save": "1"})

    assert 'name="name"' not in response.text and 'name="status"' not in response.text
    assert (posted.status_code, Employer.objects.get(pk=world.employer_a.pk).name) == (403, "甲省待审单位")


@pytest.mark.parametrize(
    ("changelist", "selected", "expected"),
    [
        ("graduates_graduate", "graduate_a", ("graduates.graduate.approved", "graduate_approved")),
        ("events_fairregistration", "fair_a", ("events.fairregistration.approved", "fair_registration_approved")),
    ],
)
def test_approve_graduates_and_fair_registrations_through_their_services(
    world, as_role, changelist, selected, expected
):
    obj = getattr(world, selected)

    as_role("staff_a").post(
        reverse(f"admin:{changelist}_changelist"), {"action": "approve", "_selected_action": [obj.pk], "index": "0"}
    )

    obj.refresh_from_db()
    assert (
        obj.status,
        *AuditEntry.objects.values_list("action", flat=True),
        *Notification.objects.values_list("kind", flat=True),
    ) == (
        "approved",
        *expected,
    )


def test_search_finds_nothing_of_another_province(world, as_role):
    response = as_role("staff_a").get(reverse(CHANGELIST), {"q": "乙省"})

    assert list(response.context["cl"].result_list) == []


def test_filter_choices_list_only_the_users_venues(world, as_role):
    response = as_role("main_edu").get(reverse("admin:graduates_graduate_changelist"))

    spec = next(s for s in response.context["cl"].filter_specs if getattr(s, "field_path", "") == "reviewing_venue")
    labels = {label for _pk, label in spec.lookup_choices}
    # Every venue of the education system (the seeded ones too), and none of the HR system's.
    assert labels == set(Venue.objects.filter(system="education").values_list("name", flat=True))
    assert {world.a_edu.name, world.b_edu.name} <= labels
    assert world.a_hr.name not in labels


def test_autocomplete_offers_only_the_users_venues(world, as_role):
    response = as_role("staff_a").get(
        "/admin/autocomplete/",
        {"term": "分会场", "app_label": "venues", "model_name": "sitelinkreport", "field_name": "venue"},
    )

    assert sorted(r["text"] for r in response.json()["results"]) == sorted([world.a_hr.name, world.a_edu.name])
