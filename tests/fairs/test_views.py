"""The fair registration pages (申请加入招聘会): approved employers only, own rows only."""

import pytest

from events.models import FairRegistration
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import EmployerFactory, EmployerMemberFactory, FairRegistrationFactory, PostingFactory, WeekFactory
from tests.pages import text_of, texts
from venues.models import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def week():
    return WeekFactory(year=2030, name="2030年春季测试招聘周")


@pytest.fixture
def approved(client):
    employer = EmployerFactory(approved=True)
    client.force_login(employer.user)
    return employer


def test_fair_apply_page_offers_open_weeks_own_published_postings_and_default_venue(client, approved, week):
    shown = PostingFactory(employer=approved, published=True, title="我的已发布职位")
    PostingFactory(employer=approved, title="我的草稿")
    PostingFactory(published=True, title="别人的职位")

    response = client.get("/employer/fairs/apply/")

    form = response.context["form"]
    assert list(form.fields["week"].queryset) == [week]  # the 2020 weeks are over
    assert list(form.fields["postings"].queryset) == [shown]
    assert form.initial["venue"] == approved.reviewing_venue_id
    assert "2030年春季测试招聘周（2030-04-23 — 2030-04-29）" in response.content.decode()


def test_fair_apply_submits_and_lists_pending(client, approved, week):
    posting = PostingFactory(employer=approved, published=True, title="审计助理")

    response = client.post(
        "/employer/fairs/apply/",
        {"week": week.pk, "venue": Venue.objects.get(slug="main-hr").pk, "postings": [posting.pk]},
        follow=True,
    )

    registration = FairRegistration.objects.get()
    assert response.redirect_chain == [("/employer/fairs/", 302)]
    assert (registration.status, registration.venue.slug, list(registration.postings.all())) == (
        "pending",
        "main-hr",
        [posting],
    )
    assert texts(response.content, id=f"registration-{registration.pk}") == [
        "2030年春季测试招聘周 人力资源社会保障部主会场 审计助理 待审核 "
        "撤回报名 2030年春季测试招聘周 人力资源社会保障部主会场"
    ]


def test_fair_apply_names_a_team_member_on_duty(client, approved, week):
    posting = PostingFactory(employer=approved, published=True)
    member = EmployerMemberFactory(employer=approved, user__first_name="孙专员")

    response = client.post(
        "/employer/fairs/apply/",
        {
            "week": week.pk,
            "venue": Venue.objects.get(slug="main-hr").pk,
            "postings": [posting.pk],
            "on_duty_member": member.pk,
            "on_duty_hours": "9:00—17:00",
        },
    )

    registration = FairRegistration.objects.get()
    assert response.status_code == 302
    assert (registration.on_duty_member, registration.on_duty_hours) == (member, "9:00—17:00")


def test_fair_apply_without_postings_error_next_to_field(client, approved, week):
    PostingFactory(employer=approved, published=True)

    response = client.post("/employer/fairs/apply/", {"week": week.pk, "venue": approved.reviewing_venue_id})

    assert response.status_code == 200
    assert text_of(response.content, "field-postings").split()[:5] == [
        "在招聘会上展示的职位",
        "*",  # the required mark, and its words for screen readers
        "（必填）",
        "只能选择本单位已发布的职位。",
        "该字段是必填项。",
    ]
    assert FairRegistration.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_fair_apply_pending_employer_is_forbidden(client, week, method):
    employer = EmployerFactory()
    posting = PostingFactory(employer=employer)
    client.force_login(employer.user)

    response = getattr(client, method)(
        "/employer/fairs/apply/", {"week": week.pk, "venue": employer.reviewing_venue_id, "postings": [posting.pk]}
    )

    assert response.status_code == 403
    assert text_of(response.content, "forbidden-message") == "单位注册信息审核通过后才能使用此功能。"
    assert FairRegistration.objects.count() == 0


def test_fair_list_shows_status_and_rejection_reason(client, approved, week):
    registration = FairRegistrationFactory(employer=approved, week=week, status="rejected", status_reason="职位过少")

    response = client.get("/employer/fairs/")

    assert texts(response.content, id=f"registration-{registration.pk}")[0].endswith("未通过 原因：职位过少 —")


def test_fair_withdraw_own_registration(client, approved, week):
    registration = FairRegistrationFactory(employer=approved, week=week)

    response = client.post(f"/employer/fairs/{registration.pk}/withdraw/")

    assert response.status_code == 302
    assert FairRegistration.objects.get().status == "withdrawn"


def test_fair_withdraw_another_employers_registration_is_404_and_unchanged(client, approved, week):
    other = FairRegistrationFactory(week=week, status="approved")
    before = FairRegistration.objects.values().get(pk=other.pk)

    response = client.post(f"/employer/fairs/{other.pk}/withdraw/")

    assert response.status_code == 404
    assert FairRegistration.objects.values().get(pk=other.pk) == before
    assert AuditEntry.objects.count() == 0


def test_fair_list_hides_other_employers_registrations(client, approved, week):
    FairRegistrationFactory(week=week)

    response = client.get("/employer/fairs/")

    assert "还没有报名记录。" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_fair_list_query_count_is_constant(client, approved, django_assert_num_queries, count):
    for n in range(count):
        registration = FairRegistrationFactory(employer=approved, week=WeekFactory(year=2030 + n))
        registration.postings.set([PostingFactory(employer=approved, published=True)])

    # session, user, inbox count, registrations (+ week, venue), their postings
    with django_assert_num_queries(5):
        response = client.get("/employer/fairs/")

    assert len(texts(response.content, class_="badge")) == count
