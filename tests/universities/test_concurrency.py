"""One acknowledgement per university and notice, and one confirmation's approval, under concurrency
(real threads on PostgreSQL; SQLite serialises writers, so these skip there)."""

import pytest
from django.db import connection

from graduates import services as graduate_services
from graduates.enums import GraduateAction, GraduateStatus
from graduates.models import Graduate
from recruitment_weeks.audit.models import AuditEntry
from tests.core.test_caps_concurrency import run_at_once
from tests.factories import GraduateFactory, UserFactory
from tests.factories.universities import CareerCentreMemberFactory
from universities import services
from universities.enums import UniversityAction
from universities.models import NoticeAcknowledgement, University
from venues.models import Venue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def members(n: int):
    hebei = University.objects.get(name="河北大学")
    venue = Venue.objects.get(slug="13-education")
    return (
        hebei,
        venue,
        [
            CareerCentreMemberFactory(user=UserFactory(username=f"hbu-{i}"), university=hebei, reviewing_venue=venue)
            for i in range(n)
        ],
    )


def test_simultaneous_acknowledgements_keep_one_row_and_one_audit_entry():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL only")
    _hebei, venue, staff = members(8)
    notice = services.university_notice_publish(venue=venue, actor=None, title="并发签收", body="正文")

    results = run_at_once(8, lambda i: services.university_notice_acknowledge(notice=notice, actor=staff[i].user))

    assert [type(r).__name__ for r in results] == ["NoticeAcknowledgement"] * 8
    assert NoticeAcknowledgement.objects.filter(notice=notice).count() == 1
    assert AuditEntry.objects.filter(action=UniversityAction.NOTICE_ACKNOWLEDGED).count() == 1


def test_simultaneous_confirmations_approve_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    hebei, venue, staff = members(6)
    graduate = GraduateFactory(
        university=hebei.name, listed_university=hebei, university_province=hebei.province, reviewing_venue=venue
    )

    def confirm(i):
        return graduate_services.graduate_confirm(
            graduate=graduate, actor=staff[i].user, student_number="1", degree="bachelor", major="法学",
            graduation_year=2030,
        )  # fmt: skip

    results = run_at_once(6, confirm)

    assert [type(r).__name__ for r in results] == ["Graduate"] * 6
    assert Graduate.objects.get(pk=graduate.pk).status == GraduateStatus.APPROVED
    assert AuditEntry.objects.filter(action=GraduateAction.APPROVED).count() == 1
    assert AuditEntry.objects.filter(action=GraduateAction.CONFIRMED).count() == 6
