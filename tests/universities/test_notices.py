"""Notices to universities: who they reach, the acknowledgement, and the venue's board of who has not."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recruitment_weeks.audit.models import AuditEntry
from tests.factories import UserFactory
from tests.factories.staff import staff_user
from tests.factories.universities import CareerCentreMemberFactory
from universities import services
from universities.enums import UniversityAction
from universities.models import NoticeAcknowledgement, University
from universities.selectors import notice_acknowledgement_board, notice_audience
from venues.models import Venue

pytestmark = pytest.mark.django_db


def member_of(name: str, username: str):
    university = University.objects.get(name=name)
    venue = Venue.objects.get(slug=f"{university.province.code}-education")
    return CareerCentreMemberFactory(user=UserFactory(username=username), university=university, reviewing_venue=venue)


def publish(slug: str, title: str = "关于做好招聘周组织工作的通知"):
    venue = Venue.objects.get(slug=slug)
    return services.university_notice_publish(venue=venue, actor=None, title=title, body="第一段。\n\n第二段。")


def test_branch_venue_notice_reaches_its_province_and_main_venue_notice_all():
    provincial = publish("13-education")
    national = publish("main-education")

    assert list(notice_audience(notice=provincial).values_list("name", flat=True)) == ["河北大学"]
    assert notice_audience(notice=national).count() == University.objects.count() == 14


def test_publish_refuses_blank_title_and_nul_and_saves_nothing():
    venue = Venue.objects.get(slug="13-education")

    with pytest.raises(ValidationError) as raised:
        services.university_notice_publish(venue=venue, actor=None, title="  ", body="正文\x00")

    assert raised.value.message_dict == {
        "title": ["请填写标题。"],
        "body": ["不能包含空字符（NUL）或无法编码的字符（不成对的代理项）。"],
    }
    assert venue.university_notices.count() == 0


def test_member_acknowledges_once_and_the_board_shows_who_has_not(client):
    notice = publish("main-education")
    hebei = member_of("河北大学", "hbu-career")
    member_of("山西大学", "sxu-career")  # addressed, does not acknowledge
    client.force_login(hebei.user)

    page = client.get(reverse("career_centre:notice_detail", args=[notice.pk]))
    first = client.post(reverse("career_centre:notice_detail", args=[notice.pk]))
    second = client.post(reverse("career_centre:notice_detail", args=[notice.pk]))

    assert page.status_code == 200
    assert "<p>第一段。</p>" in page.content.decode()
    assert (first.status_code, second.status_code) == (302, 302)
    assert list(NoticeAcknowledgement.objects.values_list("university__name", "acknowledged_by")) == [
        ("河北大学", hebei.user_id)
    ]
    assert list(AuditEntry.objects.filter(action=UniversityAction.NOTICE_ACKNOWLEDGED).values_list("actor")) == [
        (hebei.user_id,)
    ]
    acknowledged, waiting = notice_acknowledgement_board(notice=notice)
    assert [u.name for u, _ack in acknowledged] == ["河北大学"]
    assert len(waiting) == 13 and "山西大学" in [u.name for u in waiting]


def test_notice_of_another_province_is_invisible_to_the_member(client):
    notice = publish("14-education")  # 山西's universities only
    hebei = member_of("河北大学", "hbu-career")
    client.force_login(hebei.user)

    listing = client.get(reverse("career_centre:notice_list"))
    detail = client.get(reverse("career_centre:notice_detail", args=[notice.pk]))
    post = client.post(reverse("career_centre:notice_detail", args=[notice.pk]))

    assert list(listing.context["page"].object_list) == []
    assert (detail.status_code, post.status_code) == (404, 404)
    assert NoticeAcknowledgement.objects.count() == 0
    with pytest.raises(ValidationError):
        services.university_notice_acknowledge(notice=notice, actor=hebei.user)


def test_notice_list_marks_the_unacknowledged(client):
    older, newer = publish("13-education", "旧通知"), publish("main-education", "新通知")
    hebei = member_of("河北大学", "hbu-career")
    services.university_notice_acknowledge(notice=older, actor=hebei.user)
    client.force_login(hebei.user)

    response = client.get(reverse("career_centre:notice_list"))

    assert [(n.pk, n.acknowledged) for n in response.context["page"].object_list] == [
        (newer.pk, False),
        (older.pk, True),
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_notice_list_query_count_does_not_grow(client, django_assert_num_queries, count):
    for n in range(count):
        publish("13-education", f"通知{n}")
    hebei = member_of("河北大学", "hbu-career")
    client.force_login(hebei.user)
    client.get(reverse("career_centre:notice_list"))

    # session, user (with membership and university), unread messages, count, notices (with venue)
    with django_assert_num_queries(5):
        response = client.get(reverse("career_centre:notice_list"))

    assert len(response.context["page"].object_list) == count


# --- The venue's side in the admin ---------------------------------------------------------------------


def test_venue_staff_publish_in_the_admin_and_read_the_board(client):
    venue = Venue.objects.get(slug="13-education")
    staff = staff_user("hebei-edu", venue)
    client.force_login(staff)

    response = client.post(
        reverse("admin:universities_universitynotice_add"), {"venue": venue.pk, "title": "签收测试", "body": "请签收。"}
    )

    notice = venue.university_notices.get()
    assert response.status_code == 302
    assert (notice.title, notice.created_by) == ("签收测试", staff)
    board = client.get(reverse("admin:universities_universitynotice_board", args=[notice.pk]))
    assert board.status_code == 200
    assert [u.name for u in board.context["waiting"]] == ["河北大学"]


def test_other_province_staff_cannot_publish_for_or_read_a_venue(client):
    notice = publish("13-education")
    other = staff_user("shanxi-edu", Venue.objects.get(slug="14-education"))
    client.force_login(other)

    add = client.post(
        reverse("admin:universities_universitynotice_add"),
        {"venue": Venue.objects.get(slug="13-education").pk, "title": "冒名", "body": "冒名"},
    )
    board = client.get(reverse("admin:universities_universitynotice_board", args=[notice.pk]))

    assert (add.status_code, board.status_code) == (200, 404)
    assert list(Venue.objects.get(slug="13-education").university_notices.values_list("title", flat=True)) == [
        "关于做好招聘周组织工作的通知"
    ]


def test_a_notice_notifies_the_approved_members_it_addresses_with_a_link_to_it(django_capture_on_commit_callbacks):
    from recruitment_weeks.notifications.links import notification_link
    from recruitment_weeks.notifications.models import Notification
    from universities.enums import CareerCentreStatus

    member_of("河北大学", "hebei")
    member_of("山西大学", "shanxi")
    pending = member_of("河北大学", "hebei-pending")
    pending.status = CareerCentreStatus.PENDING
    pending.save(update_fields=["status"])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        provincial = publish("13-education", title="河北省通知")
        national = publish("main-education", title="全国通知")

    rows = Notification.objects.filter(kind="university_notice").order_by("pk")
    assert [(n.recipient.username, n.payload["notice_title"]) for n in rows] == [
        ("hebei", "河北省通知"),
        ("hebei", "全国通知"),
        ("shanxi", "全国通知"),
    ]
    assert [notification_link(n) for n in rows] == [
        reverse("career_centre:notice_detail", args=[provincial.pk]),
        reverse("career_centre:notice_detail", args=[national.pk]),
        reverse("career_centre:notice_detail", args=[national.pk]),
    ]
    assert len(callbacks) == 2  # each notice queues its notifications' delivery after commit


def test_a_notice_in_batches_writes_each_member_once(monkeypatch):
    from recruitment_weeks.notifications.models import Notification

    monkeypatch.setattr(services, "NOTICE_BATCH", 2)
    for i, name in enumerate(["河北大学", "山西大学", "内蒙古大学", "南昌大学", "郑州大学"]):
        member_of(name, f"m{i}")

    publish("main-education")

    notified = Notification.objects.filter(kind="university_notice").values_list("recipient__username", flat=True)
    assert sorted(notified) == ["m0", "m1", "m2", "m3", "m4"]


def test_the_review_decision_notifies_the_member_with_a_link_and_the_reason():
    from recruitment_weeks.notifications.links import notification_link
    from recruitment_weeks.notifications.models import Notification
    from recruitment_weeks.notifications.services import render_notification
    from universities.enums import CareerCentreStatus

    approved, rejected = member_of("河北大学", "a"), member_of("山西大学", "r")
    for member in (approved, rejected):
        member.status = CareerCentreStatus.PENDING
        member.save(update_fields=["status"])

    services.career_centre_approve(member=approved, actor=None)
    services.career_centre_reject(member=rejected, actor=None, reason="不是本校工作人员")

    yes = Notification.objects.get(recipient=approved.user)
    no = Notification.objects.get(recipient=rejected.user)
    assert (yes.kind, no.kind) == ("career_centre_approved", "career_centre_rejected")
    assert notification_link(yes) == notification_link(no) == reverse("career_centre:dashboard")
    subject, body = render_notification(no)
    assert subject == "【招聘周】高校就业工作人员审核未通过：山西大学"
    assert "审核意见：不是本校工作人员" in body
    subject, _ = render_notification(no, "en")
    assert subject == "[Recruitment Weeks] Career-centre staff registration not approved: 山西大学"
