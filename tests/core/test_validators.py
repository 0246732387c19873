import pytest
from django.core.exceptions import ValidationError

from recruitment_weeks.reference.validators import (
    normalize_mobile,
    normalize_uscc,
    uscc_check_character,
    validate_mobile,
    validate_uscc,
)

# Published codes of real organisations (their check characters are part of the code).
VALID_USCC = ["91350100M000100Y43", "91110000100000000R", "12100000400000624D"]


@pytest.mark.parametrize("code", VALID_USCC)
def test_validate_uscc_accepts_valid_codes(code):
    assert validate_uscc(code) is None


def test_uscc_check_character_matches_known_code():
    assert uscc_check_character("91350100M000100Y4") == "3"


def test_validate_uscc_rejects_wrong_check_character():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("91350100M000100Y44")
    assert exc.value.code == "uscc_checksum"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_validate_uscc_rejects_forbidden_letters(letter):
    code = "91350100M000100Y4" + letter
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code)
    assert exc.value.code == "uscc_characters"
    assert letter in exc.value.messages[0]


@pytest.mark.parametrize("code", ["", "91350100M000100Y4", "91350100M000100Y433"])
def test_validate_uscc_rejects_wrong_length(code):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code)
    assert exc.value.code == "uscc_length"


def test_validate_uscc_rejects_letters_in_region_code():
    first17 = "9135A100M000100Y4"
    with pytest.raises(ValidationError) as exc:
        validate_uscc(first17 + uscc_check_character(first17))
    assert exc.value.code == "uscc_region"


def test_normalize_uscc_upper_cases_and_strips():
    assert normalize_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert validate_uscc("91350100m000100y43") is None


@pytest.mark.parametrize(
    "number",
    ["13912345678", "16612345678", "19912345678", "19212345678", "15012345678", "17712345678", "18812345678"],
)
def test_validate_mobile_accepts_mainland_numbers(number):
    assert validate_mobile(number) is None


@pytest.mark.parametrize("number", ["12912345678", "1391234567", "139123456789", "23912345678", "1391234567a", ""])
def test_validate_mobile_rejects_invalid_numbers(number):
    with pytest.raises(ValidationError) as exc:
        validate_mobile(number)
    assert exc.value.code == "invalid_mobile"


def test_normalize_mobile_strips_prefix_and_separators():
    assert normalize_mobile("+86 139-1234-5678") == "13912345678"
    assert normalize_mobile("0086 16612345678") == "16612345678"


@pytest.mark.parametrize(
    "first17",
    [
        "00000000000000000",  # the all-zero code, whose check character is '0'
        "01110000100000000",  # registration authority '0'
        "91000000100000000",  # region 000000
    ],
)
def test_validate_uscc_rejects_degenerate_codes(first17):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(first17 + uscc_check_character(first17))
    assert exc.value.code == "uscc_degenerate"
    assert exc.value.messages == ["统一社会信用代码无效：登记管理部门代码不能为0，行政区划代码不能为000000。"]


def test_validate_uscc_rejects_the_all_zero_code():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("000000000000000000")
    assert exc.value.code == "uscc_degenerate"


def test_full_width_uscc_is_converted_not_refused():
    full_width = "９１３５０１００ｍ０００１００Ｙ４３"  # as a Chinese input method types it
    assert normalize_uscc(full_width) == "91350100M000100Y43"
    assert normalize_uscc("９１３５　０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"  # an ideographic space
    assert validate_uscc(full_width) is None
