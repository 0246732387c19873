"""Checks on what employers upload and publish: the business licence file, and the 三严禁 rule.

The 三严禁 rule (the ministries' recruitment discipline): a posting may not limit applicants to
985/211/双一流 universities or by 第一学历, nor by gender, 户籍/户口 or ethnicity. We look for the
phrases that *set* such a limit (限男性, 本地户籍, 限汉族 …) after removing the phrases that lift one
(不限男女, 户籍不限 …), so ordinary text passes; the message quotes what was found.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

# --- The business licence ------------------------------------------------------------------------
LICENCE_MAX_BYTES = 5 * 1024 * 1024
# Magic bytes → the extension we store under. Judged by content, never by the uploader's file name.
LICENCE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
)
LICENCE_CONTENT_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}


def licence_extension(file: UploadedFile) -> str:
    """Validate an uploaded licence and return the extension to store it under (".pdf", ".png", ".jpg").

    Raises ValidationError (code ``licence_too_large`` or ``licence_type``) keyed by nothing: callers
    attach it to their ``licence`` field.
    """
    if file.size is not None and file.size > LICENCE_MAX_BYTES:
        raise ValidationError(
            _("营业执照文件不能超过5MB，当前文件为%(size).1fMB。"),
            code="licence_too_large",
            params={"size": file.size / 1024 / 1024},
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for signature, ext in LICENCE_SIGNATURES:
        if head.startswith(signature):
            return ext
    raise ValidationError(
        _("营业执照须为PDF、JPEG或PNG文件（按文件内容识别，修改文件扩展名无效）。"), code="licence_type"
    )


# --- 三严禁 -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    label: str
    patterns: tuple[re.Pattern, ...]


# Phrases that lift a limit; removed before searching so they never match a pattern below.
ALLOWED = re.compile(
    r"不限男女|男女不限|男女均可|男女皆可|性别不限|不限性别|"
    r"不限户籍|户籍不限|不限户口|户口不限|户籍地不限|"
    r"不限民族|民族不限|"
    r"不限第一学历|第一学历不限|不限院校|院校不限|"
    # Not requiring, or offering, a hukou is no limit: 无需本地户口, 可协助办理北京户口.
    r"(?:无需|无须|不需要?|不要求|解决|办理|落户|提供|协助)[\u4e00-\u9fff]{0,6}?(?:户籍|户口)"
)
_LIMIT = (
    r"(?<![无不免])(?:仅限|只限|限定|限|仅招|只招|仅要|只要|仅收|只收|要求|需要|需|须|必须)"
    r"(?:为|是|具有|具备|持有|有)?"
)
_REFUSE = r"(?:不招|不要|不收|不录用|不接受|谢绝)"
_PREFER = r"(?:者)?(?:优先|为佳|更佳|为主)"
_GENDER = r"(?:男|女)(?:性|生|士|同志)"
_GENDER_BARE = r"(?:男|女)(?=$|[\s，。；、,.;:：)）!！])"
# The 56 ethnic groups (汉 included) and 少数民族.
_ETHNIC = (
    r"(?:汉|蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|"
    r"东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|"
    r"鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺)族|少数民族"
)
_TIER = r"(?<!\d)(?:985|211)(?!\d)"
_THEN_PREFER = r"(?:毕业生?)?(?:者)?(?:优先)?"
_TIER_LIST = rf"{_TIER}(?:\s*[/、，,和或及与]\s*{_TIER})*"

RULES: tuple[Rule, ...] = (
    Rule(
        _("不得限定985、211、双一流院校或第一学历"),
        (
            re.compile(
                rf"{_TIER_LIST}\s*(?:工程)?\s*(?:院校|高校|大学|学校|名校|重点|毕业|背景|学历|及以上|以上|优先|类|本科|硕士|博士)"
                rf"{_THEN_PREFER}|{_TIER_LIST}\s*工程(?!师)"
            ),
            re.compile(rf"{_LIMIT}\s*{_TIER_LIST}"),
            re.compile(rf"双一流(?:建设)?(?:高校|院校|大学|学科)?{_THEN_PREFER}"),
            re.compile(r"第一学历[^，。；、,.;\s]{0,12}"),
        ),
    ),
    Rule(
        _("不得设置性别限制"),
        (
            re.compile(rf"{_LIMIT}\s*(?:{_GENDER}|{_GENDER_BARE})"),
            re.compile(rf"{_REFUSE}\s*(?:{_GENDER}|男|女)"),
            re.compile(rf"{_GENDER}{_PREFER}|(?:男|女)者?优先"),
            re.compile(r"性别\s*(?:要求|限制|限定)?\s*[:：为]\s*(?:男|女)(?:性|生)?"),
        ),
    ),
    Rule(
        _("不得设置户籍限制"),
        (
            re.compile(rf"{_LIMIT}\s*[\u4e00-\u9fff]{{0,6}}?(?:户籍|户口)"),
            re.compile(r"(?:本地|本市|本省|当地|本县|本区|城镇|农村|非农业?)\s*(?:户籍|户口)"),
            re.compile(rf"[\u4e00-\u9fff]{{1,6}}?(?:户籍|户口){_PREFER}"),
            re.compile(r"(?:户籍|户口)(?:所在地)?\s*(?:要求|限制|限定)?\s*[:：为]\s*[\u4e00-\u9fff]{1,8}"),
        ),
    ),
    Rule(
        _("不得设置民族限制"),
        (
            re.compile(rf"{_LIMIT}\s*(?:{_ETHNIC})"),
            re.compile(rf"{_REFUSE}\s*(?:{_ETHNIC})"),
            re.compile(rf"(?:{_ETHNIC}){_PREFER}"),
            re.compile(rf"民族\s*(?:要求|限制|限定)?\s*[:：为]\s*(?:{_ETHNIC}|汉)"),
        ),
    ),
)


@dataclass(frozen=True)
class Violation:
    phrase: str
    rule: str


def discriminatory_phrases(text: str) -> list[Violation]:
    """Every limit the 三严禁 rule forbids in ``text``, in order of appearance, each phrase once."""
    # Same length replacement keeps positions, so the phrases we quote are exactly what was typed.
    text = text or ""
    cleaned = ALLOWED.sub(lambda m: " " * len(m.group(0)), text)
    spans: list[list] = []  # [start, end, rule label], merged where they overlap (限 + 男性 + 优先)
    hits = sorted(
        (match.start(), match.end(), str(rule.label))
        for rule in RULES
        for pattern in rule.patterns
        for match in pattern.finditer(cleaned)
    )
    for start, end, label in hits:
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end, label])
    found: dict[str, Violation] = {}
    for start, end, label in spans:
        phrase = text[start:end].strip()
        found.setdefault(phrase, Violation(phrase=phrase, rule=label))
    return list(found.values())


def posting_text_errors(fields: dict[str, str]) -> dict[str, list[ValidationError]]:
    """field name → one error per forbidden phrase, quoting it. Empty when the text is acceptable."""
    errors: dict[str, list[ValidationError]] = {}
    for name, text in fields.items():
        for violation in discriminatory_phrases(text):
            errors.setdefault(name, []).append(
                ValidationError(
                    _("“%(phrase)s”违反招聘“三严禁”规定（%(rule)s），请修改后再提交。"),
                    code="discriminatory",
                    params={"phrase": violation.phrase, "rule": violation.rule},
                )
            )
    return errors
