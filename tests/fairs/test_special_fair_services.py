"""专场: creating one by scope, publishing, employers applying (eligibility) and the organiser's review."""

import pytest
from django.core.exceptions import ValidationError

from fairs import services
from fairs.models import SpecialFair, SpecialFairParticipation
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import render_notification
from recruitment_weeks.workflow import InvalidTransition
from tests.factories import (
    BranchVenueFactory,
    EmployerFactory,
    MainVenueFactory,
    ProvinceFactory,
    UserFactory,
    WeekFactory,
)
from tests.factories.fairs import ParticipationFactory, SpecialFairFactory
from venues.enums import System

pytestmark = pytest.mark.django_db


def create(**overrides):
    kwargs = {
        "week": WeekFactory(),
        "venue": BranchVenueFactory(),
        "scope": "venue",
        "title": "信息技术专场",
        "theme": "industry",
        "actor": UserFactory(is_staff=True),
    }
    return services.special_fair_create(**{**kwargs, **overrides})


def test_special_fair_create_writes_a_draft_and_audit():
    province = ProvinceFactory()

    special_fair = create(
        employer_industries=["I", "C", "I"], employer_provinces=[province], graduate_degrees=["master"]
    )

    assert (special_fair.status, special_fair.employer_industries, special_fair.graduate_degrees) == (
        "draft",
        ["C", "I"],
        ["master"],
    )
    assert list(special_fair.employer_provinces.all()) == [province]
    assert list(AuditEntry.objects.values_list("action", "venue_id")) == [
        ("fairs.specialfair.created", special_fair.venue_id)
    ]


def test_special_fair_create_province_scope_takes_the_provinces_other_venue():
    province = ProvinceFactory()
    hr, education = (
        BranchVenueFactory(province=province),
        BranchVenueFactory(province=province, system=System.EDUCATION),
    )

    special_fair = create(venue=hr, scope="province", partner_venues=[education])

    assert list(special_fair.partner_venues.all()) == [education]


@pytest.mark.parametrize(
    ("organiser", "scope", "partners", "message"),
    [
        ("branch", "national", "none", "全国专场由主会场举办，不设联合主办会场。"),
        ("main", "venue", "none", "主会场只能举办全国专场。"),
        ("branch", "venue", "other_province", "分会场专场不设联合主办会场。"),
        ("branch", "province", "other_province", "省级联合专场由同一省份的两个分会场联合举办。"),
        ("branch", "cross_province", "none", "跨省联合专场须有其他省份的分会场联合举办。"),
    ],
)
def test_special_fair_create_refuses_organisers_the_scope_does_not_allow(organiser, scope, partners, message):
    venue = MainVenueFactory() if organiser == "main" else BranchVenueFactory()
    partner_venues = [BranchVenueFactory()] if partners == "other_province" else []

    with pytest.raises(ValidationError) as refusal:
        create(venue=venue, scope=scope, partner_venues=partner_venues)

    assert refusal.value.message_dict == {"scope": [message]}
    assert SpecialFair.objects.count() == 0


def test_special_fair_publish_then_cancel_and_not_again():
    special_fair = create()
    actor = UserFactory(is_staff=True)

    services.special_fair_publish(special_fair=special_fair, actor=actor)
    services.special_fair_cancel(special_fair=special_fair, actor=actor)

    special_fair.refresh_from_db()
    assert special_fair.status == "cancelled"
    with pytest.raises(InvalidTransition):
        services.special_fair_publish(special_fair=special_fair, actor=actor)


# --- Employers joining --------------------------------------------------------------------------------


def test_participation_apply_is_pending_and_idempotent():
    special_fair, employer = SpecialFairFactory(), EmployerFactory(approved=True)

    first = services.participation_apply(
        special_fair=special_fair, employer=employer, actor=employer.user, on_duty_name="王老师"
    )
    again = services.participation_apply(special_fair=special_fair, employer=employer, actor=employer.user)

    assert (again.pk, again.status, again.on_duty_name) == (first.pk, "pending", "王老师")
    assert list(AuditEntry.objects.values_list("action", "venue_id")) == [
        ("fairs.specialfairparticipation.submitted", special_fair.venue_id)
    ]


def test_participation_apply_refuses_an_employer_of_another_industry_with_the_allowed_ones():
    special_fair = SpecialFairFactory(employer_industries=["C", "I"])
    employer = EmployerFactory(approved=True, industry="J")

    with pytest.raises(ValidationError) as refusal:
        services.participation_apply(special_fair=special_fair, employer=employer, actor=employer.user)

    assert refusal.value.messages == ["本专场仅限以下行业的用人单位参加：制造业、信息传输、软件和信息技术服务业。"]
    assert SpecialFairParticipation.objects.count() == 0


def test_participation_apply_refuses_an_employer_of_another_province():
    special_fair = SpecialFairFactory()
    allowed = ProvinceFactory(name="测试允许省")
    special_fair.employer_provinces.set([allowed])
    employer = EmployerFactory(approved=True)

    with pytest.raises(ValidationError) as refusal:
        services.participation_apply(special_fair=special_fair, employer=employer, actor=employer.user)

    assert refusal.value.messages == ["本专场仅限所在省份为测试允许省的用人单位参加。"]


@pytest.mark.parametrize(
    ("employer_status", "fair_status", "code"),
    [
        ("pending", "published", "employer_not_approved"),
        ("approved", "draft", "special_fair_not_published"),
        ("approved", "cancelled", "special_fair_not_published"),
    ],
)
def test_participation_apply_refuses(employer_status, fair_status, code):
    special_fair = SpecialFairFactory(status=fair_status)
    employer = EmployerFactory(status=employer_status)

    with pytest.raises(ValidationError) as refusal:
        services.participation_apply(special_fair=special_fair, employer=employer, actor=employer.user)

    assert refusal.value.code == code
    assert SpecialFairParticipation.objects.count() == 0


def test_participation_approve_notifies_the_employer_once():
    participation = ParticipationFactory(status="pending")
    reviewer = UserFactory(is_staff=True)

    services.participation_approve(participation=participation, actor=reviewer)

    participation.refresh_from_db()
    assert (participation.status, participation.reviewed_by) == ("approved", reviewer)
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.payload["special_fair_id"]) == (
        participation.employer.user,
        "special_fair_approved",
        participation.special_fair_id,
    )
    assert notice.link == f"/fairs/{participation.special_fair_id}/"
    assert render_notification(notice)[0] == f"【招聘周】专场报名已通过：{participation.special_fair.title}"


def test_participation_reject_needs_a_reason_then_resubmit():
    participation = ParticipationFactory(status="pending")
    reviewer, employer = UserFactory(is_staff=True), participation.employer

    with pytest.raises(ValidationError):
        services.participation_reject(participation=participation, actor=reviewer, reason=" ")
    services.participation_reject(participation=participation, actor=reviewer, reason="行业不符")
    again = services.participation_apply(
        special_fair=participation.special_fair, employer=employer, actor=employer.user
    )

    assert (again.pk, again.status, again.status_reason) == (participation.pk, "pending", "")
