"""Graduates read how quickly an employer usually answers: on the job page and in the jobs API, in
Chinese and English, and nothing when the employer has no figure."""

import pytest
from django.urls import reverse

from tests.factories import EmployerFactory
from tests.factories.graduates import public_posting
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def posting_of(median_hours):
    employer = EmployerFactory(approved=True, reply_median_hours=median_hours, reply_counted=8)
    return public_posting(employer=employer, title="审计助理")


@pytest.mark.parametrize(
    ("hours", "language", "label"),
    [
        (5, "zh-hans", "通常 1 天内回复"),
        (5, "en", "Usually replies within 1 day"),
        (50, "zh-hans", "通常 3 天内回复"),
        (50, "en", "Usually replies within 3 days"),
    ],
)
def test_job_page_shows_the_reply_label(client, hours, language, label):
    posting = posting_of(hours)
    html = client.get(reverse("jobs:detail", args=[posting.pk]), HTTP_ACCEPT_LANGUAGE=language).content
    assert text_of(html, "employer-reply") == label


def test_job_page_without_a_figure_says_nothing(client):
    posting = posting_of(None)
    html = client.get(reverse("jobs:detail", args=[posting.pk])).content.decode()
    assert 'id="employer-reply"' not in html
    assert "天内回复" not in html


@pytest.mark.parametrize(
    ("language", "label"), [("zh-hans", "通常 2 天内回复"), ("en", "Usually replies within 2 days")]
)
def test_jobs_api_list_and_detail_give_the_reply_fields(client, language, label):
    posting = posting_of(30)
    silent = posting_of(None)

    listed = client.get(reverse("api-jobs"), {"q": "审计"}, HTTP_ACCEPT_LANGUAGE=language).json()["results"]
    detail = client.get(reverse("api-job-detail", args=[posting.pk]), HTTP_ACCEPT_LANGUAGE=language).json()

    by_id = {row["id"]: (row["employer"]["reply_within_days"], row["employer"]["reply_label"]) for row in listed}
    assert by_id == {posting.pk: (2, label), silent.pk: (None, None)}
    assert (detail["employer"]["reply_within_days"], detail["employer"]["reply_label"]) == (2, label)
