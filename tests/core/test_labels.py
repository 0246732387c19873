"""recruitment_weeks.reference.labels.display: the same text as Django's get_<field>_display(), in
each language, without rebuilding the choices per call."""

import pytest
from django.utils import translation

from employers.models import Employer, JobPosting
from recruitment_weeks.reference.enums import DegreeRequirement, Industry
from recruitment_weeks.reference.labels import display, reference_rows, row_labels


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_display_matches_djangos_label_for_every_choice(language):
    with translation.override(language):
        for value, _label in Industry.choices:
            employer = Employer(industry=value)
            assert display(employer, "industry") == employer.get_industry_display()
        for value, _label in DegreeRequirement.choices:
            posting = JobPosting(degree_requirement=value)
            assert display(posting, "degree_requirement") == posting.get_degree_requirement_display()


def test_display_follows_the_active_language():
    employer = Employer(industry="I")
    with translation.override("zh-hans"):
        chinese = display(employer, "industry")
    with translation.override("en"):
        english = display(employer, "industry")

    assert chinese == "信息传输、软件和信息技术服务业"
    assert english == "Information transmission, software and information technology services"


def test_display_of_a_value_outside_the_choices_is_the_value():
    assert display(Employer(industry="?"), "industry") == "?"


@pytest.mark.django_db
def test_reference_rows_hold_label_and_columns_in_the_models_order_per_language(django_assert_num_queries):
    from venues.models import Province

    with translation.override("zh-hans"), django_assert_num_queries(1):
        chinese = reference_rows(Province)
        assert reference_rows(Province) == chinese  # cached
        labels = row_labels(Province)
    with translation.override("en"):
        english = row_labels(Province)

    beijing = Province.objects.get(code="11")
    assert [row["code"] for row in chinese.values()] == list(
        Province.objects.order_by("code").values_list("code", flat=True)
    )
    assert chinese[beijing.pk] == {
        "label": "北京市",
        "id": beijing.pk,
        "code": "11",
        "name": "北京市",
        "short_name": beijing.short_name,
        "name_en": beijing.name_en,
        "kind": beijing.kind,
    }
    assert (labels[beijing.pk], english[beijing.pk]) == ("北京市", beijing.name_en)
    assert beijing.name_en.startswith("Beijing")
