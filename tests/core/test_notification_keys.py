"""recruitment_weeks.notifications.keys: the key families that a writer and a reader both build."""

import pytest
from django.db.models import Exists, OuterRef

from recruitment_weeks.accounts.models import User
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.keys import audit_notice_key, week_digest_key, week_digest_key_expression
from recruitment_weeks.notifications.models import Notification
from tests.factories import UserFactory


def test_audit_notice_key_format():
    """Existing rows carry this exact text: changing it would send every audit notice again."""
    assert audit_notice_key(12, 345) == "audit:12:user:345"


def test_week_digest_key_format():
    assert week_digest_key(7, 89) == "week-digest:7:graduate:89"


@pytest.mark.django_db
def test_week_digest_key_expression_finds_exactly_the_key_written_in_python():
    """The SQL side of the family matches what the Python side wrote, for that week only."""
    done, other_week, pending = UserFactory(), UserFactory(), UserFactory()
    for user, week in ((done, 3), (other_week, 4)):
        Notification.objects.create(
            recipient=user, kind=NotificationKind.WEEK_DIGEST, dedupe_key=week_digest_key(week, user.pk)
        )

    already = Notification.objects.filter(dedupe_key=week_digest_key_expression(3, OuterRef("pk")))
    have = User.objects.filter(pk__in=[done.pk, other_week.pk, pending.pk]).filter(Exists(already))

    assert list(have.values_list("pk", flat=True)) == [done.pk]
