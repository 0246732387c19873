import pytest
from django.core.exceptions import ValidationError

from graduates.validators import clean_resume, split_list


def test_clean_resume_fills_sections_and_drops_blank_and_repeated_items():
    assert clean_resume({"skills": [" Excel ", "", "Excel", "SQL"], "awards": []}) == {
        "education": [],
        "internships": [],
        "awards": [],
        "skills": ["Excel", "SQL"],
    }


@pytest.mark.parametrize(
    ("resume", "message"),
    [
        ("text", "简历应为对象，包含 education、internships、awards、skills。"),
        (
            {"education": [{"school": "北大", "start": "2020-09", "end": "2019-06"}]},
            "教育经历：第1项的结束时间早于开始时间。",
        ),
        ({"education": [{"school": "北大", "degree": "phd"}]}, "教育经历：第1项的学历不在可选范围内。"),
        ({"education": [{"school": "北大", "city": "北京"}]}, "教育经历：第1项包含未知字段：city。"),
        ({"internships": [{"role": "助理"}]}, "实习经历：第1项缺少必填字段 organisation。"),
        ({"skills": ["很" * 51]}, "技能每项不能超过50字。"),
        ({"awards": ["奖"] * 21}, "获奖情况最多20项。"),
    ],
)
def test_clean_resume_names_what_is_wrong(resume, message):
    with pytest.raises(ValidationError) as exc:
        clean_resume(resume)

    assert exc.value.message_dict["resume"] == [message]


def test_split_list_accepts_chinese_and_latin_separators():
    assert split_list("北京、上海，杭州;深圳\n广州, 成都") == ["北京", "上海", "杭州", "深圳", "广州", "成都"]
