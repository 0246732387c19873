"""Validators shared across apps: mainland mobile numbers and the unified social credit code."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(value: str) -> str:
    """Strip spaces, dashes and a +86/0086 prefix: '+86 139-1234-5678' → '13912345678'."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits


def validate_mobile(value: str) -> None:
    """A mainland mobile number: 11 digits, 1 then 3–9 (13x … 19x, including 16x and 19x)."""
    if not MOBILE_RE.fullmatch(normalize_mobile(value)):
        raise ValidationError(_("请输入有效的11位手机号码，例如 13912345678。"), code="invalid_mobile")


# GB 32100-2015: 31 characters (digits and capitals without I, O, S, V, Z), weights for positions 1–17.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def normalize_uscc(value: str) -> str:
    """Full-width digits and letters (as a Chinese input method types them) become ASCII (NFKC), spaces
    go, letters are upper-cased: '９１３５０１００ｍ０００１００Ｙ４３' → '91350100M000100Y43'."""
    return unicodedata.normalize("NFKC", value or "").strip().replace(" ", "").upper()


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """统一社会信用代码: 18 characters, the region code digits, and the check character."""
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，当前为%(length)d位。"), code="uscc_length", params={"length": len(code)}
        )
    bad = sorted({ch for ch in code if ch not in USCC_ALPHABET})
    if bad:
        raise ValidationError(
            _("统一社会信用代码不能包含字符：%(chars)s（不使用 I、O、S、V、Z）。"),
            code="uscc_characters",
            params={"chars": "、".join(bad)},
        )
    if not USCC_RE.fullmatch(code):
        raise ValidationError(_("统一社会信用代码第3至8位应为行政区划代码（数字）。"), code="uscc_region")
    if code[0] == "0" or code[2:8] == "000000":
        # '000000000000000000' passes the check character, but no registration authority is coded
        # '0' and no region code (GB/T 2260) is 000000.
        raise ValidationError(
            _("统一社会信用代码无效：登记管理部门代码不能为0，行政区划代码不能为000000。"),
            code="uscc_degenerate",
        )
    if uscc_check_character(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对后重新输入。"), code="uscc_checksum")


# --- Text that can be stored and read back ------------------------------------------------------------------
# A NUL character is refused by PostgreSQL and cut short by C libraries; a lone UTF-16 surrogate
# (U+D800–U+DFFF not in a pair, which JSON's "\ud800" escape produces) cannot be encoded as UTF-8, so a
# page or an API response showing it fails. Neither is ever meant: both are refused where text comes in.
UNREADABLE_RE = re.compile("[\x00\ud800-\udfff]")
UNREADABLE_MESSAGE = _("不能包含空字符（NUL）或无法编码的字符（不成对的代理项）。")


def has_unreadable_characters(value: object) -> bool:
    """Whether ``value`` (a string, or lists and dicts of them, keys included) holds a NUL or a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if UNREADABLE_RE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def validate_readable_text(value: object) -> None:
    """Refuse a value holding a NUL or a lone surrogate (see :data:`UNREADABLE_RE`)."""
    if has_unreadable_characters(value):
        raise ValidationError(UNREADABLE_MESSAGE, code="unreadable_characters")


def readable_text(value):
    """``value`` with NULs removed and lone surrogates replaced by U+FFFD (for cleaning stored rows);
    lists and dicts are cleaned throughout. Anything else is returned as it is."""
    if isinstance(value, str):
        return UNREADABLE_RE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)
    if isinstance(value, dict):
        return {readable_text(k): readable_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(readable_text(v) for v in value)
    return value
