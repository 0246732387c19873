"""Saved postings (收藏) and saved searches: services, pages, API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from graduates.models import SavedPosting, SavedSearch
from marketplace import services
from tests.factories import GraduateFactory, PostingFactory
from tests.factories.graduates import SavedPostingFactory, SavedSearchFactory, public_posting
from tests.pages import texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate(client):
    graduate = GraduateFactory()  # pending: saving does not need approval
    client.force_login(graduate.user)
    return graduate


def test_saved_posting_add_twice_keeps_one(graduate):
    posting = public_posting()

    first = services.saved_posting_add(graduate=graduate, posting=posting)
    second = services.saved_posting_add(graduate=graduate, posting=posting)

    assert first.pk == second.pk
    assert SavedPosting.objects.count() == 1


def test_saved_posting_add_hidden_posting_is_refused(graduate):
    with pytest.raises(ValidationError):
        services.saved_posting_add(graduate=graduate, posting=PostingFactory())  # a draft

    assert SavedPosting.objects.count() == 0


def test_saved_posting_remove_only_ones_own(graduate):
    theirs = SavedPostingFactory()

    assert services.saved_posting_remove(graduate=graduate, posting_id=theirs.posting_id) is False
    assert SavedPosting.objects.count() == 1


def test_save_button_on_posting_page_toggles(client, graduate):
    posting = public_posting()
    url = reverse("jobs:save", args=[posting.pk])

    client.post(url)
    saved_page = client.get(reverse("jobs:detail", args=[posting.pk]))
    client.post(url, {"remove": "1"})

    assert "已收藏（点击取消）" in saved_page.content.decode()
    assert SavedPosting.objects.count() == 0


def test_saved_postings_page_lists_only_public_ones_and_removes(client, graduate):
    shown = SavedPostingFactory(graduate=graduate, posting=public_posting(title="出纳"))
    closed = SavedPostingFactory(graduate=graduate, posting=public_posting(title="已关闭"))
    closed.posting.status = "closed"
    closed.posting.save()
    SavedPostingFactory(posting=public_posting(title="别人收藏"))

    html = client.get(reverse("graduates:saved_postings")).content
    client.post(reverse("graduates:saved_posting_remove", args=[shown.posting_id]))

    assert [t.split()[0] for t in texts(html, class_="job-card__title")] == ["出纳"]
    assert list(SavedPosting.objects.filter(graduate=graduate)) == [closed]


def test_saved_search_save_normalises_and_keeps_one(graduate):
    first = services.saved_search_save(graduate=graduate, params={"q": " 会计 ", "province": "11", "city": ""})
    second = services.saved_search_save(graduate=graduate, params={"province": "11", "q": "会计", "sort": "salary"})

    assert first.pk == second.pk
    assert (first.params, first.key, first.name) == (
        {"q": "会计", "province": "11"},
        "province=11&q=%E4%BC%9A%E8%AE%A1",
        "会计 · 北京市",
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [({}, "q"), ({"province": "xx"}, "province"), ({"salary_min": 9000, "salary_max": 100}, "salary_max")],
)
def test_saved_search_save_invalid_is_refused(graduate, params, field):
    with pytest.raises(ValidationError) as exc:
        services.saved_search_save(graduate=graduate, params=params)

    assert field in exc.value.message_dict
    assert SavedSearch.objects.count() == 0


def test_saved_search_save_at_most_twenty(graduate):
    for i in range(20):
        SavedSearchFactory(graduate=graduate, name=f"s{i}", key=f"q=s{i}")

    with pytest.raises(ValidationError):
        services.saved_search_save(graduate=graduate, params={"q": "会计"})

    assert SavedSearch.objects.filter(graduate=graduate).count() == 20


def test_save_search_from_search_page(client, graduate):
    public_posting(title="会计")

    page = client.get(reverse("jobs:search"), {"q": "会计", "province": "11"})
    response = client.post(reverse("jobs:save_search"), {"q": "会计", "province": "11", "name": "北京会计"})

    assert 'name="q" value="会计"' in page.content.decode()
    assert response["Location"] == reverse("graduates:saved_searches")
    saved = SavedSearch.objects.get()
    assert (saved.name, saved.params) == ("北京会计", {"q": "会计", "province": "11"})
    listing = client.get(reverse("graduates:saved_searches")).content.decode()
    assert 'href="/jobs/?province=11&amp;q=%E4%BC%9A%E8%AE%A1"' in listing


def test_saved_search_delete_only_ones_own(client, graduate):
    mine, theirs = SavedSearchFactory(graduate=graduate), SavedSearchFactory()

    own = client.post(reverse("graduates:saved_search_delete", args=[mine.pk]))
    other = client.post(reverse("graduates:saved_search_delete", args=[theirs.pk]))

    assert (own.status_code, other.status_code) == (302, 404)
    assert list(SavedSearch.objects.all()) == [theirs]


def test_saved_items_api(client, graduate):
    posting = public_posting()

    added = client.post(reverse("api-saved-postings"), {"posting": posting.pk}, content_type="application/json")
    saved_search = client.post(
        reverse("api-saved-searches"), {"params": {"q": "会计"}, "name": ""}, content_type="application/json"
    )
    bad_search = client.post(
        reverse("api-saved-searches"), {"params": {"degree": "phd"}}, content_type="application/json"
    )
    removed = client.delete(reverse("api-saved-posting-detail", args=[posting.pk]))
    removed_again = client.delete(reverse("api-saved-posting-detail", args=[posting.pk]))

    assert (added.status_code, added.json()["posting"]["id"]) == (201, posting.pk)
    assert (saved_search.status_code, saved_search.json()["name"], saved_search.json()["url"]) == (
        201,
        "会计",
        "/jobs/?q=%E4%BC%9A%E8%AE%A1",
    )
    assert (bad_search.status_code, list(bad_search.json()["fields"])) == (400, ["degree"])
    assert (removed.status_code, removed_again.status_code) == (204, 404)


@pytest.mark.parametrize("count", [1, 3])
def test_saved_postings_page_query_count(client, graduate, django_assert_num_queries, count):
    for _ in range(count):
        SavedPostingFactory(graduate=graduate)

    # session, user+graduate, count, page, unread messages
    with django_assert_num_queries(5):
        response = client.get(reverse("graduates:saved_postings"))

    assert len(texts(response.content, class_="job-card")) == count


@pytest.mark.parametrize("count", [1, 3])
def test_saved_searches_page_query_count(client, graduate, django_assert_num_queries, count):
    for i in range(count):
        SavedSearchFactory(graduate=graduate, key=f"q={i}")

    # session, user+graduate, searches, unread messages
    with django_assert_num_queries(4):
        response = client.get(reverse("graduates:saved_searches"))

    assert len(texts(response.content, class_="job-card")) == count


@pytest.mark.parametrize("count", [1, 3])
def test_saved_postings_api_query_count(client, graduate, django_assert_num_queries, count):
    for _ in range(count):
        SavedPostingFactory(graduate=graduate)

    # session, user+graduate, page
    with django_assert_num_queries(3):
        response = client.get(reverse("api-saved-postings"))

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_saved_searches_api_query_count(client, graduate, django_assert_num_queries, count):
    for i in range(count):
        SavedSearchFactory(graduate=graduate, key=f"q={i}")

    # session, user+graduate, searches
    with django_assert_num_queries(3):
        response = client.get(reverse("api-saved-searches"))

    assert len(response.json()["results"]) == count


def test_saved_posting_remove_says_what_happened(client, graduate):
    mine = SavedPostingFactory(graduate=graduate, posting=public_posting(title="出纳"))
    theirs = SavedPostingFactory(posting=public_posting(title="别人收藏"))
    url = "graduates:saved_posting_remove"

    removed = client.post(reverse(url, args=[mine.posting_id]), follow=True)
    not_mine = client.post(reverse(url, args=[theirs.posting_id]), follow=True)

    assert [str(m) for m in removed.context["messages"]] == ["已取消收藏。"]
    assert [str(m) for m in not_mine.context["messages"]] == ["该职位不在您的收藏中。"]
    assert list(SavedPosting.objects.all()) == [theirs]
