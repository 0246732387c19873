"""The sweeps in batches: the digest's recommendations for a whole batch in one query (PostgreSQL),
the same as one graduate at a time where the candidates hold every fitting posting; a batch run
twice sends nothing twice; the dispatcher's batches cover every row once."""

import datetime as dt
import itertools

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from marketplace import sweeps
from marketplace.matching import recommended_postings, recommended_postings_for_many
from marketplace.tasks import task_week_digest
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import NewNotification, notify_many
from recruitment_weeks.reference.enums import DegreeLevel, DegreeRequirement, Industry
from tests.factories import ApplicationFactory, EmployerFactory, GraduateFactory, UserFactory, WeekFactory, discipline
from tests.factories.graduates import beijing_graduate, public_posting
from venues.models import Province

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="the batch query is PostgreSQL's (SQLite runs one per graduate)",
)


def prov(code):
    return Province.objects.get(code=code)


@pytest.fixture
def open_week():
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=1), today + dt.timedelta(days=3)
    return WeekFactory(year=2031, season="spring", starts_on=start, ends_on=end)


def many_postings():
    """36 public postings over every combination of the signals, newest last."""
    combos = itertools.product(
        [("31", "上海市"), ("33", "杭州"), ("11", "北京")],
        [DegreeRequirement.ANY, DegreeRequirement.BACHELOR, DegreeRequirement.MASTER],
        [("J", ["12"]), ("I", [])],
        [7000, 12000],
    )
    employers = {industry: EmployerFactory(approved=True, industry=industry) for industry in "JI"}
    postings = []
    for n, ((province, city), degree, (industry, codes), salary) in enumerate(combos):
        if n % 3 == 2:
            continue  # thin the grid a little: 36 of 54
        p = public_posting(
            employer=employers[industry],
            title=f"职位{n}",
            degree_requirement=degree,
            province=prov(province),
            city=city,
            salary_min=3000,
            salary_max=salary,
            published_at=timezone.now() - dt.timedelta(minutes=100 - n),
        )
        p.disciplines.set([discipline(code) for code in codes])
        postings.append(p)
    return postings


def graduates():
    specs = [  # discipline, degree, cities, industries, salary, provinces
        ("12", DegreeLevel.BACHELOR, "上海,杭州", [Industry.J], 8000, ["31"]),
        ("08", DegreeLevel.MASTER, "", [Industry.I], None, ["33", "11"]),
        ("12", DegreeLevel.JUNIOR_COLLEGE, "北京市", [], 12000, []),
        ("01", DegreeLevel.DOCTOR, "", [], 9000, []),
    ]
    made = []
    for code, degree, cities, industries, salary, provinces in specs:
        g = beijing_graduate(
            approved=True,
            discipline=discipline(code),
            degree=degree,
            preferred_cities=cities,
            preferred_industries=industries,
            expected_salary=salary,
        )
        g.preferred_provinces.set([prov(province) for province in provinces])
        made.append(g)
    return made


@postgres_only
def test_batch_recommendations_equal_one_graduate_at_a_time_when_candidates_hold_everything():
    many_postings()
    people = graduates()

    batch = recommended_postings_for_many(people, limit=5)

    for g in people:
        one = [m.obj.pk for m in recommended_postings(graduate=g, limit=5)]
        assert [line.posting_id for line in batch[g.pk]] == one
    assert [len(batch[g.pk]) for g in people] == [5, 5, 5, 0]  # the 哲学 doctor fits nothing


@postgres_only
def test_batch_recommendations_rank_only_the_newest_candidates_per_province_and_degree():
    employer = EmployerFactory(approved=True, industry="J")
    older = public_posting(
        employer=employer,
        title="旧而更合适",
        province=prov("31"),
        city="上海",
        degree_requirement="any",
        published_at=timezone.now() - dt.timedelta(days=2),
        salary_max=20000,
    )
    older.disciplines.set([discipline("12")])
    newer = public_posting(
        employer=employer,
        title="新",
        province=prov("31"),
        city="嘉定",
        degree_requirement="any",
        published_at=timezone.now() - dt.timedelta(days=1),
    )
    (g,) = graduates()[:1]

    assert [m.obj for m in recommended_postings(graduate=g, limit=5)] == [older, newer]
    bounded = recommended_postings_for_many([g], limit=5, regional=1, national=0)
    assert [line.title for line in bounded[g.pk]] == ["新"]


def test_notify_many_writes_each_key_once():
    user = UserFactory()
    rows = [NewNotification(user.pk, NotificationKind.WEEK_DIGEST, {"lines": [n]}, f"k:{n}") for n in (1, 2)]

    first = notify_many(rows)
    again = notify_many([*rows, NewNotification(user.pk, NotificationKind.WEEK_DIGEST, {"lines": [3]}, "k:3")])

    assert len(first) == 2 and len(again) == 1
    assert dict(Notification.objects.values_list("dedupe_key", "payload")) == {
        "k:1": {"lines": [1]},
        "k:2": {"lines": [2]},
        "k:3": {"lines": [3]},
    }
    assert set(Notification.objects.values_list("pk", flat=True)) == {*first, *again}


def test_week_digest_batches_cover_each_graduate_once_and_a_batch_run_twice_sends_nothing_twice(open_week, settings):
    settings.SWEEP_BATCH_SIZE = 2
    many_postings()
    people = [*graduates(), beijing_graduate(approved=True)]
    GraduateFactory()  # pending review: no digest

    batches = list(sweeps.week_digest_batches(now=timezone.now()))
    assert [(b["after"], b["upto"]) for b in batches] == [
        (0, people[1].pk),
        (people[1].pk, people[3].pk),
        (people[3].pk, None),
    ]
    assert [sweeps.week_digest_batch(**b) for b in batches] == [2, 2, 1]
    assert [sweeps.week_digest_batch(**b) for b in batches] == [0, 0, 0]  # redelivered: nothing twice

    digests = Notification.objects.filter(kind=NotificationKind.WEEK_DIGEST)
    assert sorted(digests.values_list("recipient_id", flat=True)) == sorted(g.user_id for g in people)
    assert list(sweeps.week_digest_batches(now=timezone.now())) == []  # nobody left for the next beat run
    first = digests.get(recipient=people[0].user)
    expected = [f"{m.obj.title} · {m.obj.employer.name}" for m in recommended_postings(graduate=people[0], limit=5)]
    assert first.payload == {"week_name": open_week.name, "lines": expected}


def test_week_digest_dispatcher_publishes_one_task_per_batch(open_week, settings, eager_tasks):
    settings.SWEEP_BATCH_SIZE = 2
    people = [beijing_graduate(approved=True) for _ in range(5)]

    assert task_week_digest.apply().get() == 3
    assert task_week_digest.apply().get() == 0  # everyone told: the next beat run has nothing to publish
    digests = Notification.objects.filter(kind=NotificationKind.WEEK_DIGEST)
    assert sorted(digests.values_list("recipient_id", flat=True)) == sorted(g.user_id for g in people)


def test_unanswered_application_batches_run_twice_remind_each_employer_once(settings):
    settings.SWEEP_BATCH_SIZE = 1
    long_ago = timezone.now() - dt.timedelta(days=8)
    first = ApplicationFactory(status_changed_at=long_ago)
    second = ApplicationFactory(posting=first.posting, status_changed_at=long_ago + dt.timedelta(hours=1))
    other = ApplicationFactory(status_changed_at=long_ago)
    now = timezone.now()

    batches = list(sweeps.unanswered_applications_batches(now=now))
    results = [sweeps.unanswered_applications_batch(**b) for b in batches]
    again = [sweeps.unanswered_applications_batch(**b) for b in batches]

    assert sum(r["reminders"] for r in results) == 2 and sum(r["reminders"] for r in again) == 0
    reminders = Notification.objects.filter(kind=NotificationKind.APPLICATION_REMINDER)
    assert {n.recipient_id: n.payload["lines"] for n in reminders} == {
        first.posting.employer.user_id: [first.posting.title, second.posting.title],
        other.posting.employer.user_id: [other.posting.title],
    }
