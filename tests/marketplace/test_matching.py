"""Precision matching on hand-built graduates and postings: the order and the reasons, both ways."""

import datetime as dt

import pytest
from django.utils import timezone

from marketplace.matching import match_posting, matching_graduates, recommended_postings
from recruitment_weeks.reference.enums import DegreeLevel, DegreeRequirement, Industry
from tests.factories import EmployerFactory, PostingFactory, discipline
from tests.factories.graduates import beijing_graduate, public_posting
from venues.models import Province

pytestmark = pytest.mark.django_db


def prov(code):
    return Province.objects.get(code=code)


def posting(title, *, industry, disciplines=(), degree, province, city, salary_max, minutes_ago=0, **kwargs):
    employer = EmployerFactory(approved=True, industry=industry, name=f"{title}单位")
    p = public_posting(
        employer=employer,
        title=title,
        degree_requirement=degree,
        province=prov(province),
        city=city,
        salary_min=min(3000, salary_max),
        salary_max=salary_max,
        published_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        **kwargs,
    )
    p.disciplines.set([discipline(code) for code in disciplines])
    return p


@pytest.fixture
def accountant():
    """管理学 bachelor who wants 上海/杭州 (province 上海), 金融业, 8000 a month."""
    graduate = beijing_graduate(
        approved=True,
        discipline=discipline("12"),
        degree=DegreeLevel.BACHELOR,
        preferred_cities="上海,杭州",
        preferred_industries=[Industry.J],
        expected_salary=8000,
    )
    graduate.preferred_provinces.set([prov("31")])
    return graduate


def summary(matches):
    return [(m.obj.title, m.score, [(r.signal, r.points, r.text) for r in m.reasons]) for m in matches]


def test_recommended_postings_order_and_reasons(accountant):
    posting("审计", industry="J", disciplines=["12"], degree="bachelor", province="31", city="上海市", salary_max=10000)
    posting("会计", industry="L", degree="any", province="31", city="浦东", salary_max=7000)
    posting(
        "出纳", industry="F", disciplines=["12"], degree="junior_college", province="44", city="广州", salary_max=5000
    )
    posting("研究员", industry="J", disciplines=["12"], degree="master", province="31", city="上海", salary_max=20000)
    posting("销售", industry="F", disciplines=["08"], degree="any", province="44", city="广州", salary_max=20000)
    posting("柜员", industry="J", disciplines=["08"], degree="bachelor", province="33", city="杭州", salary_max=8000)
    PostingFactory(title="草稿", employer__industry="J", degree_requirement="any", province=prov("31"), city="上海")

    found = recommended_postings(graduate=accountant)

    assert summary(found) == [
        (
            "审计",
            100,
            [
                ("discipline", 30, "学科门类对口：管理学"),
                ("degree", 20, "学历符合要求：本科及以上"),
                ("city", 20, "位于意向城市：上海市"),
                ("industry", 15, "属于意向行业：金融业"),
                ("salary", 15, "月薪最高10000元，达到期望的8000元"),
            ],
        ),
        (
            "柜员",
            70,
            [
                ("degree", 20, "学历符合要求：本科及以上"),
                ("city", 20, "位于意向城市：杭州"),
                ("industry", 15, "属于意向行业：金融业"),
                ("salary", 15, "月薪最高8000元，达到期望的8000元"),
            ],
        ),
        ("出纳", 50, [("discipline", 30, "学科门类对口：管理学"), ("degree", 20, "学历符合要求：专科及以上")]),
        (
            "会计",
            40,
            [
                ("discipline_any", 10, "不限学科门类"),
                ("degree_any", 10, "不限学历"),
                ("province", 15, "位于意向省份：上海市"),
                ("salary_near", 5, "月薪最高7000元，接近期望的8000元"),
            ],
        ),
    ]


def test_recommended_postings_ties_newest_first_then_by_id(accountant):
    older = posting("甲", industry="J", degree="any", province="44", city="广州", salary_max=1000, minutes_ago=5)
    newer = posting("乙", industry="J", degree="any", province="44", city="广州", salary_max=1000)
    same_time_later_id = posting("丙", industry="J", degree="any", province="44", city="广州", salary_max=1000)
    same_time_later_id.published_at = newer.published_at
    same_time_later_id.save()

    assert [m.obj.pk for m in recommended_postings(graduate=accountant)] == [
        same_time_later_id.pk,
        newer.pk,
        older.pk,
    ]


def test_recommended_postings_without_preferences_rely_on_discipline():
    graduate = beijing_graduate(approved=True, discipline=discipline("08"), degree=DegreeLevel.DOCTOR)
    fits = posting(
        "工程师", industry="I", disciplines=["08"], degree="master", province="44", city="深圳", salary_max=9000
    )
    posting("文员", industry="I", degree="any", province="44", city="深圳", salary_max=9000)

    found = recommended_postings(graduate=graduate)

    assert summary(found) == [
        (fits.title, 50, [("discipline", 30, "学科门类对口：工学"), ("degree", 20, "学历符合要求：硕士及以上")])
    ]


def test_match_posting_for_one_pair_and_degree_below_requirement(accountant):
    fine = posting(
        "审计", industry="J", disciplines=["12"], degree="bachelor", province="31", city="上海", salary_max=10000
    )
    too_high = posting(
        "研究员",
        industry="J",
        disciplines=["12"],
        degree=DegreeRequirement.DOCTOR,
        province="31",
        city="上海",
        salary_max=20000,
    )

    assert match_posting(graduate=accountant, posting=fine).score == 100
    assert match_posting(graduate=accountant, posting=too_high) is None


def test_matching_graduates_order_reasons_and_who_is_left_out():
    target = posting(
        "审计", industry="J", disciplines=["12"], degree="bachelor", province="31", city="上海", salary_max=10000
    )
    best = beijing_graduate(
        approved=True,
        name="甲",
        discipline=discipline("12"),
        degree="bachelor",
        preferred_cities="上海市",
        preferred_industries=["J"],
        expected_salary=8000,
    )
    doctor = beijing_graduate(approved=True, name="乙", discipline=discipline("12"), degree="doctor")
    nearby = beijing_graduate(
        approved=True,
        name="丙",
        discipline=discipline("08"),
        degree="master",
        preferred_cities="北京",
        expected_salary=12000,
    )
    nearby.preferred_provinces.set([prov("31")])
    beijing_graduate(
        approved=True, name="专科", discipline=discipline("12"), degree="junior_college", preferred_cities="上海"
    )
    beijing_graduate(
        approved=True,
        name="不公开",
        discipline=discipline("12"),
        degree="bachelor",
        preferred_cities="上海",
        visible_to_employers=False,
    )
    beijing_graduate(name="待审核", discipline=discipline("12"), degree="bachelor", preferred_cities="上海")
    beijing_graduate(approved=True, name="无关", discipline=discipline("08"), degree="bachelor")

    found = matching_graduates(posting=target)

    assert [(m.obj.name, m.score, [(r.signal, r.text) for r in m.reasons]) for m in found] == [
        (
            best.name,
            100,
            [
                ("discipline", "学科门类对口：管理学"),
                ("degree", "学历符合要求：本科及以上"),
                ("city", "位于意向城市：上海"),
                ("industry", "属于意向行业：金融业"),
                ("salary", "月薪最高10000元，达到期望的8000元"),
            ],
        ),
        (doctor.name, 50, [("discipline", "学科门类对口：管理学"), ("degree", "学历符合要求：本科及以上")]),
        (
            nearby.name,
            40,
            [
                ("degree", "学历符合要求：本科及以上"),
                ("province", "位于意向省份：上海市"),
                ("salary_near", "月薪最高10000元，接近期望的12000元"),
            ],
        ),
    ]


def test_matching_is_the_same_score_both_ways(accountant):
    postings = [
        posting(
            "审计", industry="J", disciplines=["12"], degree="bachelor", province="31", city="上海市", salary_max=10000
        ),
        posting("会计", industry="L", degree="any", province="31", city="浦东", salary_max=7000),
        posting(
            "柜员", industry="J", disciplines=["08"], degree="bachelor", province="33", city="杭州", salary_max=8000
        ),
    ]

    forward = {m.obj.pk: m.score for m in recommended_postings(graduate=accountant)}
    backward = {
        p.pk: next(m.score for m in matching_graduates(posting=p) if m.obj.pk == accountant.pk) for p in postings
    }

    assert forward == backward == {postings[0].pk: 100, postings[1].pk: 40, postings[2].pk: 70}
