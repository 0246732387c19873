"""Factories for 专场, sessions and bookings (on top of tests/factories/__init__.py). The week is
WeekFactory's (2030-04-23 to 04-29, upcoming whatever today is); sessions start on its first day."""

import datetime as dt

import factory
from django.utils import timezone

from events.enums import FairRegistrationStatus
from events.models import SHANGHAI, FairRegistration
from fairs.enums import (
    BookingStatus,
    SessionKind,
    SessionStatus,
    SpecialFairScope,
    SpecialFairStatus,
    SpecialFairTheme,
)
from fairs.models import Booking, Session, Slot, SpecialFair, SpecialFairParticipation
from tests.factories import (
    BranchVenueFactory,
    EmployerFactory,
    FairRegistrationFactory,
    GraduateFactory,
    WeekFactory,
)

# 10:00 Asia/Shanghai on the week's first day.
SESSION_START = dt.datetime(2030, 4, 23, 10, 0, tzinfo=SHANGHAI)


class SpecialFairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialFair

    week = factory.SubFactory(WeekFactory)
    venue = factory.SubFactory(BranchVenueFactory)
    scope = SpecialFairScope.VENUE
    title = factory.Sequence(lambda n: f"信息技术专场{n}")
    theme = SpecialFairTheme.INDUSTRY
    status = SpecialFairStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialFairParticipation

    special_fair = factory.SubFactory(SpecialFairFactory)
    employer = factory.SubFactory(EmployerFactory, approved=True)
    status = FairRegistrationStatus.APPROVED
    on_duty_name = "王老师"
    on_duty_hours = "9:00—17:00"


class SessionFactory(factory.django.DjangoModelFactory):
    """An approved 宣讲会 of an employer with an approved registration for the week."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    employer = factory.SubFactory(EmployerFactory, approved=True)
    week = factory.SubFactory(WeekFactory)
    venue = factory.LazyAttribute(lambda o: o.employer.reviewing_venue)
    kind = SessionKind.INFO
    title = factory.Sequence(lambda n: f"校园宣讲会{n}")
    starts_at = SESSION_START
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    meeting_url = "https://meeting.example.cn/room/1"
    capacity = 30
    status = SessionStatus.APPROVED

    @factory.post_generation
    def registration(obj, create, extracted, **kwargs):
        registered = FairRegistration.objects.filter(employer=obj.employer, week=obj.week, venue=obj.venue)
        if create and obj.special_fair_id is None and not registered.exists():
            FairRegistrationFactory(
                employer=obj.employer, week=obj.week, venue=obj.venue, status=FairRegistrationStatus.APPROVED
            )


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    session = factory.SubFactory(SessionFactory, kind=SessionKind.ONE_TO_ONE, capacity=None, slot_minutes=20)
    starts_at = factory.LazyAttribute(lambda o: o.session.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=20))


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    graduate = factory.SubFactory(GraduateFactory, approved=True)
    session = factory.SubFactory(SessionFactory)
    starts_at = factory.LazyAttribute(lambda o: o.slot.starts_at if o.slot else o.session.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.slot.ends_at if o.slot else o.session.ends_at)
    slot = None
    status = BookingStatus.BOOKED


def add_fairs(world) -> None:
    """A 专场 at each province's HR venue (a draft), an employer's pending application to join it, a
    pending session of that employer in it, and a booking of it by a graduate of the province: the
    fairs' rows of tests.factories.staff.two_provinces()'s world, as world.<thing>_a / _b."""
    for side, venue, employer, graduate in (
        ("a", world.a_hr, world.approved_a, world.application_a.graduate),
        ("b", world.b_hr, world.approved_b, world.application_b.graduate),
    ):
        special_fair = SpecialFairFactory(
            week=world.week, venue=venue, status=SpecialFairStatus.DRAFT, published_at=None, title=f"{side}省专场"
        )
        session = SessionFactory(
            employer=employer, week=world.week, venue=venue, special_fair=special_fair, status=SessionStatus.PENDING
        )
        setattr(world, f"special_fair_{side}", special_fair)
        setattr(world, f"participation_{side}", ParticipationFactory(
            special_fair=special_fair, employer=employer, status=FairRegistrationStatus.PENDING
        ))  # fmt: skip
        setattr(world, f"session_{side}", session)
        setattr(world, f"booking_{side}", BookingFactory(session=session, graduate=graduate))
