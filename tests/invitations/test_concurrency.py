"""The daily limit under concurrency (real threads on PostgreSQL; SQLite serialises writers, so this
skips there): at the limit less one, 60 simultaneous sends to 60 different (posting, graduate)
pairs give exactly one more invitation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from invitations import services
from invitations.models import Invitation
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification
from tests.core.test_caps_concurrency import run_at_once
from tests.factories import EmployerFactory, PostingFactory, discipline
from tests.factories.graduates import beijing_graduate
from tests.factories.invitations import InvitationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SENDS = 60


def test_sixty_simultaneous_sends_at_the_limit_less_one_give_exactly_one_more(settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only (SQLite serialises writers anyway)")
    limit = settings.INVITATIONS_PER_EMPLOYER_PER_DAY
    assert limit == 50  # the default
    employer = EmployerFactory(approved=True)
    # The matches page lists 20 graduates per posting: 3 postings × 20 graduates are 60 different pairs.
    postings = [PostingFactory(employer=employer, published=True) for _ in range(3)]
    for posting in postings:
        posting.disciplines.set([discipline("08")])
    graduates = [beijing_graduate(approved=True, discipline=discipline("08")) for _ in range(20)]
    # Today's invitations so far (to graduates hidden from the matches, so they crowd out no one).
    hidden = beijing_graduate(approved=True, visible_to_employers=False)
    for _ in range(limit - 1):
        InvitationFactory(posting=postings[0], graduate=hidden, status="declined")
    pairs = [(posting, graduate) for posting in postings for graduate in graduates]

    def send(i):
        posting, graduate = pairs[i]
        return services.invitation_send(employer=employer, posting=posting, graduate=graduate, actor=None)

    results = run_at_once(SENDS, send)

    sent = [r for r in results if isinstance(r, Invitation)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(sent), len(refused)) == (1, SENDS - 1)
    assert {r.code for r in refused} == {"daily_limit"}
    assert Invitation.objects.filter(employer=employer).count() == limit
    assert AuditEntry.objects.filter(action="invitations.invitation.sent").count() == 1
    assert Notification.objects.filter(kind="invitation_received").count() == 1
