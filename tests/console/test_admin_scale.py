"""The admin at national scale: a capped count, the pending-first order served by its index, and
filters that do not scan the table for their choices."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from console import paginator
from console.actions import pending_first
from employers.models import Employer
from events.models import FairRegistration
from graduates.models import Graduate
from tests.factories import EmployerFactory, GraduateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_admin_list_count_stops_at_the_cap_and_says_so(root_client, monkeypatch):
    monkeypatch.setattr(paginator, "COUNT_CAP", 3)
    EmployerFactory.create_batch(4)

    with CaptureQueriesContext(connection) as queries:
        response = root_client.get(reverse("admin:employers_employer_changelist"))

    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and "employer" in q["sql"]]
    assert len(counts) == 1  # no second count of the whole table
    assert "LIMIT 4" in counts[0]
    assert "ORDER BY" not in counts[0]
    assert "超过 3 条用人单位（请用搜索或筛选缩小范围）" in response.text


def test_admin_list_under_the_cap_shows_the_exact_count(root_client, monkeypatch):
    monkeypatch.setattr(paginator, "COUNT_CAP", 3)
    EmployerFactory.create_batch(2)

    response = root_client.get(reverse("admin:employers_employer_changelist"))

    assert response.context["cl"].result_count == 2
    assert "超过" not in response.text


def test_pending_queue_lists_pending_rows_oldest_first_25_a_page(root_client):
    now = timezone.now()
    first = EmployerFactory(submitted_at=now)
    same_venue = {"province": first.province, "reviewing_venue": first.reviewing_venue}
    pending = [first] + [EmployerFactory(submitted_at=now - dt.timedelta(hours=h), **same_venue) for h in range(1, 30)]
    EmployerFactory(approved=True, submitted_at=now - dt.timedelta(days=9), **same_venue)

    response = root_client.get(reverse("admin:employers_employer_changelist") + "?status__exact=pending")

    oldest_first = sorted(pending, key=lambda e: e.submitted_at)
    assert list(response.context["cl"].result_list) == oldest_first[:25]


def test_graduation_year_filter_offers_fixed_years_and_filters(root_client):
    this_year = timezone.localdate().year
    in_year = GraduateFactory(graduation_year=this_year)
    GraduateFactory(
        graduation_year=this_year - 1,
        university_province=in_year.university_province,
        reviewing_venue=in_year.reviewing_venue,
    )

    with CaptureQueriesContext(connection) as queries:
        response = root_client.get(reverse("admin:graduates_graduate_changelist") + f"?graduation_year={this_year}")

    assert list(response.context["cl"].result_list) == [in_year]
    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"].upper()]
    spec = next(
        f for f in response.context["cl"].filter_specs if getattr(f, "parameter_name", None) == "graduation_year"
    )
    assert [value for value, _label in spec.lookup_choices] == [str(y) for y in range(this_year + 1, this_year - 5, -1)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an index plan: PostgreSQL")
@pytest.mark.parametrize(
    ("model", "index"),
    [
        (Employer, "employer_review_order_idx"),
        (Graduate, "graduate_review_order_idx"),
        (FairRegistration, "fair_reg_review_order_idx"),
    ],
)
def test_pending_first_order_is_an_index_walk(model, index):
    """The admin's order (pending first, the longest-waiting first, id descending as the changelist's
    tiebreaker) must match the expression index exactly, or a million-row list is sorted per page."""
    queryset = model.objects.order_by(*pending_first(), "-pk")[:25]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Index Scan using {index}" in plan
    assert "Sort" not in plan
