import factory

from invitations.models import Invitation
from tests.factories import GraduateFactory, PostingFactory


class InvitationFactory(factory.django.DjangoModelFactory):
    """A sent invitation to apply, made directly (not through the service: no matching, no limit)."""

    class Meta:
        model = Invitation

    posting = factory.SubFactory(PostingFactory, published=True)
    employer = factory.LazyAttribute(lambda o: o.posting.employer)
    graduate = factory.SubFactory(GraduateFactory, approved=True)
    message = "欢迎投递我单位职位"
