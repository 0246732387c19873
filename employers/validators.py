"""Checks on what employers upload and publish: the business licence file, and the 三严禁 screen.

The 三严禁 rule (the ministries' recruitment discipline): a posting may not limit applicants to
985/211/双一流 universities or by 第一学历, nor by gender, 户籍/户口 or ethnicity. Employment law
forbids further limits the screen refuses too: marital and childbearing status, health status (such
as hepatitis B carriers), age where it discriminates, religion. Each limit belongs to one
:class:`~employers.enums.ScreenCategory`.

Two sources of phrases, both per category: the patterns below (built in: they catch the variants of
限男性, 本地户籍, 限汉族 …), and the vocabulary staff keep in the admin (:class:`ScreenPhrase`, matched
literally, cached and re-read when a phrase is saved or deleted) for what the patterns miss. We
search after removing the phrases that lift a limit (不限男女, 户籍不限, 婚育不限 …), so ordinary text
passes; the message quotes what was found and names its category.
"""

import functools
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .enums import ScreenCategory

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
    category: str
    patterns: tuple[re.Pattern, ...]


# What each category forbids, as the refusal says it.
RULE_TEXT = {
    ScreenCategory.SCHOOL: _("不得限定985、211、双一流院校或第一学历"),
    ScreenCategory.GENDER: _("不得设置性别限制"),
    ScreenCategory.HOUSEHOLD: _("不得设置户籍限制"),
    ScreenCategory.ETHNICITY: _("不得设置民族限制"),
    ScreenCategory.MARITAL: _("不得设置婚姻、生育状况限制"),
    ScreenCategory.HEALTH: _("不得以乙肝病原携带等健康状况设限"),
    ScreenCategory.AGE: _("不得设置歧视性年龄限制"),
    ScreenCategory.RELIGION: _("不得设置宗教信仰限制"),
}


# Phrases that lift a limit; removed before searching so they never match a pattern below.
ALLOWED = re.compile(
    r"不限男女|男女不限|男女均可|男女皆可|性别不限|不限性别|"
    r"不限户籍|户籍不限|不限户口|户口不限|户籍地不限|"
    r"不限民族|民族不限|"
    r"不限第一学历|第一学历不限|不限院校|院校不限|"
    r"婚育不限|不限婚育|婚否不限|不限婚否|婚姻状况不限|不限婚姻状况|"
    r"年龄不限|不限年龄|宗教信仰不限|不限宗教信仰|"
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
_MARITAL = r"已婚已育|已婚未育|已婚|未婚|已育|未育|单身"
_HBV = r"乙肝|乙型肝炎|HBV|大三阳|小三阳"
_RELIGION = r"无宗教信仰|不信教|信仰(?:佛|道|基督|伊斯兰|天主)教|(?:佛|道|基督|伊斯兰|天主)教徒|穆斯林"
_REFUSE_AFTER = r"(?:者)?(?:不要|勿扰|免谈|不招|不收|不考虑|谢绝)"
_TIER = r"(?<!\d)(?:985|211)(?!\d)"
_THEN_PREFER = r"(?:毕业生?)?(?:者)?(?:优先)?"
_TIER_LIST = rf"{_TIER}(?:\s*[/、，,和或及与]\s*{_TIER})*"

RULES: tuple[Rule, ...] = (
    Rule(
        ScreenCategory.SCHOOL,
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
        ScreenCategory.GENDER,
        (
            re.compile(rf"{_LIMIT}\s*(?:{_GENDER}|{_GENDER_BARE})"),
            re.compile(rf"{_REFUSE}\s*(?:{_GENDER}|男|女)"),
            re.compile(rf"{_GENDER}{_PREFER}|(?:男|女)者?优先"),
            re.compile(r"性别\s*(?:要求|限制|限定)?\s*[:：为]\s*(?:男|女)(?:性|生)?"),
        ),
    ),
    Rule(
        ScreenCategory.HOUSEHOLD,
        (
            re.compile(rf"{_LIMIT}\s*[\u4e00-\u9fff]{{0,6}}?(?:户籍|户口)"),
            re.compile(r"(?:本地|本市|本省|当地|本县|本区|城镇|农村|非农业?)\s*(?:户籍|户口)"),
            re.compile(rf"[\u4e00-\u9fff]{{1,6}}?(?:户籍|户口){_PREFER}"),
            re.compile(r"(?:户籍|户口)(?:所在地)?\s*(?:要求|限制|限定)?\s*[:：为]\s*[\u4e00-\u9fff]{1,8}"),
        ),
    ),
    Rule(
        ScreenCategory.ETHNICITY,
        (
            re.compile(rf"{_LIMIT}\s*(?:{_ETHNIC})"),
            re.compile(rf"{_REFUSE}\s*(?:{_ETHNIC})"),
            re.compile(rf"(?:{_ETHNIC}){_PREFER}"),
            re.compile(rf"民族\s*(?:要求|限制|限定)?\s*[:：为]\s*(?:{_ETHNIC}|汉)"),
        ),
    ),
    Rule(
        ScreenCategory.MARITAL,
        (
            re.compile(rf"{_LIMIT}\s*(?:{_MARITAL})"),
            re.compile(rf"{_REFUSE}\s*(?:{_MARITAL}|孕妇|孕期|怀孕|哺乳期|已婚未育)"),
            re.compile(rf"(?:{_MARITAL}){_PREFER}"),
            re.compile(r"(?:婚姻|婚育)(?:状况|情况)?\s*(?:要求|限制|限定)?\s*[:：为]\s*(?:未婚|已婚|已育|未育|单身)"),
            re.compile(
                r"(?:[一二两三四五\d]+\s*年内|近期|短期内|入职后)?\s*(?:无|不|暂不|不得|不能)(?:生育|生小孩|要孩子|怀孕)(?:计划|打算)?"
            ),
        ),
    ),
    Rule(
        ScreenCategory.HEALTH,
        (
            re.compile(rf"(?:{_REFUSE}|{_LIMIT}\s*(?:非|无)|(?<![\u4e00-\u9fff])(?:非|无))\s*(?:{_HBV})"),
            re.compile(
                rf"(?:{_HBV})(?:病毒)?(?:携带者?|阳性者?|患者)?[^，。；;,.\s]{{0,4}}?"
                rf"(?:勿扰|免谈|不要|不招|不收|不录用|不予录用|谢绝|除外|者不)|(?:{_HBV})(?:病毒)?携带者?"
            ),
            re.compile(r"乙肝(?:五项|两对半)"),
        ),
    ),
    Rule(
        ScreenCategory.AGE,
        (
            re.compile(
                r"(?:年龄\s*(?:要求|限制|限定)?\s*[:：为在]?\s*)?(?:(?<!\d)1[6-9]\s*[-~—至到]\s*)?"
                r"(?<!\d)[2-4]\d\s*周?岁\s*(?:以下|以内|之内|及以下|以前)"
            ),
            re.compile(r"(?:年龄\s*(?:要求|限制|限定)?\s*[:：为在]?\s*)?(?<!\d)1[6-9]\s*[-~—至到]\s*[2-4]\d\s*周?岁"),
            re.compile(r"年龄\s*不(?:超过|大于|高于|得超过|宜超过)\s*[2-4]\d\s*周?岁?"),
            re.compile(rf"(?<!\d)[2-5]\d\s*周?岁\s*(?:以上|及以上)\s*{_REFUSE_AFTER}"),
        ),
    ),
    Rule(
        ScreenCategory.RELIGION,
        (
            re.compile(rf"{_LIMIT}\s*(?:{_RELIGION})"),
            re.compile(rf"{_REFUSE}\s*(?:{_RELIGION}|有宗教信仰)"),
            re.compile(rf"(?:{_RELIGION}){_PREFER}"),
            re.compile(r"宗教信仰\s*(?:要求|限制|限定)?\s*[:：为]\s*[\u4e00-\u9fff]{1,6}"),
        ),
    ),
)


# --- The vocabulary staff keep in the admin -------------------------------------------------------
VOCABULARY_CACHE_KEY = "employers:screen-vocabulary"
# Saving or deleting a phrase clears the key at once; the timeout bounds how long another process
# with its own (local-memory) cache may still use the previous list.
VOCABULARY_CACHE_SECONDS = 60


def vocabulary() -> tuple[tuple[str, str], ...]:
    """(phrase, category) for every active phrase in the admin's vocabulary, longest first."""
    cached = cache.get(VOCABULARY_CACHE_KEY)
    if cached is None:
        from .models import ScreenPhrase  # the models import nothing from here; this keeps it so

        cached = tuple(
            sorted(
                ScreenPhrase.objects.filter(active=True).values_list("phrase", "category"),
                key=lambda row: (-len(row[0]), row),
            )
        )
        cache.set(VOCABULARY_CACHE_KEY, cached, VOCABULARY_CACHE_SECONDS)
    return cached


def forget_vocabulary() -> None:
    """Drop the cached vocabulary: called whenever a phrase is saved or deleted."""
    cache.delete(VOCABULARY_CACHE_KEY)


@functools.lru_cache(maxsize=8)
def _vocabulary_pattern(phrases: tuple[tuple[str, str], ...]) -> tuple[re.Pattern | None, dict[str, str]]:
    """One alternation of the phrases (matched case-insensitively, literally) and phrase → category."""
    if not phrases:
        return None, {}
    by_phrase = {phrase.casefold(): category for phrase, category in phrases}
    return re.compile("|".join(re.escape(phrase) for phrase, _category in phrases), re.IGNORECASE), by_phrase


@dataclass(frozen=True)
class Violation:
    phrase: str
    category: str

    @property
    def rule(self) -> str:
        return str(RULE_TEXT[self.category])


def discriminatory_phrases(text: str) -> list[Violation]:
    """Every limit the screen forbids in ``text``, in order of appearance, each phrase once."""
    # Same length replacement keeps positions, so the phrases we quote are exactly what was typed.
    text = text or ""
    cleaned = ALLOWED.sub(lambda m: " " * len(m.group(0)), text)
    spans: list[list] = []  # [start, end, category], merged where they overlap (限 + 男性 + 优先)
    hits = [
        (match.start(), match.end(), str(rule.category))
        for rule in RULES
        for pattern in rule.patterns
        for match in pattern.finditer(cleaned)
        if match.group(0).strip()
    ]
    pattern, by_phrase = _vocabulary_pattern(vocabulary())
    if pattern is not None:
        hits.extend((m.start(), m.end(), by_phrase[m.group(0).casefold()]) for m in pattern.finditer(cleaned))
    for start, end, category in sorted(hits):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end, category])
    found: dict[str, Violation] = {}
    for start, end, category in spans:
        phrase = text[start:end].strip()
        found.setdefault(phrase, Violation(phrase=phrase, category=category))
    return list(found.values())


def posting_text_errors(fields: dict[str, str]) -> dict[str, list[ValidationError]]:
    """field name → one error per forbidden phrase, quoting it and naming its category. Empty when
    the text is acceptable."""
    errors: dict[str, list[ValidationError]] = {}
    for name, text in fields.items():
        for violation in discriminatory_phrases(text):
            if violation.category in ScreenCategory.three_strict:
                message = _("“%(phrase)s”违反招聘“三严禁”规定（%(rule)s），请修改后再提交。")
            else:
                message = _("“%(phrase)s”属于%(category)s歧视（%(rule)s），请修改后再提交。")
            errors.setdefault(name, []).append(
                ValidationError(
                    message,
                    code="discriminatory",
                    params={
                        "phrase": violation.phrase,
                        "rule": violation.rule,
                        "category": ScreenCategory(violation.category).label,
                    },
                )
            )
    return errors
