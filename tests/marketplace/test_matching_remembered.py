"""The remembered ranking (MATCHING_CACHE_SECONDS): recommendations and matches rank once per set of
inputs, then re-score the remembered rows on each request — so what stopped being public, visible or
fitting leaves at once, a changed profile or posting is ranked afresh at once, and only a row that
newly fits waits for the ranking to be forgotten."""

import pytest
from django.core.cache import cache

from employers.services.postings import posting_close
from marketplace import matching
from marketplace.matching import matching_graduates, recommended_postings
from recruitment_weeks.reference.enums import DegreeLevel, Industry
from tests.factories import discipline
from tests.factories.graduates import beijing_graduate
from tests.marketplace.test_matching import posting, prov

pytestmark = pytest.mark.django_db


@pytest.fixture
def rankings(monkeypatch):
    """How many times each direction ranked (the real functions, counted)."""
    counts = {"postings": 0, "graduates": 0}

    def counted(name, real):
        def call(*args, **kwargs):
            counts[name] += 1
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(matching, "_recommended_ids", counted("postings", matching._recommended_ids))
    monkeypatch.setattr(matching, "_matching_ids", counted("graduates", matching._matching_ids))
    return counts


def accountant(name="甲"):
    graduate = beijing_graduate(
        approved=True,
        name=name,
        discipline=discipline("12"),
        degree=DegreeLevel.BACHELOR,
        preferred_cities="上海",
        preferred_industries=[Industry.J],
        expected_salary=8000,
    )
    graduate.preferred_provinces.set([prov("31")])
    return graduate


def audit(title="审计", **kwargs):
    fields = {"industry": "J", "disciplines": ["12"], "degree": "bachelor", "province": "31", "city": "上海"}
    return posting(title, **{**fields, "salary_max": 10000, **kwargs})


def titles(matches):
    return [(m.obj.title, m.score) for m in matches]


def names(matches):
    return [(m.obj.name, m.score) for m in matches]


def test_a_ranking_is_remembered_and_shared_by_the_same_preferences(rankings):
    audit("审计", minutes_ago=2)
    audit("会计", city="杭州", minutes_ago=1)
    first, twin = accountant("甲"), accountant("乙")

    assert titles(recommended_postings(graduate=first)) == [("审计", 100), ("会计", 95)]
    assert titles(recommended_postings(graduate=first)) == [("审计", 100), ("会计", 95)]
    assert titles(recommended_postings(graduate=twin)) == [("审计", 100), ("会计", 95)]
    assert rankings["postings"] == 1

    audit("出纳")  # fits best of all, but is only ranked once the ranking is forgotten
    assert titles(recommended_postings(graduate=first)) == [("审计", 100), ("会计", 95)]
    cache.clear()
    assert titles(recommended_postings(graduate=first)) == [("出纳", 100), ("审计", 100), ("会计", 95)]
    assert rankings["postings"] == 2


def test_a_remembered_posting_closed_or_no_longer_fitting_leaves_at_once(rankings):
    kept = audit("审计", minutes_ago=3)
    closed = audit("会计", minutes_ago=2)
    moved = audit("出纳", minutes_ago=1)
    graduate = accountant()
    assert titles(recommended_postings(graduate=graduate)) == [("出纳", 100), ("会计", 100), ("审计", 100)]

    posting_close(posting=closed, actor=closed.employer.user)
    moved.disciplines.set([discipline("08")])
    moved.province = prov("44")
    moved.city = "广州"
    moved.save(update_fields=["province", "city"])
    moved.employer.industry = Industry.F
    moved.employer.save(update_fields=["industry"])

    assert titles(recommended_postings(graduate=graduate)) == [("审计", 100)]
    assert rankings["postings"] == 1
    assert kept.pk == recommended_postings(graduate=graduate)[0].obj.pk


def test_a_remembered_posting_whose_score_changed_takes_its_new_place(rankings):
    audit("审计", minutes_ago=2)
    paid_less = audit("会计", minutes_ago=1)
    graduate = accountant()
    assert titles(recommended_postings(graduate=graduate)) == [("会计", 100), ("审计", 100)]

    paid_less.salary_max = 7000  # near the 8,000 expected: 5 points instead of 15
    paid_less.save(update_fields=["salary_max"])

    assert titles(recommended_postings(graduate=graduate)) == [("审计", 100), ("会计", 90)]
    assert rankings["postings"] == 1


def test_a_changed_profile_is_ranked_afresh_at_once(rankings):
    audit("审计")
    posting("银行柜员", industry="F", degree="bachelor", province="44", city="广州", salary_max=9000)
    graduate = accountant()
    assert titles(recommended_postings(graduate=graduate)) == [("审计", 100)]

    graduate.preferred_cities = "广州"
    graduate.save(update_fields=["preferred_cities"])
    graduate.preferred_provinces.set([prov("44")])

    assert titles(recommended_postings(graduate=graduate)) == [("审计", 80), ("银行柜员", 65)]
    assert rankings["postings"] == 2


def test_with_no_remembering_every_request_ranks(rankings, settings):
    settings.MATCHING_CACHE_SECONDS = 0
    graduate = accountant()
    assert recommended_postings(graduate=graduate) == []
    audit("审计")
    assert titles(recommended_postings(graduate=graduate)) == [("审计", 100)]
    assert rankings["postings"] == 2


def test_matches_remember_their_ranking_and_drop_a_graduate_who_hides(rankings):
    target = audit("审计")
    shown, hiding = accountant("甲"), accountant("乙")
    assert names(matching_graduates(posting=target)) == [("乙", 100), ("甲", 100)]
    assert matching_graduates(posting=target)[1].obj.pk == shown.pk

    hiding.visible_to_employers = False
    hiding.save(update_fields=["visible_to_employers"])
    later = accountant("丙")  # newly fitting: waits for the ranking to be forgotten

    assert names(matching_graduates(posting=target)) == [("甲", 100)]
    assert rankings["graduates"] == 1
    cache.clear()
    assert names(matching_graduates(posting=target)) == [("丙", 100), ("甲", 100)]
    assert later.pk == matching_graduates(posting=target)[0].obj.pk


def test_a_changed_posting_ranks_its_matches_afresh(rankings):
    target = audit("审计")
    accountant("甲")
    engineer = beijing_graduate(approved=True, name="工", discipline=discipline("08"), degree=DegreeLevel.BACHELOR)
    assert names(matching_graduates(posting=target)) == [("甲", 100)]

    target.disciplines.set([discipline("08")])

    assert names(matching_graduates(posting=target)) == [("甲", 70), ("工", 50)]
    assert rankings["graduates"] == 2
    assert engineer.pk == matching_graduates(posting=target)[1].obj.pk
