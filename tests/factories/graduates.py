"""Factories and builders for the graduates and jobs tests (on top of tests/factories/__init__.py)."""

import datetime as dt

import factory
from django.utils import timezone

from events.enums import FairRegistrationStatus
from graduates.models import SavedPosting, SavedSearch
from tests.factories import (
    BranchVenueFactory,
    EmployerFactory,
    GraduateFactory,
    PostingFactory,
    ProvinceFactory,
)
from venues.enums import System
from venues.models import Venue


def education_venue(province) -> Venue:
    """The education-system branch venue of ``province`` (the reviewer of its graduates)."""
    venue = Venue.objects.filter(province=province, system=System.EDUCATION).first()
    return venue or BranchVenueFactory(province=province, system=System.EDUCATION)


def public_posting(**kwargs):
    """A published, unexpired posting of an approved employer (visible everywhere public)."""
    return PostingFactory(published=True, **kwargs)


def employer(**kwargs):
    return EmployerFactory(approved=True, **kwargs)


class SavedPostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedPosting

    graduate = factory.SubFactory(GraduateFactory, approved=True)
    posting = factory.SubFactory(PostingFactory, published=True)


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch

    graduate = factory.SubFactory(GraduateFactory, approved=True)
    name = factory.Sequence(lambda n: f"会计{n}")
    params = factory.LazyAttribute(lambda o: {"q": o.name})
    key = factory.LazyAttribute(lambda o: f"q={o.name}")


def approved_fair(posting, *, week, venue=None):
    """Show ``posting`` in an approved fair registration of its employer for ``week``."""
    from tests.factories import FairRegistrationFactory

    registration = FairRegistrationFactory(
        employer=posting.employer,
        week=week,
        venue=venue or posting.employer.reviewing_venue,
        status=FairRegistrationStatus.APPROVED,
        reviewed_at=timezone.now(),
    )
    registration.postings.add(posting)
    return registration


def province(code: str, name: str):
    return ProvinceFactory(code=code, name=name, short_name=name[:2], name_en=f"Province {code}")


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def beijing_graduate(**kwargs):
    """A graduate of a 北京 university (reviewed by 11-education, loaded by the data migration): any
    number of these can be made in one test, unlike factory provinces that cycle through 20 codes."""
    from venues.models import Province

    return GraduateFactory(
        university_province=Province.objects.get(code="11"),
        reviewing_venue=Venue.objects.get(slug="11-education"),
        **kwargs,
    )
