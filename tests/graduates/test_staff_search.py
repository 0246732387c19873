"""The staff's search of graduates (name, university, major): the same answer as a plain substring
search for every kind of word, and on PostgreSQL read through the index of character pairs."""

import pytest
from django.db import connection
from django.db.models import Q

from graduates.models import Graduate
from graduates.selectors import graduates_matching
from tests.factories.graduates import beijing_graduate

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("王芳", "北京大学", "会计学"),
    ("王小芳", "清华大学", "Computer Science"),
    ("李伟", "北京理工大学", "C++ 程序设计"),
    ("Anna Li", "复旦大学", "金融学"),
    ("欧阳-娜娜", "南京大学", "法学'与\\政治"),
]
WORDS = [
    "王芳", "王", "芳", "小芳", "北京", "大学", "北京大学 会计", "computer", "SCIENCE", "c++", "++", "c",
    "li", "anna li", "欧阳-娜娜", "-", "'", "\\", "法学'与", "鬣蜥", "学会", "京大",
]  # fmt: skip


@pytest.fixture
def people():
    return [beijing_graduate(name=n, university=u, major=m) for n, u, m in PEOPLE]


def plain(text: str) -> set[int]:
    qs = Graduate.objects.all()
    for word in text.lower().split():
        qs = qs.filter(Q(name__icontains=word) | Q(university__icontains=word) | Q(major__icontains=word))
    return set(qs.values_list("pk", flat=True))


@pytest.mark.parametrize("text", WORDS)
def test_search_finds_exactly_what_a_substring_search_finds(people, text):
    found = set(graduates_matching(Graduate.objects.all(), text).values_list("pk", flat=True))

    assert found == plain(text)


def test_the_words_find_what_people_expect(people):
    by_name = {g.pk: g.name for g in people}

    def names(text):
        return sorted(
            by_name[pk] for pk in graduates_matching(Graduate.objects.all(), text).values_list("pk", flat=True)
        )

    assert names("王芳") == ["王芳"]
    assert names("芳") == ["王小芳", "王芳"]
    assert names("北京 会计") == ["王芳"]
    assert names("c++") == ["李伟"]
    assert names("SCIENCE") == ["王小芳"]
    assert names("鬣蜥") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_a_name_is_read_through_the_pairs_index(people):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table of five rows: the planner would scan it
        sql, params = graduates_matching(Graduate.objects.all(), "王芳").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "graduate_text_pairs_idx" in plan


def test_the_admin_search_box_uses_it(client, people):
    from tests.factories.staff import staff_user
    from venues.models import Venue

    client.force_login(staff_user("s", Venue.objects.get(slug="11-education")))
    response = client.get("/admin/graduates/graduate/", {"q": "王芳"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [people[0]]


@pytest.mark.parametrize("query", ["%00", "%E7%8E%8B%00%E8%8A%B3", "%ED%A0%80", "%FF%FE", "%E7%8E%8B" * 5000])
def test_the_admin_search_box_takes_any_input_without_a_500(client, people, query):
    """NUL, a lone surrogate's bytes, bytes that are not UTF-8, a 5,000-character word."""
    from tests.factories.staff import staff_user
    from venues.models import Venue

    client.force_login(staff_user("s", Venue.objects.get(slug="11-education")))
    response = client.get(f"/admin/graduates/graduate/?q={query}")

    assert response.status_code in (200, 400)
