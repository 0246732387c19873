"""seed_scale at a tiny size, on PostgreSQL (its set-based SQL, the GIN index and VACUUM are
PostgreSQL's): every table gets its rows, the seeded postings are found by the search, and the
command finishes (VACUUM runs outside a transaction)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from devtools import seeding
from devtools.seeding import Seeder
from employers.models import Employer, EmployerMember, JobPosting
from employers.search_text import FACET
from graduates.models import Application, Graduate
from marketplace.search import search_postings
from recruitment_weeks.accounts.models import User

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="seed_scale is PostgreSQL's"),
    # serialized_rollback: the flush after a transactional test would otherwise take the notice data with it
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_seed_scale_fills_every_table_and_the_search_finds_it():
    out = io.StringIO()

    call_command("seed_scale", employers=20, postings=300, graduates=60, applications=120, stdout=out)

    assert Employer.objects.count() == 20
    # Each seeded account works for its employer (employer_of reads the team), as an administrator.
    assert sorted(EmployerMember.objects.values_list("employer__user_id", "user_id", "role")) == sorted(
        (user_id, user_id, "administrator") for user_id in Employer.objects.values_list("user_id", flat=True)
    )
    assert JobPosting.objects.count() == 300
    assert Graduate.objects.count() == 60
    assert Application.objects.count() == 120
    report = out.getvalue()
    assert "vacuum employers_jobposting" in report
    assert "analyze employers_jobposting" in report
    assert "seed_scale done in" in report
    with connection.cursor() as cursor:  # dropped for the bulk load, built again at the end
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'posting_search_vector_gin'")
        assert cursor.fetchone() == (1,)
        # VACUUM ran when no older snapshot was open (the search index builds beside the load): every
        # page of the big tables is all-visible, so counts over their indexes are index-only scans.
        cursor.execute(
            "SELECT relname, relpages, relallvisible FROM pg_class WHERE relname = ANY(%s) ORDER BY relname",
            [["employers_jobposting", "graduates_graduate", "graduates_application"]],
        )
        assert [(name, visible) for name, pages, visible in cursor.fetchall()] == [
            ("employers_jobposting", pages_of("employers_jobposting")),
            ("graduates_application", pages_of("graduates_application")),
            ("graduates_graduate", pages_of("graduates_graduate")),
        ]
    found = [row["id"] for row in search_postings(params={"q": "工程师"}).postings]
    texts = JobPosting.objects.filter(pk__in=found).values_list(
        "title", "description", "requirements", "employer__name"
    )
    assert found
    assert all("工程师" in " ".join(text) for text in texts)


def pages_of(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpages FROM pg_class WHERE relname = %s", [table])
        pages = cursor.fetchone()[0]
    assert pages > 0
    return pages


def schema_now() -> list[tuple[str, str, str]]:
    return Seeder(employers=0, postings=0, graduates=0, applications=0, report=lambda _: None).deferred_schema()


def test_parallel_ranges_fill_each_table_once_with_contiguous_ids_and_the_schema_comes_back(monkeypatch):
    before = schema_now()
    monkeypatch.setattr(seeding, "PARALLEL_FROM", 1)  # every range step split over the connections

    call_command("seed_scale", employers=20, postings=301, graduates=61, applications=121, jobs=3, stdout=io.StringIO())

    assert JobPosting.objects.count() == 301
    assert Graduate.objects.count() == 61
    assert Application.objects.count() == 121
    ids = sorted(JobPosting.objects.values_list("pk", flat=True))
    assert ids == list(range(ids[0], ids[0] + 301))
    assert User.objects.filter(username__startswith="scale-").count() == 81
    assert schema_now() == before
    assert not Seeder.schema_file().exists()
    with connection.cursor() as cursor:  # the next posting the application makes gets a fresh id
        cursor.execute("SELECT nextval(pg_get_serial_sequence('employers_jobposting', 'id'))")
        assert cursor.fetchone()[0] == ids[-1] + 1


def test_a_run_finds_what_a_killed_run_left_dropped_and_makes_it_again():
    before = schema_now()
    left = Seeder(employers=0, postings=0, graduates=0, applications=0, report=lambda _: None)
    left.drop_schema(before)  # as a run killed during the load leaves it
    assert schema_now() == []
    out = io.StringIO()

    call_command("seed_scale", employers=5, postings=20, graduates=5, applications=5, stdout=out)

    assert "indexes left dropped by an earlier run" in out.getvalue()
    assert schema_now() == before
    assert not Seeder.schema_file().exists()


def test_a_load_step_that_fails_gives_the_schema_back_at_once(monkeypatch):
    """A failing INSERT (a new NOT NULL column the seeder does not fill, say) must not leave the
    database without its unique constraints: later writers would then create duplicates."""
    from django.db import IntegrityError

    before = schema_now()

    def fails(self):
        raise IntegrityError("null value in column")

    monkeypatch.setattr(Seeder, "seed_graduates", fails)
    with pytest.raises(IntegrityError):
        call_command("seed_scale", employers=5, postings=20, graduates=5, applications=5, stdout=io.StringIO())

    assert schema_now() == before
    assert not Seeder.schema_file().exists()


def test_each_fair_shows_its_employers_first_three_published_postings():
    """seed_fairs computes an employer's postings from the seeding rule instead of reading the table:
    the result is what reading it gives."""
    from events.models import FairRegistration

    call_command("seed_scale", employers=21, postings=400, graduates=5, applications=5, stdout=io.StringIO())

    registrations = FairRegistration.objects.prefetch_related("postings")
    assert registrations.count() == 4  # employers 5, 10, 15, 20 of 21 (every fifth, all approved here)
    for registration in registrations:
        first_three = list(
            JobPosting.objects.filter(employer_id=registration.employer_id, status="published")
            .order_by("pk")
            .values_list("pk", flat=True)[:3]
        )
        assert len(first_three) == 3
        assert sorted(p.pk for p in registration.postings.all()) == first_three, registration.employer_id
    # The postings were inserted with the facets of the fair that shows them: those, and no others.
    shown = {(p.pk, r.week_id, r.venue.slug) for r in registrations.select_related("venue") for p in r.postings.all()}
    with_week = set()
    for pk, facets in JobPosting.objects.values_list("pk", "search_facets"):
        tokens = facets.split()
        weeks = [t.removeprefix(f"{FACET}w") for t in tokens if t.startswith(f"{FACET}w") and "." not in t]
        venues = [t.removeprefix(f"{FACET}v") for t in tokens if t.startswith(f"{FACET}v")]
        with_week |= {(pk, int(week), slug) for week in weeks for slug in venues}
    assert with_week == shown


def test_an_employer_count_the_posting_rule_cannot_invert_is_refused_before_anything_is_written():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="7919"):
        call_command("seed_scale", employers=7919, postings=10, graduates=1, applications=1, stdout=io.StringIO())
    assert not Employer.objects.exists()
