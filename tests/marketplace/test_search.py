"""Keyword search in Chinese, filters and keyset pages: marketplace.search.search_postings.

Runs on SQLite (LIKE) and, in CI, on PostgreSQL (the GIN-indexed bigram document)."""

import base64
import datetime as dt
import json

import pytest
from django.db import connection
from django.utils import timezone

from employers.enums import EmployerStatus, PostingStatus
from employers.models import JobPosting
from events.enums import FairRegistrationStatus
from marketplace.search import (
    InvalidCursor,
    filter_keyword,
    keyword_pieces,
    keyword_value,
    search_postings,
    tsquery_text,
)
from recruitment_weeks.reference.enums import DegreeRequirement, Industry, OwnershipType
from tests.factories import EmployerFactory, PostingFactory, WeekFactory, discipline
from tests.factories.graduates import approved_fair, public_posting
from venues.models import Province, Venue

pytestmark = pytest.mark.django_db


def titles(params, **kwargs) -> list[str]:
    return [row["title"] for row in search_postings(params=params, **kwargs).postings]


@pytest.fixture
def catalogue():
    """Postings whose text tells 1-, 2- and 3-character queries apart, newest last."""
    accounting = EmployerFactory(approved=True, name="华信会计师事务所")
    algorithms = EmployerFactory(approved=True, name="北京算法科技有限公司")
    stats = EmployerFactory(approved=True, name="统计咨询公司")
    rows = {}
    for key, employer, title, description in [
        ("accountant", accounting, "财务会计", "负责日常账务处理。"),
        ("meeting", stats, "统计会议专员", "组织统计年会，需要计划能力。"),
        ("engineer", stats, "软件工程师", "Java 后端开发。"),
        ("split", stats, "工程管理", "需要与程师傅沟通。"),
        ("product", algorithms, "产品经理", "负责产品规划。"),
    ]:
        rows[key] = public_posting(employer=employer, title=title, description=description, requirements="无")
    return rows


def test_search_two_characters_finds_the_pair_not_its_letters_apart(catalogue):
    # 统计会议 has 计 and 会 (and 计会), but not 会计
    assert titles({"q": "会计"}) == ["财务会计"]


def test_search_one_character_finds_every_posting_with_it(catalogue):
    assert titles({"q": "会"}) == ["统计会议专员", "财务会计"]


def test_search_three_characters_needs_them_together(catalogue):
    # 工程管理 / 程师傅 hold 工程 and 程师, the two pairs of 工程师, but not 工程师
    assert titles({"q": "工程师"}) == ["软件工程师"]


def test_search_matches_the_employer_name_alone(catalogue):
    # 算法 is only in the employer's name, not in the posting's title or text
    assert titles({"q": "算法"}) == ["产品经理"]


def test_search_latin_word_any_case_and_words_combine(catalogue):
    assert titles({"q": "JAVA"}) == ["软件工程师"]
    assert titles({"q": "java 工程师"}) == ["软件工程师"]
    assert titles({"q": "java 会计"}) == []


def test_search_without_keyword_lists_all_public_newest_first(catalogue):
    assert titles({}) == ["产品经理", "工程管理", "软件工程师", "统计会议专员", "财务会计"]


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": PostingStatus.DRAFT},
        {"status": PostingStatus.CLOSED, "published_at": timezone.now()},
        {"published": True, "valid_until": dt.date(2020, 1, 1)},
        {"published": True, "employer__status": EmployerStatus.PENDING},
        {"published": True, "employer__status": EmployerStatus.REJECTED, "employer__status_reason": "材料不全"},
        {"published": True, "employer__status": EmployerStatus.SUSPENDED, "employer__status_reason": "违规"},
    ],
    ids=["draft", "closed", "expired", "unapproved-employer", "rejected-employer", "suspended-employer"],
)
@pytest.mark.parametrize("query", [{}, {"q": "会计"}, {"q": "会"}, {"q": "会计师"}, {"q": "隐藏"}])
def test_search_never_shows_hidden_postings(hidden, query):
    visible = public_posting(title="会计师（公开）")
    PostingFactory(title="会计师（隐藏）", **hidden)

    assert titles(query) == ([] if query.get("q") == "隐藏" else [visible.title])


def test_search_employer_suspended_after_publishing_vanishes_at_once():
    posting = public_posting(title="出纳会计")
    assert titles({"q": "会计"}) == ["出纳会计"]
    EmployerFactory._meta.model.objects.filter(pk=posting.employer_id).update(
        status=EmployerStatus.SUSPENDED, status_reason="违规"
    )

    assert titles({"q": "会计"}) == []


def test_search_filters_combined():
    beijing, shanghai = Province.objects.get(code="11"), Province.objects.get(code="31")
    bank = EmployerFactory(approved=True, name="测试银行", industry=Industry.J, ownership=OwnershipType.STATE_OWNED)
    shop = EmployerFactory(approved=True, name="测试商店", industry=Industry.F, ownership=OwnershipType.PRIVATE)
    economics = discipline("02")
    match = public_posting(
        employer=bank,
        title="审计会计",
        province=beijing,
        city="北京",
        degree_requirement=DegreeRequirement.BACHELOR,
        salary_min=8000,
        salary_max=12000,
    )
    match.disciplines.add(economics)
    # each of these differs from the match in exactly one filter
    public_posting(
        employer=bank,
        title="审计会计",
        province=shanghai,
        city="上海",
        degree_requirement=DegreeRequirement.BACHELOR,
        salary_min=8000,
        salary_max=12000,
    ).disciplines.add(economics)
    public_posting(
        employer=shop,
        title="审计会计",
        province=beijing,
        city="北京",
        degree_requirement=DegreeRequirement.BACHELOR,
        salary_min=8000,
        salary_max=12000,
    ).disciplines.add(economics)
    public_posting(
        employer=bank,
        title="审计会计",
        province=beijing,
        city="北京",
        degree_requirement=DegreeRequirement.MASTER,
        salary_min=8000,
        salary_max=12000,
    ).disciplines.add(economics)
    public_posting(
        employer=bank,
        title="审计会计",
        province=beijing,
        city="北京",
        degree_requirement=DegreeRequirement.BACHELOR,
        salary_min=3000,
        salary_max=4000,
    ).disciplines.add(economics)
    public_posting(
        employer=bank,
        title="审计会计",
        province=beijing,
        city="北京",
        degree_requirement=DegreeRequirement.BACHELOR,
        salary_min=8000,
        salary_max=12000,
    )  # no discipline
    public_posting(
        employer=bank,
        title="柜员",
        province=beijing,
        city="北京",
        degree_requirement=DegreeRequirement.BACHELOR,
        salary_min=8000,
        salary_max=12000,
    ).disciplines.add(economics)
    params = {
        "q": "会计",
        "province": "11",
        "city": "北京",
        "industry": "J",
        "ownership": "state_owned",
        "degree": "bachelor",
        "discipline": "02",
        "salary_min": 6000,
        "salary_max": 20000,
    }

    found = search_postings(params=params).postings

    assert [row["id"] for row in found] == [match.pk]


def test_search_by_week_and_venue_lists_postings_of_approved_fair_registrations():
    week, other_week = WeekFactory(year=2031), WeekFactory(year=2032)
    venue = Venue.objects.get(slug="11-education")
    shown = public_posting(title="展示职位")
    approved_fair(shown, week=week, venue=venue)
    other_venue = public_posting(title="其他会场")
    approved_fair(other_venue, week=week, venue=Venue.objects.get(slug="11-hr"))
    other = public_posting(title="其他招聘周")
    approved_fair(other, week=other_week, venue=venue)
    pending = public_posting(title="待审核报名")
    registration = approved_fair(pending, week=week, venue=venue)
    registration.status = FairRegistrationStatus.PENDING
    registration.save()

    assert titles({"week": week.pk, "venue": "11-education"}) == ["展示职位"]
    assert titles({"week": week.pk}) == ["其他会场", "展示职位"]
    assert titles({"venue": "11-education"}) == ["其他招聘周", "展示职位"]


def test_search_sort_by_salary_then_id():
    low = public_posting(title="低", salary_min=3000, salary_max=5000)
    high = public_posting(title="高", salary_min=9000, salary_max=20000)
    tie = public_posting(title="同", salary_min=3000, salary_max=5000)

    assert [row["id"] for row in search_postings(params={"sort": "salary"}).postings] == [high.pk, tie.pk, low.pk]


@pytest.mark.parametrize("sort", ["new", "salary"])
def test_search_keyset_pages_forward_and_back(sort):
    now = timezone.now()
    postings = [
        public_posting(
            title=f"职位{i}",
            salary_min=1000,
            salary_max=1000 + i % 3 * 100,
            published_at=now - dt.timedelta(minutes=i % 2),
        )
        for i in range(7)
    ]
    everything = [row["id"] for row in search_postings(params={"sort": sort}, limit=100).postings]
    assert sorted(everything) == sorted(p.pk for p in postings)

    first = search_postings(params={"sort": sort}, limit=3)
    second = search_postings(params={"sort": sort}, limit=3, cursor=first.next_cursor)
    third = search_postings(params={"sort": sort}, limit=3, cursor=second.next_cursor)
    back = search_postings(params={"sort": sort}, limit=3, cursor=third.previous_cursor)

    assert [row["id"] for row in first.postings + second.postings + third.postings] == everything
    assert (first.previous_cursor, third.next_cursor) == (None, None)
    assert [row["id"] for row in back.postings] == everything[3:6]
    assert back.next_cursor is not None


@pytest.mark.parametrize("token", ["garbage", "W10", "WyJhZnRlciIsICJuZXciLCAxLCAyXQ"])
def test_search_cursor_not_issued_by_us_is_refused(token):
    with pytest.raises(InvalidCursor):
        search_postings(params={}, cursor=token)


def _token(*parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("sort", "key", "pk"),
    [
        ("new", "2020-05-18T08:00:00+08:00", 2**63),  # beyond bigint: no id of ours
        ("new", "2020-05-18T08:00:00+08:00", 0),
        ("new", "2020-05-18T08:00:00+08:00", True),
        ("salary", -1, 5),  # salary_max is never negative
        ("salary", 2**31, 5),
        ("salary", 5000.5, 5),
        ("new", "2020-05-18T08:00:00", 5),  # no time zone
        ("new", "0001-01-01T00:00:00+14:00", 5),  # before UTC's year 1: no column holds it
        ("new", "9999-12-31T23:59:59-14:00", 5),  # after UTC's year 9999
    ],
)
def test_search_cursor_outside_the_columns_range_is_refused(sort, key, pk):
    with pytest.raises(InvalidCursor):
        search_postings(params={"sort": sort}, cursor=_token("after", sort, key, pk))


def test_search_cursor_in_range_is_taken():
    assert (
        search_postings(params={"sort": "salary"}, cursor=_token("after", "salary", 2**31 - 1, 2**63 - 1)).postings
        == []
    )


def test_search_cursor_of_another_sort_is_refused():
    public_posting()
    public_posting()
    token = search_postings(params={}, limit=1).next_cursor

    with pytest.raises(InvalidCursor):
        search_postings(params={"sort": "salary"}, cursor=token)


def test_keyword_pieces_and_tsquery():
    assert keyword_pieces("Java高级 会计师  C++") == ["java", "高级", "会计师", "c++"]
    assert tsquery_text(["会", "会计", "会计师", "java"]) == "'会' & '会计' & ('会计' <-> '计师') & 'java':*"


def test_search_uses_the_gin_index_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only")
    public_posting(title="会计")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show it can

    # The keyword condition alone: its expression must be the index's, or no plan can use the index.
    plan = filter_keyword(JobPosting.objects.all(), keyword_value("会计")).explain()

    assert "posting_search_vector_gin" in plan


def test_search_reads_the_provinces_from_the_one_cached_reference_reader(django_assert_num_queries):
    from marketplace.search import province_ids, provinces_by_id
    from marketplace.search_params import reference_choices
    from recruitment_weeks.reference.labels import row_labels
    from venues.models import Province

    beijing = Province.objects.get(code="11")
    with django_assert_num_queries(1):  # the province table, once for all three
        row_labels(Province)
        by_id, ids = provinces_by_id(), province_ids()
    with django_assert_num_queries(3):  # the filter lists: disciplines, weeks, venues; not the provinces
        choices = reference_choices()

    assert (by_id[beijing.pk], ids["11"]) == ({"code": "11", "name": "北京市"}, beijing.pk)
    assert list(choices["province"])[:2] == [("", "不限"), ("11", "北京市")]


def test_a_posting_leaves_its_fair_facets_when_the_registration_clears_its_postings():
    week = WeekFactory(year=2033)
    shown = public_posting(title="展示职位")
    registration = approved_fair(shown, week=week, venue=Venue.objects.get(slug="11-education"))
    shown.refresh_from_db()
    assert f"§w{week.pk}" in shown.search_facets.split()

    registration.postings.clear()

    shown.refresh_from_db()
    assert [t for t in shown.search_facets.split() if t.startswith(("§w", "§v"))] == []
