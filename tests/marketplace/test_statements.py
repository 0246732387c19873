"""Reused SQL (marketplace.statements) for the job search: the statement a search executes is
exactly the one Django compiles for the same values, on every shape the search takes; what cannot be
reused is built by the ORM each time."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from employers.models import JobPosting
from marketplace.search import SEARCH_PAGE, _page_queryset, decode_cursor, filter_values, search_postings
from marketplace.statements import Composed, Statement
from tests.factories import WeekFactory, discipline
from tests.factories.graduates import approved_fair, public_posting
from venues.models import Province, Venue

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="reused on PostgreSQL only")


def compiled_by_django(shape, values):
    queryset = _page_queryset(shape, values)
    if isinstance(queryset, Composed):  # a walk: the page's statement over the walked rows, both Django's
        return queryset.sql, queryset.params
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


def search_params(week_id: int) -> list[dict]:
    return [
        {},
        {"q": "会"},
        {"q": "会计"},
        {"q": "会计师 java"},
        {"province": "11"},
        {"q": "会计", "province": "11", "degree": "bachelor"},
        {"industry": "J", "ownership": "state_owned"},
        {"discipline": "02"},
        {"salary_min": 5000},
        {"salary_max": 8000, "salary_min": 3000},
        {"week": week_id},
        {"venue": "11-education"},
        {"week": week_id, "venue": "11-education", "q": "工程"},
        {"sort": "salary", "q": "会计"},
    ]


@postgres_only
def test_every_reused_statement_is_the_sql_and_parameters_django_compiles():
    week = WeekFactory()
    for params in search_params(week.pk):
        sort = params.get("sort", "new")
        for direction, cursor_key, limit in [
            ("after", None, 20),
            ("after", None, 1),
            ("after", "key", 100),
            ("before", "key", 20),
        ]:
            values = {**filter_values(params), "today": timezone.localdate()}
            if cursor_key:
                values["cursor_key"] = timezone.now() if sort == "new" else 9000
                values["cursor_pk"] = 12345
            for plan in ("walk", "index"):
                shape = (sort, direction, limit, plan)

                reused = SEARCH_PAGE.compiled(shape, values)

                assert reused is not None, (params, direction, plan)
                assert (reused.sql, reused.params(values)) == compiled_by_django(shape, values), (params, direction)


@postgres_only
def test_the_same_shape_with_other_values_reuses_one_statement_with_their_parameters():
    statement = Statement(_page_queryset)
    shape = ("new", "after", 20, "walk")
    first = {**filter_values({"q": "会计", "province": "11"}), "today": dt.date(2020, 5, 18)}
    second = {**filter_values({"q": "销售代表", "province": "44"}), "today": dt.date(2020, 5, 19)}

    one, two = statement.compiled(shape, first), statement.compiled(shape, second)

    assert one is two
    assert len(statement._compiled) == 1
    assert two.params(second) == compiled_by_django(shape, second)[1]
    assert "('销售' <-> '售代' <-> '代表')" in two.params(second)
    assert dt.date(2020, 5, 19) in two.params(second)


@postgres_only
def test_a_value_django_does_not_pass_as_given_is_built_by_the_orm_every_time(django_assert_num_queries):
    public_posting(title="会计", city="北京市海淀区")
    shape = ("new", "after", 20, "walk")
    # city: a LIKE, whose parameter is '%海淀%'; an unknown province code: a subquery, not a value
    # ('00': no province has it; ProvinceFactory's 80–99 may be the posting's own, by the sequence)
    for params in ({"city": "海淀"}, {"province": "00"}, {"q": "会计", "city": "海淀"}):
        values = {**filter_values(params), "today": timezone.localdate()}
        assert SEARCH_PAGE.compiled(shape, values) is None, params

    with django_assert_num_queries(2) as queries:  # the city's facets (employers.CitySuffix), then the page
        rows = search_postings(params={"city": "海淀"}).postings
    assert [row["title"] for row in rows] == ["会计"]
    assert "employers_citysuffix" in queries.captured_queries[0]["sql"]


def test_on_sqlite_nothing_is_reused_and_the_orm_answers():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    values = {**filter_values({"q": "会计"}), "today": timezone.localdate()}
    assert SEARCH_PAGE.compiled(("new", "after", 20), values) is None


def test_reused_rows_are_the_rows_the_orm_returns_page_after_page():
    week = WeekFactory()
    postings = [
        public_posting(
            title=f"会计{i}",
            salary_min=3000 + i * 100,
            salary_max=6000 + (i % 4) * 1000,
            province=Province.objects.get(code="11"),
        )
        for i in range(7)
    ]
    postings[0].disciplines.add(discipline("02"))
    approved_fair(postings[1], week=week, venue=Venue.objects.get(slug="11-education"))
    JobPosting.objects.filter(pk=postings[2].pk).update(published_at=postings[3].published_at)  # a tie
    for params in search_params(week.pk):
        sort = params.get("sort", "new")
        cursor, seen = None, []
        while True:
            page = search_postings(params=params, cursor=cursor, limit=2)
            values = {**filter_values(params), "today": timezone.localdate()}
            direction = "after"
            if cursor:
                direction, values["cursor_key"], values["cursor_pk"] = decode_cursor(cursor, sort)
            orm_rows = list(_page_queryset((sort, direction, 2, "walk"), values))
            assert page.postings == orm_rows[:2], params
            seen += [row["id"] for row in page.postings]
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        assert len(seen) == len(set(seen))
        if params in ({}, {"q": "会"}, {"q": "会计"}, {"province": "11"}):
            assert len(seen) == 7, params  # every page, each posting once
            if page.previous_cursor:
                back = search_postings(params=params, cursor=page.previous_cursor, limit=2)
                assert [row["id"] for row in back.postings] == seen[-3:-1]  # the page before the last (one row)


def test_statement_keeps_at_most_its_size_newest_used_last():
    built = []

    def build(shape, values):
        built.append(shape)
        return JobPosting.objects.filter(pk=values["pk"]).values("id")[:shape]

    statement = Statement(build, size=2)
    for limit in (1, 2, 1, 3):
        statement.rows(limit, {"pk": 7})

    assert built == [1, 2, 3]  # each shape built once (with sentinels), then its SQL run
    assert [key[0] for key in statement._compiled] == [1, 3]


def test_a_value_of_another_type_or_a_converted_column_is_not_reused():
    posting = public_posting(title="会计")

    def build(shape, values):
        return JobPosting.objects.filter(pk__in=values["pks"] if "pks" in values else [values["pk"]]).values(*shape)

    statement = Statement(build)
    # a list (pk__in) has no stand-in: built by the ORM, every time
    assert statement.compiled(("title",), {"pks": [posting.pk]}) is None
    assert statement.rows(("title",), {"pks": [posting.pk]}) == [{"title": "会计"}]
    # SQLite converts a datetime column after reading it; PostgreSQL's driver returns it as it is
    published = statement.compiled(("published_at",), {"pk": posting.pk})
    assert (published is None) == (connection.vendor == "sqlite")
    assert statement.rows(("published_at",), {"pk": posting.pk}) == [{"published_at": posting.published_at}]


def test_a_build_that_cannot_take_a_stand_in_is_built_by_the_orm():
    posting = public_posting(title="会计")

    def build(shape, values):
        return JobPosting.objects.filter(pk=int(values["pk"])).values("title")  # "42" → 42; a stand-in fails

    statement = Statement(build)
    assert statement.compiled(None, {"pk": str(posting.pk)}) is None
    assert statement.rows(None, {"pk": str(posting.pk)}) == [{"title": "会计"}]


@postgres_only
def test_search_reuse_switched_off_compiles_nothing_and_answers_by_the_orm(settings, django_assert_num_queries):
    settings.SEARCH_REUSE_SQL = False
    statement = Statement(_page_queryset)
    shape = ("new", "after", 20, "walk")
    values = {**filter_values({"q": "会计", "province": "11"}), "today": dt.date(2020, 5, 18)}

    with django_assert_num_queries(1):
        rows = statement.rows(shape, values)

    assert (statement.compiled(shape, values), len(statement._compiled), rows) == (None, 0, [])
