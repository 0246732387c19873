"""Personal data never reaches the logs in clear: mobile numbers, email addresses and ID-card-like
numbers are masked in every record's message and arguments."""

import logging
import re

MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def mask(text: str) -> str:
    text = ID_NUMBER.sub(lambda m: m.group(1) + "********" + m.group(3)[-1], text)
    text = MOBILE.sub(r"\1****\3", text)
    return EMAIL.sub(r"\1***\2", text)


class MaskPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: leave it to the handler's own error path
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
