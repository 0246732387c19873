"""Universities and career-centre members for the tests (issue 20)."""

import factory
from django.utils import timezone

from tests.factories import ProvinceFactory, UserFactory
from universities.enums import CareerCentreStatus
from universities.models import CareerCentreMember, University


class UniversityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = University

    name = factory.Sequence(lambda n: f"测试大学{n}")
    code = factory.Sequence(lambda n: f"418001{n:04d}")
    province = factory.SubFactory(ProvinceFactory)


class CareerCentreMemberFactory(factory.django.DjangoModelFactory):
    """An approved member unless ``status`` says otherwise; ``reviewing_venue`` must be given (the
    education branch venue of the university's province)."""

    class Meta:
        model = CareerCentreMember

    user = factory.SubFactory(UserFactory)
    university = factory.SubFactory(UniversityFactory)
    name = factory.Sequence(lambda n: f"就业中心老师{n}")
    title = "就业指导中心科员"
    mobile = "13912340000"
    email = factory.LazyAttribute(lambda o: f"{o.user.username}@career.example.cn")
    status = CareerCentreStatus.APPROVED
    reviewed_at = factory.LazyFunction(timezone.now)
