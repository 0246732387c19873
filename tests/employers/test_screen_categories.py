"""The discrimination screen by category: each category refused with the phrase quoted and the
category named; the vocabulary staff keep in the admin takes effect at once, without a release."""

import pytest
from django.core.exceptions import ValidationError

from employers import services
from employers.enums import ScreenCategory
from employers.models import JobPosting, ScreenPhrase
from employers.validators import RULE_TEXT, discriminatory_phrases, posting_text_errors
from tests.factories import BranchVenueFactory, EmployerFactory, MainVenueFactory, PostingFactory
from tests.factories.staff import staff_user
from venues.enums import System

pytestmark = pytest.mark.django_db

THREE_STRICT = "“{phrase}”违反招聘“三严禁”规定（{rule}），请修改后再提交。"
OTHER = "“{phrase}”属于{category}歧视（{rule}），请修改后再提交。"

# (category, text, the phrase quoted): at least one per category, from the patterns and the seed.
REFUSED = [
    (ScreenCategory.SCHOOL, "限985院校毕业生", "限985院校毕业生"),
    (ScreenCategory.SCHOOL, "名校毕业，能吃苦", "名校毕业"),
    (ScreenCategory.GENDER, "本岗位限男性", "限男性"),
    (ScreenCategory.HOUSEHOLD, "仅限本地户口", "仅限本地户口"),
    (ScreenCategory.HOUSEHOLD, "本地生源，熟悉业务", "本地生源"),
    (ScreenCategory.ETHNICITY, "限汉族", "限汉族"),
    (ScreenCategory.MARITAL, "限未婚，能出差", "限未婚"),
    (ScreenCategory.MARITAL, "已婚已育者优先", "已婚已育者优先"),
    (ScreenCategory.MARITAL, "要求两年内不生育", "两年内不生育"),
    (ScreenCategory.MARITAL, "婚育状况：已婚", "婚育状况：已婚"),
    (ScreenCategory.MARITAL, "孕妇勿扰", "孕妇勿扰"),
    (ScreenCategory.HEALTH, "乙肝携带者勿扰", "乙肝携带者勿扰"),
    (ScreenCategory.HEALTH, "不招乙肝", "不招乙肝"),
    (ScreenCategory.HEALTH, "入职体检含乙肝五项", "乙肝五项"),
    (ScreenCategory.AGE, "年龄35周岁以下", "年龄35周岁以下"),
    (ScreenCategory.AGE, "年龄18-28岁，本科", "年龄18-28岁"),
    (ScreenCategory.AGE, "年龄不超过30岁", "年龄不超过30岁"),
    (ScreenCategory.RELIGION, "要求无宗教信仰", "要求无宗教信仰"),
    (ScreenCategory.RELIGION, "信教者勿扰", "信教者勿扰"),
]


def message(category: str, phrase: str) -> str:
    template = THREE_STRICT if category in ScreenCategory.three_strict else OTHER
    return template.format(phrase=phrase, rule=RULE_TEXT[category], category=ScreenCategory(category).label)


@pytest.mark.parametrize(("category", "text", "phrase"), REFUSED)
def test_each_category_refused_quoting_phrase_and_category(category, text, phrase):
    assert [(v.phrase, v.category) for v in discriminatory_phrases(text)] == [(phrase, category)]
    errors = posting_text_errors({"requirements": text})
    assert [e.messages[0] for e in errors["requirements"]] == [message(category, phrase)]


def test_every_category_has_a_refused_example_and_a_seeded_vocabulary():
    assert {category for category, _text, _phrase in REFUSED} == set(ScreenCategory.values)
    assert set(ScreenPhrase.objects.values_list("category", flat=True).distinct()) == set(ScreenCategory.values)


def test_marital_status_refused_when_publishing():
    posting = PostingFactory(employer=EmployerFactory(approved=True), requirements="本科以上，限已婚")

    with pytest.raises(ValidationError) as exc:
        services.posting_publish(posting=posting, actor=posting.employer.user)

    assert exc.value.message_dict == {"requirements": [message(ScreenCategory.MARITAL, "限已婚")]}
    assert JobPosting.objects.get(pk=posting.pk).status == "draft"


@pytest.mark.parametrize(
    "text",
    [
        "婚育不限，男女不限",
        "年龄不限，欢迎应届毕业生",
        "宗教信仰不限",
        "年满18周岁",
        "提供婚假、产假和育儿假",
        "负责乙肝疫苗的市场推广",
        "公司成立于35年前",
        "三年以上工作经验",
    ],
)
def test_ordinary_text_of_the_new_categories_passes(text):
    assert discriminatory_phrases(text) == []


def test_admin_added_phrase_takes_effect_at_once_and_switching_it_off_lifts_it(client):
    text = "形象气质佳，限身高170以上"
    assert discriminatory_phrases(text) == []  # read (and cached) before the phrase exists
    client.force_login(staff_user("ministry-hr", MainVenueFactory(system=System.HR)))

    response = client.post(
        "/admin/employers/screenphrase/add/",
        {"category": ScreenCategory.HEALTH, "phrase": "身高170以上", "active": "on", "note": "身高歧视"},
    )

    assert response.status_code == 302
    phrase = ScreenPhrase.objects.get(phrase="身高170以上")
    assert [(v.phrase, v.category) for v in discriminatory_phrases(text)] == [("身高170以上", ScreenCategory.HEALTH)]

    response = client.post(
        f"/admin/employers/screenphrase/{phrase.pk}/change/",
        {"category": ScreenCategory.HEALTH, "phrase": "身高170以上", "note": "身高歧视"},  # active unticked
    )

    assert response.status_code == 302
    assert discriminatory_phrases(text) == []


def test_deleted_phrase_is_forgotten():
    ScreenPhrase.objects.create(category=ScreenCategory.MARITAL, phrase="需提供婚育证明")
    assert [v.phrase for v in discriminatory_phrases("需提供婚育证明")] == ["需提供婚育证明"]

    ScreenPhrase.objects.filter(phrase="需提供婚育证明").delete()

    assert discriminatory_phrases("需提供婚育证明") == []


@pytest.mark.parametrize(("who", "status"), [("province", 403), ("ministry", 200)])
def test_only_main_venue_staff_add_phrases(client, who, status):
    venue = BranchVenueFactory() if who == "province" else MainVenueFactory(system=System.EDUCATION)
    client.force_login(staff_user(f"{who}-staff", venue))

    listing = client.get("/admin/employers/screenphrase/")
    add = client.get("/admin/employers/screenphrase/add/")

    assert (listing.status_code, add.status_code) == (200, status)
