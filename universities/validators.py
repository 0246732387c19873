"""The 学校标识码: ten digits, nothing else (the ministry's code of an institution of higher education)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CODE_RE = re.compile(r"[0-9]{10}")
CODE_MALFORMED = _("学校标识码应为10位数字。")


def validate_university_code(value: str) -> None:
    # fullmatch with an ASCII class: "٣" and other Unicode digits are not digits of a code.
    if value and not CODE_RE.fullmatch(value):
        raise ValidationError(CODE_MALFORMED, code="code_malformed")
