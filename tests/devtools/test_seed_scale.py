"""seed_scale at a tiny size, on PostgreSQL (its set-based SQL, the GIN index and VACUUM are
PostgreSQL's): every table gets its rows, the seeded postings are found by the search, and the
command finishes (VACUUM runs outside a transaction)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from employers.models import Employer, JobPosting
from graduates.models import Application, Graduate
from marketplace.search import search_postings

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="seed_scale is PostgreSQL's"),
    # serialized_rollback: the flush after a transactional test would otherwise take the notice data with it
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_seed_scale_fills_every_table_and_the_search_finds_it():
    out = io.StringIO()

    call_command("seed_scale", employers=20, postings=300, graduates=60, applications=120, stdout=out)

    assert Employer.objects.count() == 20
    assert JobPosting.objects.count() == 300
    assert Graduate.objects.count() == 60
    assert Application.objects.count() == 120
    report = out.getvalue()
    assert "vacuum analyze employers_jobposting" in report
    assert "seed_scale done in" in report
    with connection.cursor() as cursor:  # dropped for the bulk load, built again at the end
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'posting_search_vector_gin'")
        assert cursor.fetchone() == (1,)
    found = [row["id"] for row in search_postings(params={"q": "工程师"}).postings]
    texts = JobPosting.objects.filter(pk__in=found).values_list(
        "title", "description", "requirements", "employer__name"
    )
    assert found
    assert all("工程师" in " ".join(text) for text in texts)
