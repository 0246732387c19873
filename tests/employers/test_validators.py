"""The 三严禁 check and the licence file check (employers/validators.py)."""

import pytest
from django.core.exceptions import ValidationError

from employers.validators import LICENCE_MAX_BYTES, discriminatory_phrases, licence_extension, posting_text_errors
from tests.factories.files import jpeg_bytes, pdf_bytes, png_bytes, upload

# The screen reads the vocabulary staff keep in the admin (seeded by a migration).
pytestmark = pytest.mark.django_db

TIER = "不得限定985、211、双一流院校或第一学历"
GENDER = "不得设置性别限制"
HUKOU = "不得设置户籍限制"
ETHNIC = "不得设置民族限制"


@pytest.mark.parametrize(
    ("text", "phrase", "rule"),
    [
        ("限985、211院校毕业生", "限985、211院校毕业生", TIER),
        ("985/211院校优先考虑", "985/211院校优先", TIER),
        ("仅限211高校本科毕业", "仅限211高校", TIER),
        ("要求985", "要求985", TIER),
        ("毕业于211工程", "211工程", TIER),
        ("双一流高校毕业生优先", "双一流高校毕业生优先", TIER),
        ("第一学历须为全日制本科", "第一学历须为全日制本科", TIER),
        ("限男性", "限男性", GENDER),
        ("仅招女生，能吃苦", "仅招女生", GENDER),
        ("男性优先", "男性优先", GENDER),
        ("女士优先录用", "女士优先", GENDER),
        ("性别：男", "性别：男", GENDER),
        ("性别要求：女", "性别要求：女", GENDER),
        ("本岗位不招女性", "不招女性", GENDER),
        ("要求男，身体健康", "要求男", GENDER),
        ("本地户籍", "本地户籍", HUKOU),
        ("限北京户口", "限北京户口", HUKOU),
        ("须具有上海户籍", "须具有上海户籍", HUKOU),
        ("北京户口优先", "北京户口优先", HUKOU),
        ("户籍要求：广东", "户籍要求：广东", HUKOU),
        ("限汉族", "限汉族", ETHNIC),
        ("民族：汉族", "民族：汉族", ETHNIC),
        ("维吾尔族优先", "维吾尔族优先", ETHNIC),
        ("不招少数民族", "不招少数民族", ETHNIC),
    ],
)
def test_discriminatory_phrases_refused_text_quotes_phrase(text, phrase, rule):
    violations = discriminatory_phrases(text)

    assert [(v.phrase, v.rule) for v in violations] == [(phrase, rule)]


@pytest.mark.parametrize(
    "text",
    [
        "不限男女",
        "男女不限，专业不限",
        "性别不限",
        "不限户籍",
        "户籍不限",
        "不限户口",
        "民族不限",
        "不限第一学历",
        "可协助办理北京户口",
        "无需本地户口",
        "公司地址：北京市海淀区中关村大街211号",
        "月薪9850元，年终奖另计",
        "招聘男装设计师",
        "熟悉女装市场",
        "负责家族企业的财务咨询",
        "要求男女比例均衡的团队氛围",
        "负责妇女儿童用品的销售",
        "计算机相关专业本科及以上学历，熟悉Python。",
    ],
)
def test_discriminatory_phrases_ordinary_text_passes(text):
    assert discriminatory_phrases(text) == []


def test_discriminatory_phrases_several_limits_each_quoted_once_in_order():
    text = "限男性，本地户籍，限男性，985院校优先"

    assert [v.phrase for v in discriminatory_phrases(text)] == ["限男性", "本地户籍", "985院校优先"]


def test_discriminatory_phrases_allowed_phrase_does_not_hide_a_limit_beside_it():
    assert [v.phrase for v in discriminatory_phrases("男女不限，但限北京户口")] == ["限北京户口"]


def test_posting_text_errors_keyed_by_field_with_quoted_message():
    errors = posting_text_errors({"title": "会计", "requirements": "仅招女生，不限户籍"})

    assert {name: [e.messages[0] for e in errs] for name, errs in errors.items()} == {
        "requirements": ["“仅招女生”违反招聘“三严禁”规定（不得设置性别限制），请修改后再提交。"]
    }


@pytest.mark.parametrize(
    ("name", "content", "ext"),
    [("licence.pdf", pdf_bytes(), ".pdf"), ("scan.png", png_bytes(), ".png"), ("photo.jpeg", jpeg_bytes(), ".jpg")],
)
def test_licence_extension_by_content(name, content, ext):
    assert licence_extension(upload(name, content)) == ext


def test_licence_extension_renamed_non_pdf_is_refused():
    renamed = upload("营业执照.pdf", b"PK\x03\x04 a zip archive renamed to .pdf", "application/pdf")

    with pytest.raises(ValidationError) as exc:
        licence_extension(renamed)

    assert (exc.value.code, exc.value.messages) == (
        "licence_type",
        ["营业执照须为PDF、JPEG或PNG文件（按文件内容识别，修改文件扩展名无效）。"],
    )


def test_licence_extension_real_png_named_pdf_is_stored_as_png():
    assert licence_extension(upload("licence.pdf", png_bytes(), "application/pdf")) == ".png"


def test_licence_extension_over_5_mb_is_refused():
    big = upload("big.pdf", pdf_bytes() + b"0" * LICENCE_MAX_BYTES, "application/pdf")

    with pytest.raises(ValidationError) as exc:
        licence_extension(big)

    assert (exc.value.code, exc.value.messages) == ("licence_too_large", ["营业执照文件不能超过5MB，当前文件为5.0MB。"])


def test_licence_extension_exactly_5_mb_is_accepted():
    content = pdf_bytes()
    exact = upload("exact.pdf", content + b"0" * (LICENCE_MAX_BYTES - len(content)))

    assert licence_extension(exact) == ".pdf"
