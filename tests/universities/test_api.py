"""The API of universities and career centres: the same rules as the pages."""

import pytest
from django.urls import reverse

from graduates.enums import GraduateStatus
from graduates.models import Graduate
from tests.factories import GraduateFactory, UserFactory
from tests.factories.universities import CareerCentreMemberFactory
from universities import services
from universities.models import NoticeAcknowledgement, University
from venues.models import Venue

pytestmark = pytest.mark.django_db

ANONYMOUS_STATUS = 403  # the project's API answers an unauthenticated request 403 (session auth first)


def member_of(name: str, username: str):
    university = University.objects.get(name=name)
    venue = Venue.objects.get(slug=f"{university.province.code}-education")
    return CareerCentreMemberFactory(user=UserFactory(username=username), university=university, reviewing_venue=venue)


def graduate_of(name: str, student: str, **kw) -> Graduate:
    university = University.objects.get(name=name)
    return GraduateFactory(
        name=student,
        university=university.name,
        listed_university=university,
        university_province=university.province,
        reviewing_venue=Venue.objects.get(slug=f"{university.province.code}-education"),
        **kw,
    )


def test_university_search_by_name_and_code(client):
    by_name = client.get(reverse("api-university-search"), {"q": "河北"})
    by_code = client.get(reverse("api-university-search"), {"q": "4165"})

    assert [u["name"] for u in by_name.json()["results"]] == ["河北大学"]
    assert [(u["name"], u["province"]) for u in by_code.json()["results"]] == [("新疆大学", "65"), ("石河子大学", "66")]


def test_career_centre_lists_and_confirms_only_its_own_graduates(client):
    member = member_of("河北大学", "hbu-career")
    own = graduate_of("河北大学", "甲", student_number="1")
    foreign = graduate_of("山西大学", "乙", student_number="2")
    client.force_login(member.user)
    body = {"student_number": "S1", "degree": "bachelor", "major": "法学", "graduation_year": 2030}
    url = "api-career-centre-graduate-confirm"

    listing = client.get(reverse("api-career-centre-graduates"), {"confirmed": "false"})
    other = client.post(reverse(url, args=[foreign.pk]), body, content_type="application/json")
    bad = client.post(reverse(url, args=[own.pk]), {**body, "graduation_year": 1800}, content_type="application/json")
    done = client.post(reverse(url, args=[own.pk]), body, content_type="application/json")

    assert [g["name"] for g in listing.json()["results"]] == ["甲"]
    assert (other.status_code, bad.status_code, done.status_code) == (404, 400, 200)
    assert (done.json()["confirmed"], done.json()["status"]) == (True, GraduateStatus.APPROVED)
    assert Graduate.objects.get(pk=foreign.pk).university_confirmed_at is None
    confirmed = client.get(reverse("api-career-centre-graduates"), {"confirmed": "true"})
    assert [g["student_number"] for g in confirmed.json()["results"]] == ["S1"]


@pytest.mark.parametrize("who", ["anonymous", "graduate", "pending_member"])
def test_career_centre_api_refuses_others(client, who):
    graduate = graduate_of("河北大学", "丙")
    if who == "graduate":
        client.force_login(graduate.user)
    elif who == "pending_member":
        client.force_login(member_of("河北大学", "hbu-pending").user)
        member = graduate.listed_university.career_centre_members.get()
        member.status = "pending"
        member.save()

    responses = [
        client.get(reverse("api-career-centre-graduates")),
        client.post(reverse("api-career-centre-graduate-confirm", args=[graduate.pk]), {}),
        client.get(reverse("api-career-centre-notices")),
    ]

    assert [r.status_code for r in responses] == [ANONYMOUS_STATUS if who == "anonymous" else 403] * 3


def test_notices_and_acknowledgement_through_the_api(client):
    member = member_of("河北大学", "hbu-career")
    mine = services.university_notice_publish(
        venue=Venue.objects.get(slug="13-education"), actor=None, title="甲", body="x"
    )
    theirs = services.university_notice_publish(
        venue=Venue.objects.get(slug="14-education"), actor=None, title="乙", body="x"
    )
    client.force_login(member.user)

    listing = client.get(reverse("api-career-centre-notices"))
    ack = client.post(reverse("api-career-centre-notice-acknowledge", args=[mine.pk]))
    other = client.post(reverse("api-career-centre-notice-acknowledge", args=[theirs.pk]))

    assert [(n["title"], n["acknowledged"]) for n in listing.json()["results"]] == [("甲", False)]
    assert (ack.status_code, other.status_code) == (200, 404)
    assert list(NoticeAcknowledgement.objects.values_list("notice", flat=True)) == [mine.pk]


def test_graduate_records_the_outcome_through_the_api(client):
    graduate = graduate_of("河北大学", "丁")
    client.force_login(graduate.user)

    bad = client.put(reverse("api-graduate-outcome"), {"outcome": "moon"}, content_type="application/json")
    good = client.put(
        reverse("api-graduate-outcome"),
        {"outcome": "further_study", "organisation": "河北大学研究生院"},
        content_type="application/json",
    )

    assert bad.status_code == 400
    assert good.json() == {
        "outcome": "further_study",
        "outcome_label": "升学",
        "organisation": "河北大学研究生院",
        "recorded_at": good.json()["recorded_at"],
    }
    assert Graduate.objects.get(pk=graduate.pk).outcome == "further_study"
